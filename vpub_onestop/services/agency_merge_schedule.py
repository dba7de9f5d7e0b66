"""Mergers confirmed ahead of their effective day (docs/domain.md#scheduled-merge).

The daily schedule (services/sweep.py, run by cron or the worker) carries out each one due
by today through the same path as an immediate merger (`agency_merge.carry_out`), one
transaction per merger. What changed meanwhile (an agency closed, merged elsewhere) is
checked first by the same rule as at confirmation (domain.agencies.merge_conflicts): the
run then refuses the whole merger, records why and moves nothing. An administrator may
cancel it until it runs; the row's version makes a cancel and a run end with one winner.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.agencies import merge_conflicts
from vpub_onestop.domain.errors import (
    N_,
    NotFound,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, ScheduledMerge
from vpub_onestop.models.agency_merge import CANCELLED, DONE, REFUSED, SCHEDULED
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.agencies import require_admin
from vpub_onestop.services.agency_merge import carry_out, local_today, parties
from vpub_onestop.services.uow import unit_of_work

log = logging.getLogger(__name__)

STALE_SCHEDULE = N_(
    "Lịch sáp nhập vừa được người khác cập nhật hoặc đã được thực hiện. Vui lòng tải lại "
    "trang để xem tình trạng mới nhất."
)
# A failure the rules did not foresee (the database's own refusal): nothing moved.
FAILED = N_("Không thực hiện được do lỗi hệ thống; không có dữ liệu nào bị thay đổi.")


def run_due_merges(today: date | None = None) -> dict[str, int]:
    """Carry out every scheduled merger due by `today`; how many were done and refused."""
    today = today or local_today()
    with unit_of_work(send_outbox=False) as session:
        due = list(
            session.scalars(
                select(ScheduledMerge.id)
                .where(ScheduledMerge.status == SCHEDULED, ScheduledMerge.effective <= today)
                .order_by(ScheduledMerge.effective, ScheduledMerge.id)
            )
        )
    outcome = {DONE: 0, REFUSED: 0}
    for merge_id in due:
        try:
            status = _run_one(merge_id, today)
        except StaleDossier:
            continue  # cancelled by an administrator at this very moment: the cancel won
        except Exception:  # noqa: BLE001 - the run must go on to the next merger
            log.exception("scheduled merge %s failed", merge_id)
            failed: list[dict[str, object]] = [{"message": FAILED, "params": {}}]
            status = _refuse(merge_id, failed)
        if status in outcome:
            outcome[status] += 1
    return {"done": outcome[DONE], "refused": outcome[REFUSED]}


def _run_one(merge_id: int, today: date) -> str | None:
    with unit_of_work() as session:
        row = session.get(ScheduledMerge, merge_id, with_for_update=True)
        if row is None or row.status != SCHEDULED:
            return None
        merged = [session.get(Agency, agency_id) for agency_id in row.sources]
        target = session.get(Agency, row.target_id)
        problems: list[dict[str, object]]
        if target is None or any(agency is None for agency in merged):
            problems = [{"message": N_("Không tìm thấy cơ quan."), "params": {}}]
        else:
            problems = _conflicts(session, row, [a for a in merged if a], target)
        if problems:
            _mark_refused(session, row, problems)
            return REFUSED
        present = [agency for agency in merged if agency is not None]
        assert target is not None
        carry_out(session, _confirmer(row), present, target, row.effective, row.reason, today)
        row.status = DONE
        row.finished_at = clock.now()
        return DONE


def _conflicts(
    session: Session, row: ScheduledMerge, merged: list[Agency], target: Agency
) -> list[dict[str, object]]:
    found = merge_conflicts(
        parties(session, merged, besides=row.id),
        parties(session, [target], besides=row.id)[0],
        row.effective,
    )
    return [{"message": problem.template, "params": dict(problem.params)} for problem in found]


def _mark_refused(session: Session, row: ScheduledMerge, problems: list[dict[str, object]]) -> None:
    row.status = REFUSED
    row.refusal = problems
    row.finished_at = clock.now()
    _audit(session, _confirmer(row), row, "merge_refused", {"refusal": problems}, row.reason)


def _confirmer(row: ScheduledMerge) -> Actor:
    """The administrator who confirmed the merger: the run acts, and is audited, as him."""
    return Actor(user_id=row.created_by, role=Role.ADMIN, agency_id=None)


def _audit(
    session: Session,
    actor: Actor,
    row: ScheduledMerge,
    action: str,
    facts: dict[str, object],
    reason: str,
) -> None:
    """One audit row on every agency the merger names (their pages show it)."""
    for agency_id in [*row.sources, row.target_id]:
        record_admin_change(
            session,
            actor,
            "agency",
            agency_id,
            action,
            after={"scheduled_merge": row.id, "effective": row.effective, **facts},
            reason=reason,
        )


def _refuse(merge_id: int, problems: list[dict[str, object]]) -> str | None:
    with unit_of_work() as session:
        row = session.get(ScheduledMerge, merge_id, with_for_update=True)
        if row is None or row.status != SCHEDULED:
            return None
        _mark_refused(session, row, problems)
        return REFUSED


def cancel_scheduled_merge(actor: Actor, merge_id: int, version: int | None, reason: str) -> None:
    """An administrator calls off a merger still waiting for its day; audited on every
    agency it named. A page older than the row (run or cancelled since) asks for a reload."""
    require_admin(actor)
    if not reason.strip():
        raise ValidationError(
            N_("Vui lòng kiểm tra lại thông tin."), {"reason": N_("Nhập lý do hủy lịch sáp nhập.")}
        )
    with unit_of_work() as session:
        row = session.get(ScheduledMerge, merge_id, with_for_update=True)
        if row is None:
            raise NotFound(N_("Không tìm thấy lịch sáp nhập."))
        if version is None:
            raise VersionMissing()
        if row.version != version or row.status != SCHEDULED:
            raise StaleDossier(STALE_SCHEDULE)
        row.status = CANCELLED
        row.finished_at = clock.now()
        _audit(session, actor, row, "merge_cancelled", {"status": CANCELLED}, reason.strip())
