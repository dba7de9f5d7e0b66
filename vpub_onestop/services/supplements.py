"""Supplementation after receipt (ONE-STOP.md §2 rule 6, §4 supplement_clock).

Within 3 working days of receipt one request is free; a later or a second request needs a
written justification and is flagged. The interval is recorded in the clock ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.deadlines import LimitUnit, TimeLimit, compute_due, extend_for_pause
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import ClockPause, Dossier, DossierEvent
from vpub_onestop.services import notify
from vpub_onestop.services.clock import load_work_calendar, supplement_clock_policy
from vpub_onestop.services.files import store_file
from vpub_onestop.services.routing import cancel_open_tasks, replan_open_tasks
from vpub_onestop.services.transition import dossier_transition, fire_on_dossier, load_dossier
from vpub_onestop.services.uow import unit_of_work

JUSTIFICATION_MIN_LENGTH = 20
# Each of these asks the applicant for documents: what comes back is a new round of files.
ROUND_TRIGGERS = ("return_for_completion", "request_supplement")


def free_request_until(cal: WorkCalendar, received_at: datetime) -> datetime:
    days = Decimal(current_app.config["SUPPLEMENT_FREE_WORKING_DAYS"])
    return compute_due(cal, received_at, TimeLimit(days, LimitUnit.WORKING_DAYS)).due


def request_supplement(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    items: list[dict[str, str]] | None = None,
    justification: str | None = None,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        cal = load_work_calendar()
        assert dossier.received_at is not None
        late = now > free_request_until(cal, dossier.received_at)
        repeated = dossier.supplement_requests > 0
        flagged = late or repeated
        if flagged and len((justification or "").strip()) < JUSTIFICATION_MIN_LENGTH:
            why = (
                "đã quá 3 ngày làm việc kể từ khi tiếp nhận"
                if late
                else "đây là lần yêu cầu bổ sung thứ hai"
            )
            raise ValidationError(
                f"Không thể yêu cầu bổ sung: {why}. Cần văn bản giải trình lý do.",
                {"justification": f"Nhập giải trình (ít nhất {JUSTIFICATION_MIN_LENGTH} ký tự)."},
            )
        fire_on_dossier(
            session,
            dossier,
            "request_supplement",
            actor,
            now,
            note=reason,
            data={
                "items": items or [],
                "flagged": flagged,
                "late": late,
                "repeated": repeated,
                "justification": justification,
            },
            expected_version=expected_version,
        )
        dossier.supplement_requests += 1
        session.add(
            ClockPause(
                dossier_id=dossier.id,
                reason="supplement",
                policy=supplement_clock_policy(),
                started_at=now,
            )
        )
        notify.dossier_message(session, dossier, "supplement_requested", now, reason=reason)
        return dossier


def supplement_round(session: Session, dossier_id: int) -> int:
    """Files brought for the n-th request (supplement or completion) form round n; the
    original submission is round 0, so the history keeps every version."""
    count = session.scalar(
        select(func.count())
        .select_from(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id, DossierEvent.trigger.in_(ROUND_TRIGGERS))
    )
    return int(count or 0)


def supply_supplement(
    actor: Actor,
    dossier_id: int,
    *,
    note: str | None = None,
    scans: Sequence[tuple[str, bytes]] = (),
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    """The complete file is back (paper at the counter, with its scans): close the pause and
    move the due dates per policy. A refused scan leaves the dossier as it was."""
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        round_number = supplement_round(session, dossier.id)
        data = {"round": round_number, "files": len(scans)} if scans else None
        supply_loaded(
            session, dossier, actor, now, note=note, data=data, expected_version=expected_version
        )
        for name, content in scans:
            store_file(
                session,
                dossier,
                name,
                content,
                now=now,
                uploaded_by_id=actor.user_id,
                round_number=round_number,
                field="scans",
            )
        return dossier


def supply_loaded(
    session: Session,
    dossier: Dossier,
    actor: Actor,
    now: datetime,
    *,
    note: str | None = None,
    data: dict[str, Any] | None = None,
    expected_version: int | None,
) -> None:
    """`supply_supplement` inside the caller's unit of work (the portal stores the uploaded
    files in the same transaction, so a refused file leaves the dossier as it was)."""
    fire_on_dossier(
        session,
        dossier,
        "supply_supplement",
        actor,
        now,
        note=note,
        data=data,
        expected_version=expected_version,
    )
    pause = session.scalars(
        select(ClockPause)
        .where(ClockPause.dossier_id == dossier.id, ClockPause.ended_at.is_(None))
        .order_by(ClockPause.id.desc())
    ).first()
    cal = load_work_calendar()
    if pause is not None:
        pause.ended_at = now
        _move_deadlines(cal, dossier, pause)


def _move_deadlines(cal: WorkCalendar, dossier: Dossier, pause: ClockPause) -> None:
    assert pause.ended_at is not None and dossier.due_at is not None
    if pause.policy == "restart":
        # Decree 61 Art. 19(4) consolidated: the whole limit counts again.
        deadline = compute_due(cal, pause.ended_at, TimeLimit.parse(dossier.procedure.limit_text))
        replan_open_tasks(cal, dossier, pause.ended_at)
    else:
        deadline = extend_for_pause(cal, dossier.due_at, pause.started_at, pause.ended_at)
        for task in dossier.tasks:
            if not task.state.is_finished and task.due_at is not None:
                task.due_at = extend_for_pause(
                    cal, task.due_at, pause.started_at, pause.ended_at
                ).due
    # An apology's later appointment still stands if it is later than the new due date.
    if dossier.appointment_at is None or dossier.appointment_at <= dossier.due_at:
        dossier.appointment_at = deadline.due
    else:
        dossier.appointment_at = max(dossier.appointment_at, deadline.due)
    dossier.due_at = deadline.due
    dossier.due_provisional = deadline.provisional


def close_unsupplemented(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    with dossier_transition(
        actor,
        dossier_id,
        "close_unsupplemented",
        now=now,
        note=reason,
        expected_version=expected_version,
    ) as op:
        cancel_open_tasks(op.session, op.dossier, op.now)
        op.dossier.finished_at = op.now
    return op.dossier
