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


def percent(done: int, total: int) -> int:
    """Whole percent of `done` out of `total`, never 100 before the end: the last step
    (writing the file out) is what makes a job done."""
    if total <= 0:
        return 0
    return max(0, min(99, done * 100 // total))
