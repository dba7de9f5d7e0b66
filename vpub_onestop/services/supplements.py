"""Supplementation after receipt (Decree 61/2018 Art. 19; docs/domain.md#supplementation).

Within 3 working days of receipt, counted in days, one request is free; a later or a second
request needs a written justification and is flagged (domain.time_windows). The interval is
recorded in the clock ledger. The applicant has until the supplement deadline (a setting,
printed on Mẫu 02); only after it may the one-stop unit stop the dossier, and the applicant
then gets the stop notice (Circular 03/2025/TT-VPCP form 05).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.access.loading import load_dossier, supplement_round
from vpub_onestop.access.policies import policies_today
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.deadlines import TimeLimit, compute_due, extend_for_pause
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.time_windows import (
    TimeRuleSettings,
    check_supplement_request,
    may_stop_unsupplemented,
    supplement_deadline,
)
from vpub_onestop.models import ClockPause, Dossier, DossierEvent
from vpub_onestop.services import notify
from vpub_onestop.services.clock import load_work_calendar, supplement_clock_policy
from vpub_onestop.services.files import store_file
from vpub_onestop.services.routing import cancel_open_tasks, replan_open_tasks
from vpub_onestop.services.transition import check_version, fire_on_dossier
from vpub_onestop.services.uow import unit_of_work

JUSTIFICATION_MIN_LENGTH = 20


def time_rule_settings() -> TimeRuleSettings:
    """The day counts in force today (docs/policies.md#effective-dates)."""
    return policies_today().time_rules()


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
        settings = time_rule_settings()
        assert dossier.received_at is not None
        check = check_supplement_request(
            cal,
            dossier.received_at,
            now,
            previous_requests=dossier.supplement_requests,
            window_days=settings.supplement_window_days,
        )
        late, repeated, flagged = check.late, check.repeated, check.needs_justification
        if flagged and len((justification or "").strip()) < JUSTIFICATION_MIN_LENGTH:
            why = (
                N_("đã quá 3 ngày làm việc kể từ khi tiếp nhận")
                if late
                else N_("đây là lần yêu cầu bổ sung thứ hai")
            )
            raise ValidationError(
                N_("Không thể yêu cầu bổ sung: %(why)s. Cần văn bản giải trình lý do.", why=why),
                {
                    "justification": N_(
                        "Nhập giải trình (ít nhất %(n)s ký tự).", n=JUSTIFICATION_MIN_LENGTH
                    )
                },
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
                "free_until": check.free_until.isoformat(),
                # Printed on Mẫu 02 and checked before a stop: stored once, never recomputed.
                "deadline": supplement_deadline(
                    cal, now, settings.supplement_deadline_days
                ).isoformat(),
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


def pending_supplement_deadline(session: Session, dossier: Dossier) -> datetime | None:
    """The deadline printed on the Mẫu 02 of the latest request (None: never asked).
    A request recorded before the deadline was stored gets it from its own moment."""
    row = session.execute(
        select(DossierEvent.at, DossierEvent.data)
        .where(
            DossierEvent.dossier_id == dossier.id,
            DossierEvent.trigger == "request_supplement",
        )
        .order_by(DossierEvent.at.desc(), DossierEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    at, data = row
    raw = (data or {}).get("deadline")
    if isinstance(raw, str):
        return datetime.fromisoformat(raw)
    days = time_rule_settings().supplement_deadline_days
    return supplement_deadline(load_work_calendar(), at, days)


def close_unsupplemented(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    """Stop a dossier whose applicant never brought the documents, once the supplement
    deadline has passed; the applicant gets the stop notice (printable, email, SMS)."""
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        check_version(dossier, expected_version, "Hồ sơ")
        deadline = pending_supplement_deadline(session, dossier)
        if deadline is not None and not may_stop_unsupplemented(deadline, now):
            raise ValidationError(
                N_(
                    "Chưa thể dừng giải quyết hồ sơ: người nộp còn thời hạn bổ sung đến "
                    "%(deadline)s (ghi trên Mẫu 02).",
                    deadline=notify.format_moment(deadline),
                )
            )
        fire_on_dossier(
            session,
            dossier,
            "close_unsupplemented",
            actor,
            now,
            note=reason,
            data={"deadline": deadline.isoformat() if deadline else None, "notice": True},
            expected_version=expected_version,
        )
        cancel_open_tasks(session, dossier, now)
        dossier.finished_at = now
        notify.dossier_message(session, dossier, "stopped", now, reason=reason)
        return dossier
