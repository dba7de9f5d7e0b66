"""Background jobs a person started (an export, the register): their life cycle and how
far along they are (docs/architecture.md#background-work).

Plain `enum.Enum` like the workflow states (domain/status.py); the stored value is the
lower-case English identifier (the page's labels are in web/jobs.py).
"""

from __future__ import annotations

from enum import Enum

# What a job builds: a monitoring export (Excel, CSV) or the register (Mẫu 06, PDF); or
# a catalogue import (or its dry run), whose file is the report of what it did.
EXPORT, REGISTER, CATALOGUE = "export", "register", "catalogue"


class JobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)
