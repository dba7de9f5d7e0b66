"""What a merge of agencies moves (docs/domain.md#agency-merge): the rows each move takes,
counted with a few examples for the preview page. services/agency_merge.py moves exactly
the rows these same conditions select, so the preview and the merge never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from vpub_onestop.access.state_sql import dossier_open
from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.domain.errors import N_
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    Agency,
    Dossier,
    Procedure,
    RouteStep,
    ScheduledMerge,
    StepTask,
    User,
)
from vpub_onestop.models.agency_merge import REFUSED, SCHEDULED

SAMPLE_SIZE = 5
CURRENT_STATUSES = (ProcedureStatus.PUBLISHED, ProcedureStatus.DRAFT)
_FINISHED_TASK_STATES = tuple(state for state in TaskState if state.is_finished)


def open_tasks_of(sources: Sequence[int]) -> ColumnElement[bool]:
    """Steps not finished (waiting for their stage included): the work still to be done
    at the merged agencies. Finished steps keep their agency: they are history."""
    return and_(StepTask.agency_id.in_(sources), StepTask.state.not_in(_FINISHED_TASK_STATES))


def users_of(sources: Sequence[int]) -> ColumnElement[bool]:
    """Every account, disabled ones too: none may be left pointing at a closed agency."""
    return User.agency_id.in_(sources)


def current_steps_of(
    sources: Sequence[int], statuses: Sequence[ProcedureStatus] = CURRENT_STATUSES
) -> ColumnElement[bool]:
    """Route steps naming a merged agency in the published version of a procedure (which
    the merger replaces by a new version) or in a draft (changed in place). Retired
    versions keep the agency they named, as the dossiers received under them do."""
    versions = select(Procedure.id).where(Procedure.status.in_(statuses)).scalar_subquery()
    return and_(RouteStep.agency_id.in_(sources), RouteStep.procedure_id.in_(versions))


def children_of(sources: Sequence[int], target: int | None) -> ColumnElement[bool]:
    condition = and_(Agency.parent_id.in_(sources), Agency.id.not_in(sources))
    return condition if target is None else and_(condition, Agency.id != target)


def one_stop_sources(sources: Sequence[int]) -> ColumnElement[bool]:
    return and_(Agency.id.in_(sources), Agency.is_one_stop_unit.is_(True))


def pending_merge_days(session: Session, *, besides: int | None = None) -> dict[int, date]:
    """Each agency merged by a merger still waiting for its day, with that day (a handful
    of rows: read whole). `besides`: leave out that scheduled merger (the one being run)."""
    rows = session.execute(
        select(ScheduledMerge.id, ScheduledMerge.sources, ScheduledMerge.effective).where(
            ScheduledMerge.status == SCHEDULED
        )
    )
    return {
        int(source): row.effective for row in rows if row.id != besides for source in row.sources
    }


def open_dossiers_received_by(sources: Sequence[int]) -> ColumnElement[bool]:
    return and_(Dossier.receiving_unit_id.in_(sources), dossier_open())


@dataclass(frozen=True)
class MoveSummary:
    key: str
    label: str
    count: int
    samples: list[str]


@dataclass(frozen=True)
class MergePreview:
    sources: list[Any]  # Agency rows (read-only for the template)
    target: Any | None  # the existing target, or None for a new agency
    moves: list[MoveSummary]
    kept_dossiers: MoveSummary  # not moved: they keep the unit that received them

    @property
    def total(self) -> int:
        return sum(move.count for move in self.moves)


def _summary(key: str, label: str, count_of: Select[Any], samples_of: Any) -> MoveSummary:
    count = int(db.session.scalar(count_of) or 0)
    samples = [
        " · ".join(str(part) for part in row if part)
        for row in db.session.execute(samples_of.limit(SAMPLE_SIZE)).all()
    ]
    return MoveSummary(key, label, count, samples)


def merge_preview(sources: Sequence[int], target: int | None) -> MergePreview:
    rows = db.session.scalars(select(Agency).where(Agency.id.in_(sources)).order_by(Agency.name))
    target_row = db.session.get(Agency, target) if target is not None else None
    moves = [
        _summary(
            "tasks",
            N_("Bước xử lý đang mở"),
            select(func.count()).select_from(StepTask).where(open_tasks_of(sources)),
            select(Dossier.code, StepTask.name)
            .join(Dossier, Dossier.id == StepTask.dossier_id)
            .where(open_tasks_of(sources))
            .order_by(StepTask.due_at, StepTask.id),
        ),
        _summary(
            "users",
            N_("Tài khoản cán bộ"),
            select(func.count()).select_from(User).where(users_of(sources)),
            select(User.username, User.full_name).where(users_of(sources)).order_by(User.username),
        ),
        _summary(
            "route_steps",
            N_("Bước trong quy trình của thủ tục (phiên bản mới thay phiên bản đang áp dụng)"),
            select(func.count()).select_from(RouteStep).where(current_steps_of(sources)),
            select(Procedure.code, func.coalesce(RouteStep.task_name, Procedure.name))
            .join(Procedure, Procedure.id == RouteStep.procedure_id)
            .where(current_steps_of(sources))
            .order_by(Procedure.code, RouteStep.stage),
        ),
        _summary(
            "one_stop",
            N_("Bộ phận Một cửa (cơ quan nhận thêm nhiệm vụ tiếp nhận hồ sơ)"),
            select(func.count()).select_from(Agency).where(one_stop_sources(sources)),
            select(Agency.name).where(one_stop_sources(sources)).order_by(Agency.name),
        ),
        _summary(
            "children",
            N_("Cơ quan trực thuộc (chuyển sang cơ quan chủ quản mới)"),
            select(func.count()).select_from(Agency).where(children_of(sources, target)),
            select(Agency.name).where(children_of(sources, target)).order_by(Agency.name),
        ),
    ]
    kept = _summary(
        "dossiers",
        N_(
            "Hồ sơ đang giải quyết do cơ quan được sáp nhập tiếp nhận (giữ nguyên đơn vị tiếp "
            "nhận; Bộ phận Một cửa của cơ quan tiếp nhận sáp nhập sẽ tiếp tục giải quyết và "
            "trả kết quả)"
        ),
        select(func.count()).select_from(Dossier).where(open_dossiers_received_by(sources)),
        select(Dossier.code, Dossier.applicant_name)
        .where(open_dossiers_received_by(sources))
        .order_by(Dossier.received_at),
    )
    return MergePreview(list(rows), target_row, moves, kept)


@dataclass(frozen=True)
class ScheduledMergeRow:
    """A merger confirmed ahead of its day, as the agency page and admin home show it."""

    id: int
    version: int
    effective: date
    status: str
    sources: list[str]  # the merged agencies' names
    target_id: int
    target: str
    reason: str
    refusal: list[dict[str, Any]]

    @property
    def waiting(self) -> bool:
        return self.status == SCHEDULED


def scheduled_merges(agency_id: int | None = None) -> list[ScheduledMergeRow]:
    """Mergers waiting for their day and those the run refused (newest first): all of
    them, or those naming `agency_id`. A handful of rows; the agencies' names in one read."""
    query = select(ScheduledMerge).order_by(ScheduledMerge.effective, ScheduledMerge.id)
    if agency_id is None:
        query = query.where(ScheduledMerge.status.in_((SCHEDULED, REFUSED)))
    rows = [
        row
        for row in db.session.scalars(query)
        if agency_id is None or agency_id == row.target_id or agency_id in row.sources
    ]
    ids = {row.target_id for row in rows} | {int(i) for row in rows for i in row.sources}
    names: dict[int, str] = {}
    if ids:
        query_names = select(Agency.id, Agency.name).where(Agency.id.in_(ids))
        names = {row.id: row.name for row in db.session.execute(query_names)}
    return [
        ScheduledMergeRow(
            id=row.id,
            version=row.version,
            effective=row.effective,
            status=row.status,
            sources=[names.get(int(i), "?") for i in row.sources],
            target_id=row.target_id,
            target=names.get(row.target_id, "?"),
            reason=row.reason,
            refusal=list(row.refusal or []),
        )
        for row in rows
    ]
