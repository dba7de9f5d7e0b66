"""Dossiers, their files and the per-agency step tasks of their route."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    DDL,
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vpub_onestop import clock
from vpub_onestop.domain.dossier_clock import OPEN_STATES
from vpub_onestop.domain.status import ACTIVE_TASK_STATES, DossierState, TaskState
from vpub_onestop.models.base import Base, state_column

if TYPE_CHECKING:
    from vpub_onestop.models.catalogue import Procedure, RouteStep
    from vpub_onestop.models.org import Agency, User


def _in_states(*states: DossierState | TaskState) -> dict[str, Any]:
    """The WHERE of a partial index over rows in `states`, on both databases. A query uses
    such an index only when it names the states as literals (access.state_sql.state_is)."""
    values = sorted(f"'{state.value}'" for state in states)
    where = text(f"state = {values[0]}" if len(values) == 1 else f"state IN ({', '.join(values)})")
    return {"postgresql_where": where, "sqlite_where": where}


# The desk's lists (queries/queues.py) other than the online check and the result desk.
DESK_RECEIVED_STATES = (
    DossierState.RECEIVED,
    DossierState.SUPPLEMENT_REQUESTED,
    DossierState.AWAITING_PAYMENT,
    DossierState.WITHDRAWAL_REQUESTED,
)


class Dossier(Base):
    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_unit_state_due", "receiving_unit_id", "state", "due_at"),
        Index("ix_dossier_unit_received", "receiving_unit_id", "received_at"),
        Index("ix_dossier_unit_finished", "receiving_unit_id", "finished_at"),
        Index("ix_dossier_state_due", "state", "due_at"),
        # The desk's lists, each in its order (oldest first), over open dossiers only: a
        # few thousand entries at a million dossiers, walked from a page's edge.
        Index(
            "ix_dossier_desk_check",
            "receiving_unit_id",
            "submitted_at",
            "id",
            **_in_states(DossierState.SUBMITTED),
        ),
        Index(
            "ix_dossier_desk_received",
            "receiving_unit_id",
            "state",
            "received_at",
            "id",
            **_in_states(*DESK_RECEIVED_STATES),
        ),
        Index(
            "ix_dossier_desk_result",
            "receiving_unit_id",
            "finished_at",
            "id",
            **_in_states(DossierState.RESULT_READY),
        ),
        # The unit's open dossiers, nearest due date first (queries/staff_lists.py).
        Index(
            "ix_dossier_open_unit_due",
            "receiving_unit_id",
            "due_at",
            "id",
            **_in_states(*OPEN_STATES),
        ),
        # "My dossiers", newest first.
        Index("ix_dossier_owner_created", "owner_user_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Assigned at online submission or counter receipt; kept through supplementation.
    code: Mapped[str | None] = mapped_column(String(60), unique=True)
    lookup_key: Mapped[str | None] = mapped_column(String(12))
    external_code: Mapped[str | None] = mapped_column(String(80))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    channel: Mapped[str] = mapped_column(String(10))  # online | direct | post
    state: Mapped[DossierState] = mapped_column(
        state_column(DossierState, length=30), default=DossierState.DRAFT, index=True
    )

    # Who submits (may be an authorised representative) and who owns the dossier.
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str | None] = mapped_column(String(20))
    applicant_phone: Mapped[str | None] = mapped_column(String(20))
    applicant_email: Mapped[str | None] = mapped_column(String(254))
    applicant_address: Mapped[str | None] = mapped_column(String(300))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_id_number: Mapped[str | None] = mapped_column(String(20))
    owner_address: Mapped[str | None] = mapped_column(String(300))
    sets_count: Mapped[int] = mapped_column(default=1)
    result_delivery: Mapped[str] = mapped_column(
        String(10), default="counter"
    )  # counter|post|online

    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    submitted_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    # Due moment stored once at receipt (and moved only by supplementation or an apology);
    # original_due_at never moves: statistics rate timeliness against it.
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    original_due_at: Mapped[datetime | None]
    due_provisional: Mapped[bool] = mapped_column(default=False)
    appointment_at: Mapped[datetime | None]
    dispatched_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    timeliness: Mapped[str | None] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(10))  # approved | denied
    supplement_requests: Mapped[int] = mapped_column(default=0)
    apologised_at: Mapped[datetime | None]
    fee_vnd: Mapped[int | None]
    fee_receipt_number: Mapped[str | None] = mapped_column(String(40))
    post_tracking_number: Mapped[str | None] = mapped_column(String(60))
    void_reason: Mapped[str | None] = mapped_column(Text)
    # Set by the deadline sweep: "due_soon" or "overdue" (the last threshold notified).
    deadline_flag: Mapped[str | None] = mapped_column(String(10))
    # The staff search's folded line (code, names, numbers), kept by models/search_index.
    search_text: Mapped[str | None] = mapped_column(Text)
    # The declaration's answers (domain/declaration/answers.py) and the version of the form
    # definition they were given against: the procedure version the dossier belongs to
    # carries that definition (docs/domain.md#declaration-forms).
    # none_as_null: None is SQL NULL (not the JSON text null), so IS NULL finds it.
    form_answers: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    form_version: Mapped[int | None]
    # The folded text of the answers' searchable fields, part of search_text's line.
    form_search_text: Mapped[str | None] = mapped_column(Text)

    # A component file (the applicant's documents, scanned or uploaded) was stored: kept by
    # services.files where files are stored and removed, so the daily summary counts the
    # digitised share from the row it already reads (docs/indicators.md#stored-facts).
    has_component_file: Mapped[bool] = mapped_column(default=False, server_default=false())

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    procedure: Mapped[Procedure] = relationship()
    receiving_unit: Mapped[Agency] = relationship()
    owner: Mapped[User | None] = relationship()
    files: Mapped[list[DossierFile]] = relationship(
        back_populates="dossier", order_by="DossierFile.id"
    )
    tasks: Mapped[list[StepTask]] = relationship(
        back_populates="dossier", order_by="(StepTask.stage, StepTask.id)"
    )

    def __repr__(self) -> str:
        return f"<Dossier {self.id} {self.code} {self.state.value}>"


class DossierPublicTimeline(Base):
    """The public part of a dossier's history as JSON text (domain/public_timeline.py),
    appended by the transition path with each event, so the public lookup reads it with the
    dossier's row by one primary-key join (docs/architecture.md#public-timeline). A table of
    its own: the dossier's rows stay narrow for every other page, and filling it for the
    dossiers already there writes a new narrow table instead of rewriting the dossiers."""

    __tablename__ = "dossier_public_timeline"

    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id"), primary_key=True, autoincrement=False
    )
    entries: Mapped[str] = mapped_column(Text)


class DossierFile(Base):
    __tablename__ = "dossier_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    required_document_id: Mapped[int | None] = mapped_column(ForeignKey("required_document.id"))
    # component (the applicant's) | draft (a step's proposed document) | working (a step's
    # working file): domain.visibility.FileKind.
    kind: Mapped[str] = mapped_column(String(20), default="component")
    # The step a draft or working file belongs to (None for the applicant's documents).
    task_id: Mapped[int | None] = mapped_column(ForeignKey("step_task.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # 0 = the original submission, 1.. = each supplementation round (history is kept).
    round: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Set when the approving leader signs the draft off as the dossier's result: it then
    # carries the electronic result code `<dossier code>-KQ<n>`.
    result_code: Mapped[str | None] = mapped_column(String(80), unique=True)
    released_at: Mapped[datetime | None]

    dossier: Mapped[Dossier] = relationship(back_populates="files")
    task: Mapped[StepTask | None] = relationship()


class StepTask(Base):
    """One agency's share of a dossier's route, with its own machine and due date."""

    __tablename__ = "step_task"
    __table_args__ = (
        UniqueConstraint("dossier_id", "route_step_id"),
        Index("ix_step_task_agency_state_due", "agency_id", "state", "due_at"),
        Index("ix_step_task_assignee_state", "assignee_id", "state"),
        Index("ix_step_task_agency_finished", "agency_id", "finished_at"),
        # The open steps of an agency / of an officer: the task list's tab counts, urgency
        # counts and officers' loads read from the index alone in one pass (every column
        # they test or group by is in it: the badges are ranges of due_at, the clock and
        # the arrival are filters on the entry, the load groups by assignee; queries.
        # open_work); the officer's list walks his in (due_at, id) order (bench/PLANS.md).
        Index(
            "ix_step_task_open_agency",
            "agency_id",
            "state",
            "due_at",
            "arrived_at",
            "clock_running",
            "assignee_id",
            **_in_states(*ACTIVE_TASK_STATES),
        ),
        # An agency's / an officer's open steps nearest due first, across the open states
        # (the staff lists, queries/staff_list_sql.py).
        Index(
            "ix_step_task_open_agency_due",
            "agency_id",
            "due_at",
            "id",
            **_in_states(*ACTIVE_TASK_STATES),
        ),
        Index(
            "ix_step_task_open_assignee_due",
            "assignee_id",
            "due_at",
            "id",
            **_in_states(*ACTIVE_TASK_STATES),
        ),
        Index(
            "ix_step_task_open_assignee",
            "assignee_id",
            "state",
            "due_at",
            "id",
            "arrived_at",
            "clock_running",
            "agency_id",  # the leader's workload per officer (queries/workload.py)
            **_in_states(*ACTIVE_TASK_STATES),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    route_step_id: Mapped[int] = mapped_column(ForeignKey("route_step.id"))
    stage: Mapped[int]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    name: Mapped[str] = mapped_column(String(300))
    state: Mapped[TaskState] = mapped_column(
        state_column(TaskState, length=20), default=TaskState.WAITING
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    needs_approval: Mapped[bool] = mapped_column(default=True)
    planned_start_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    original_due_at: Mapped[datetime | None]
    arrived_at: Mapped[datetime | None]
    assigned_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    timeliness: Mapped[str | None] = mapped_column(String(10))
    result_note: Mapped[str | None] = mapped_column(Text)
    deadline_flag: Mapped[str | None] = mapped_column(String(10))
    # A copy of "the dossier's clock runs" (domain.dossier_clock.clock_runs of the dossier's
    # state), kept by the transition path (services/step_clock.py) so that the agency's
    # lists and the sweep count running steps from the step's own index, without a probe of
    # the dossier per step (docs/architecture.md#step-clock-copy).
    clock_running: Mapped[bool] = mapped_column(default=False, server_default=false())
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    dossier: Mapped[Dossier] = relationship(back_populates="tasks")
    route_step: Mapped[RouteStep] = relationship()
    agency: Mapped[Agency] = relationship()
    assignee: Mapped[User | None] = relationship()


# PostgreSQL storage settings of the two tables updated in place most (models' and the
# migrations' one list):
# - fillfactor: room left on each page, so a change to a column no index holds (the
#   sweep's deadline flags, a note) writes the row's new version on its own page, a "HOT"
#   update that adds no entry to any index; on a full page every index gets one (bench/
#   PROFILE.md, the sweep). Pages written before the setting keep no room until rewritten.
# - autovacuum after 1% of the rows changed or were added (default 20%): vacuum marks the
#   pages of the open dossiers and steps all-visible again, which the lists' index-only
#   scans need (a count over an agency's open steps reads the table for every entry on a
#   page changed since; bench/PLANS.md, the task list). Vacuum skips the pages already
#   all-visible, so a run after a few thousand changes is short.
# SQLite has no such settings.
STORAGE_SETTINGS = (
    "fillfactor = 85, autovacuum_vacuum_scale_factor = 0.01, "
    "autovacuum_vacuum_insert_scale_factor = 0.01"
)
for _model in (Dossier, StepTask):
    event.listen(
        _model.__table__,
        "after_create",
        DDL(f"ALTER TABLE {_model.__tablename__} SET ({STORAGE_SETTINGS})").execute_if(
            dialect="postgresql"
        ),
    )
