"""States of the two workflow machines (docs/domain.md#life-cycle), with display labels.

Plain `enum.Enum`, not `StrEnum`: transitions mistakes StrEnum members for state *names*
(transitions#695), so a StrEnum state would silently compare against the wrong thing.
The stored value is the lower-case English identifier; labels are for display only.
"""

from __future__ import annotations

from enum import Enum


class DossierState(Enum):
    """Life cycle of a dossier (hồ sơ)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    REFUSED = "refused"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    STOPPED = "stopped"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    VOIDED = "voided"

    @property
    def national_code(self) -> int | None:
        """Status code used with the National Public Service Portal (DVCQG).

        None for our two internal states: a draft was never submitted, and a voided
        dossier is an administrative correction that the portal has no code for.
        """
        return _NATIONAL_CODES.get(self)

    @property
    def label_vi(self) -> str:
        return _DOSSIER_LABELS_VI[self]

    @property
    def is_terminal(self) -> bool:
        """Its life is over; only an administrator may still void it (docs/domain.md#voiding)."""
        return self in _DOSSIER_TERMINAL


_NATIONAL_CODES: dict[DossierState, int] = {
    DossierState.SUBMITTED: 1,
    DossierState.RECEIVED: 2,
    DossierState.REFUSED: 3,
    DossierState.PROCESSING: 4,
    DossierState.SUPPLEMENT_REQUESTED: 5,
    DossierState.AWAITING_PAYMENT: 6,
    DossierState.WITHDRAWAL_REQUESTED: 7,
    DossierState.STOPPED: 8,
    DossierState.RESULT_READY: 9,
    DossierState.RETURNED: 10,
}

# The wording of the national status list, so that what the applicant reads here matches
# what the national portal shows for the same dossier.
_DOSSIER_LABELS_VI: dict[DossierState, str] = {
    DossierState.DRAFT: "Nháp",
    DossierState.SUBMITTED: "Mới đăng ký",
    DossierState.RECEIVED: "Được tiếp nhận",
    DossierState.REFUSED: "Không được tiếp nhận",
    DossierState.PROCESSING: "Đang xử lý",
    DossierState.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    DossierState.AWAITING_PAYMENT: "Yêu cầu thực hiện nghĩa vụ tài chính",
    DossierState.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
    DossierState.STOPPED: "Dừng xử lý",
    DossierState.RESULT_READY: "Đã xử lý xong",
    DossierState.RETURNED: "Đã trả kết quả",
    DossierState.VOIDED: "Đã hủy",
}

_DOSSIER_TERMINAL = frozenset(
    {DossierState.REFUSED, DossierState.STOPPED, DossierState.RETURNED, DossierState.VOIDED}
)


class TaskState(Enum):
    """Life cycle of one agency's step inside a dossier's route."""

    WAITING = "waiting"
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    AWAITING_APPROVAL = "awaiting_approval"
    DONE = "done"
    DENIED = "denied"
    CANCELLED = "cancelled"

    @property
    def label_vi(self) -> str:
        return _TASK_LABELS_VI[self]

    @property
    def is_active(self) -> bool:
        """The step is at its agency and its clock runs (not waiting for an earlier stage)."""
        return self in _TASK_ACTIVE

    @property
    def is_finished(self) -> bool:
        return self in _TASK_FINISHED


_TASK_LABELS_VI: dict[TaskState, str] = {
    TaskState.WAITING: "Chờ đến lượt",
    TaskState.PENDING: "Chờ phân công",
    TaskState.IN_PROGRESS: "Đang xử lý",
    TaskState.AWAITING_APPROVAL: "Chờ phê duyệt",
    TaskState.DONE: "Hoàn thành",
    TaskState.DENIED: "Từ chối giải quyết",
    TaskState.CANCELLED: "Đã hủy",
}

_TASK_ACTIVE = frozenset({TaskState.PENDING, TaskState.IN_PROGRESS, TaskState.AWAITING_APPROVAL})
_TASK_FINISHED = frozenset({TaskState.DONE, TaskState.DENIED, TaskState.CANCELLED})

# For SQL filters (`StepTask.state.in_(...)`): the same set as `TaskState.is_active`.
ACTIVE_TASK_STATES: tuple[TaskState, ...] = tuple(s for s in TaskState if s.is_active)
