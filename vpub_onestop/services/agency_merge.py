"""Merging agencies (the 2025 reorganisation, docs/domain.md#agency-merge): agencies A (and
more) are merged into B, an existing agency or a new one. In ONE transaction every open
step, account, route step of a procedure in force (through a new version of it) or of a
draft, child agency and one-stop duty of the merged agencies moves to B, and the merged
agencies are closed (their valid_to set), never deleted: dossiers keep the unit that
received them, so their history and slips still show its name.
A failure of any move rolls everything back (a half-moved province is worse than none).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.agencies import MergeParty, merge_conflicts, merge_errors, merge_waits
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.domain.errors import N_, NotFound, StaleDossier, ValidationError, VersionMissing
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Agency, Procedure, RouteStep, ScheduledMerge, StepTask, User
from vpub_onestop.queries.agency_merge import (
    children_of,
    current_steps_of,
    open_tasks_of,
    pending_merge_days,
    users_of,
)
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.agencies import (
    STALE_AGENCY,
    NewAgency,
    agency_snapshot,
    identity_errors,
    require_admin,
)
from vpub_onestop.services.catalogue_versions import VERSION_ATTRIBUTES, put_in_force
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.services.version_copy import copy_version


@dataclass(frozen=True)
class MergeRequest:
    sources: Sequence[int]
    # The version of each merged agency (and of the target) as the preview showed it: a
    # change made by another administrator since refuses the merge (reload, preview again).
    versions: Mapping[int, int]
    effective: date  # the first day B alone exists; the merged agencies end the day before
    reason: str  # the decision that merges them, kept in the audit
    target_id: int | None = None
    new_target: NewAgency | None = None


# One move: (name, function). Each takes the session, the merged ids, the target id and
# the day of the change, moves its rows and returns how many moved (kept in the audit).
Move = Callable[[Session, Sequence[int], int, date], int]


def _move_tasks(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    # The version moves too: an officer's page opened before the merger is stale.
    statement = (
        update(StepTask)
        .where(open_tasks_of(sources))
        .values(agency_id=target, version=StepTask.version + 1)
    )
    return _rowcount(session.execute(statement))


def _move_users(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    return _rowcount(
        session.execute(update(User).where(users_of(sources)).values(agency_id=target))
    )


def _move_route_steps(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    """A published version is never edited (docs/domain.md#catalogue-versions): each
    published procedure whose route names a merged agency gets a new version, a copy with
    the target in the merged agency's place, in force from today (the dossiers received
    under the old version keep it). A draft is changed in place."""
    drafts = update(RouteStep).where(current_steps_of(sources, (ProcedureStatus.DRAFT,)))
    moved = _rowcount(session.execute(drafts.values(agency_id=target)))
    published = session.scalars(
        select(Procedure)
        .where(
            Procedure.id.in_(
                select(RouteStep.procedure_id).where(
                    current_steps_of(sources, (ProcedureStatus.PUBLISHED,))
                )
            )
        )
        .order_by(Procedure.code)
    ).all()
    for old in published:
        latest = session.scalar(
            select(func.max(Procedure.version)).where(Procedure.code == old.code)
        )
        new = copy_version(old, skip=VERSION_ATTRIBUTES)
        new.version = int(latest or 0) + 1
        for step in new.steps:
            if step.agency_id in sources:
                step.agency_id = target
                moved += 1
        session.add(new)
        put_in_force(session, new, today)
    return moved


def _move_children(session: Session, sources: Sequence[int], target: int, today: date) -> int:
    statement = (
        update(Agency)
        .where(children_of(sources, target))
        .values(parent_id=target, version=Agency.version + 1)
    )
    return _rowcount(session.execute(statement))


MOVES: list[tuple[str, Move]] = [
    ("tasks", _move_tasks),
    ("users", _move_users),
    ("route_steps", _move_route_steps),
    ("children", _move_children),
]


def merge_agencies(actor: Actor, request: MergeRequest) -> int:
    """Merge now, or, when the merger takes effect on a later day, record it for the daily
    schedule to carry out on that day (docs/domain.md#scheduled-merge). Returns the id of
    the agency that takes everything over."""
    require_admin(actor)
    sources = sorted(set(request.sources))
    with unit_of_work() as session:
        problems = merge_errors(sources, request.target_id)
        errors: dict[str, str] = {"sources": " ".join(problems)} if problems else {}
        if not request.reason.strip():
            errors["reason"] = N_("Nhập căn cứ sáp nhập (quyết định, văn bản).")
        if request.target_id is None and request.new_target is None:
            errors["target_id"] = N_("Chọn cơ quan tiếp nhận hoặc tạo cơ quan mới.")
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại thông tin sáp nhập."), errors)
        merged = [_checked(session, agency_id, request.versions) for agency_id in sources]
        target = _target(session, actor, request)
        conflicts = merge_conflicts(
            parties(session, merged), parties(session, [target])[0], request.effective
        )
        if conflicts:
            raise ValidationError(
                N_("Vui lòng kiểm tra lại thông tin sáp nhập."), {"sources": " ".join(conflicts)}
            )
        today = local_today()
        if merge_waits(request.effective, today):
            _schedule(session, actor, merged, target, request)
        else:
            carry_out(session, actor, merged, target, request.effective, request.reason, today)
        return target.id


def carry_out(
    session: Session,
    actor: Actor,
    merged: Sequence[Agency],
    target: Agency,
    effective: date,
    reason: str,
    today: date,
) -> None:
    """The merger itself, in the caller's transaction: the one path of an immediate merger
    and of a scheduled one reaching its day."""
    sources = [agency.id for agency in merged]
    target_before = agency_snapshot(session, target)
    befores = {agency.id: agency_snapshot(session, agency) for agency in merged}
    counts = {name: move(session, sources, target.id, today) for name, move in MOVES}
    if any(agency.is_one_stop_unit for agency in merged):
        target.is_one_stop_unit = True
    counts["one_stop"] = sum(1 for agency in merged if agency.is_one_stop_unit)
    last_day = effective - timedelta(days=1)
    for agency in merged:
        session.refresh(agency)  # the children's update may have moved its version
        if agency.valid_to is None or agency.valid_to > last_day:
            agency.valid_to = last_day
        # The successor's desk answers for the dossiers it received from now on
        # (docs/domain.md#merger-successor-desk).
        agency.merged_into_id = target.id
        agency.merged_on = effective
    session.flush()
    for agency in merged:
        record_admin_change(
            session,
            actor,
            "agency",
            agency.id,
            "merge",
            before=befores[agency.id],
            after={**agency_snapshot(session, agency), "merged_into": target.code},
            reason=reason,
        )
    record_admin_change(
        session,
        actor,
        "agency",
        target.id,
        "merge",
        before=target_before,
        after={
            **agency_snapshot(session, target),
            "merged_from": [agency.code for agency in merged],
            "moved": counts,
        },
        reason=reason,
    )


def _schedule(
    session: Session, actor: Actor, merged: Sequence[Agency], target: Agency, request: MergeRequest
) -> None:
    """Nothing moves before the effective day: the merger waits, audited on every agency
    it names, cancellable until then."""
    row = ScheduledMerge(
        sources=[agency.id for agency in merged],
        target_id=target.id,
        effective=request.effective,
        reason=request.reason.strip(),
        created_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    after = {
        "scheduled_merge": row.id,
        "merged": [agency.code for agency in merged],
        "into": target.code,
        "effective": request.effective,
    }
    for agency in [*merged, target]:
        record_admin_change(
            session, actor, "agency", agency.id, "merge_scheduled", after=after, reason=row.reason
        )


def local_today() -> date:
    return clock.now().astimezone(LOCAL_TZ).date()


def parties(
    session: Session, agencies: Sequence[Agency], *, besides: int | None = None
) -> list[MergeParty]:
    """The agencies as the merge rules see them, with any merger of theirs still waiting
    (`besides`: the scheduled merger being carried out)."""
    waiting = pending_merge_days(session, besides=besides)
    return [
        MergeParty(a.id, a.name, a.valid_to, a.merged_into_id, waiting.get(a.id)) for a in agencies
    ]


def _rowcount(result: Any) -> int:
    """Rows an UPDATE changed (a CursorResult's count; typed loosely by SQLAlchemy)."""
    return int(result.rowcount)


def _checked(session: Session, agency_id: int, versions: Mapping[int, int]) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(N_("Không tìm thấy cơ quan."))
    if agency_id not in versions:
        raise VersionMissing()
    if agency.version != versions[agency_id]:
        raise StaleDossier(STALE_AGENCY)
    return agency


def _target(session: Session, actor: Actor, request: MergeRequest) -> Agency:
    if request.target_id is not None:
        target = _checked(session, request.target_id, request.versions)
        if target.valid_to is not None and target.valid_to < request.effective:
            raise ValidationError(
                N_("Vui lòng kiểm tra lại thông tin sáp nhập."),
                {"target_id": N_("Cơ quan tiếp nhận đã hết hiệu lực trước ngày sáp nhập.")},
            )
        return target
    new = request.new_target
    assert new is not None
    errors = identity_errors(session, None, new.key.strip(), new.code.strip().upper(), new.name)
    if new.details.parent_id is not None and new.details.parent_id in request.sources:
        errors["parent_id"] = N_("Cơ quan chủ quản không được là cơ quan bị sáp nhập.")
    if errors:
        raise ValidationError(N_("Vui lòng kiểm tra lại cơ quan mới."), errors)
    details = new.details
    target = Agency(
        key=new.key.strip(),
        code=new.code.strip().upper(),
        name=new.name.strip(),
        level=details.level,
        parent_id=details.parent_id,
        is_one_stop_unit=False,
        is_vertical=details.is_vertical,
        address=details.address,
        phone=details.phone,
        opening_hours=details.opening_hours,
        valid_from=request.effective,
    )
    session.add(target)
    session.flush()
    record_admin_change(
        session,
        actor,
        "agency",
        target.id,
        "create",
        after=agency_snapshot(session, target),
        reason=request.reason,
    )
    return target
