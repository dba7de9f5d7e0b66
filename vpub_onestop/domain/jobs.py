"""Background jobs a person started (an export, the register): their life cycle and how
far along they are (docs/architecture.md#background-work).

Plain `enum.Enum` like the workflow states (domain/status.py); the stored value is the
lower-case English identifier, the label is Vietnamese for display.
"""

from __future__ import annotations

from enum import Enum


class JobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)

    @property
    def label_vi(self) -> str:
        return _LABELS_VI[self]


_LABELS_VI = {
    JobState.QUEUED: "Đang chờ xử lý",
    JobState.RUNNING: "Đang tạo tệp",
    JobState.DONE: "Đã xong",
    JobState.FAILED: "Không tạo được tệp",
}
