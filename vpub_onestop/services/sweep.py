"""The deadline sweep (`flask --app wsgi sweep`): flags dossiers and steps that are due soon
(within one working day) or overdue, and tells the people concerned through the outbox,
once per threshold.

* A dossier's flag goes to the unit heads of its receiving unit; a step's flag to the
  officer assigned to it or, while nobody is, to the leaders of its agency.
* "Once": the flag records the last threshold announced, and every message carries a unique
  dedupe_key naming the item, the threshold, the due moment and the recipient, so a second
  run (or two overlapping runs) sends nothing twice. A due moment that moves later
  (supplementation) clears the flag: the new deadline gets its own announcements.
* A recipient without an e-mail address is skipped; the flag is set all the same.
* The flag is a monitoring mark, not a change of the dossier: it is written with a bulk
  UPDATE that leaves the version alone, so an officer's open page does not turn stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.access.state_sql import clock_running
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import ACTIVE_TASK_STATES
from vpub_onestop.models import Agency, Dossier, OutboxMessage, Procedure, StepTask, User
from vpub_onestop.public_address import public_url
from vpub_onestop.queries.stats_scope import moments
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.notify import format_moment
from vpub_onestop.services.uow import unit_of_work

DUE_SOON, OVERDUE = "due_soon", "overdue"
_CHUNK = 500


@dataclass(frozen=True)
class SweepResult:
    dossiers_due_soon: int
    dossiers_overdue: int
    tasks_due_soon: int
    tasks_overdue: int
    messages: int


@dataclass(frozen=True)
class _Item:
    kind: str  # dossier | task
    item_id: int
    flag: str
    due_at: datetime
    code: str
    what: str  # procedure name, or the step's name
    audience: tuple[str, int]  # ("unit_head", unit id) or ("user", id) or ("leader", agency)


def run_sweep(now: datetime | None = None) -> SweepResult:
    now = now or clock.now()
    soon = moments(load_work_calendar(), now).soon
    with unit_of_work() as session:
        _clear_moved_flags(session, now, soon)
        dossiers = _dossier_items(session, now, soon)
        tasks = _task_items(session, now, soon)
        _set_flags(session, Dossier, list(dossiers))
        _set_flags(session, StepTask, list(tasks))
        messages = _notify(session, [*dossiers, *tasks], now)
    return SweepResult(
        dossiers_due_soon=sum(i.flag == DUE_SOON for i in dossiers),
        dossiers_overdue=sum(i.flag == OVERDUE for i in dossiers),
        tasks_due_soon=sum(i.flag == DUE_SOON for i in tasks),
        tasks_overdue=sum(i.flag == OVERDUE for i in tasks),
        messages=messages,
    )


def _needs_flag(model: Any, now: datetime, soon: datetime) -> Any:
    """Due within the threshold and not yet announced at this threshold."""
    return and_(
        model.due_at <= soon,
        or_(
            model.deadline_flag.is_(None),
            and_(model.deadline_flag == DUE_SOON, model.due_at < now),
        ),
    )


def _clear_moved_flags(session: Session, now: datetime, soon: datetime) -> None:
    for model in (Dossier, StepTask):
        moved = or_(
            and_(model.deadline_flag == OVERDUE, model.due_at >= now),
            and_(model.deadline_flag == DUE_SOON, model.due_at > soon),
        )
        session.execute(
            update(model).where(moved).values(deadline_flag=None),
            execution_options={"synchronize_session": False},
        )


def _dossier_items(session: Session, now: datetime, soon: datetime) -> list[_Item]:
    rows = session.execute(
        select(Dossier.id, Dossier.due_at, Dossier.code, Procedure.name, Dossier.receiving_unit_id)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(clock_running(), _needs_flag(Dossier, now, soon))
    )
    return [
        _Item(
            "dossier",
            i,
            OVERDUE if due < now else DUE_SOON,
            due,
            code or "",
            name,
            ("unit_head", unit),
        )
        for i, due, code, name, unit in rows
        if due is not None
    ]


def _task_items(session: Session, now: datetime, soon: datetime) -> list[_Item]:
    rows = session.execute(
        select(
            StepTask.id,
            StepTask.due_at,
            Dossier.code,
            StepTask.name,
            StepTask.assignee_id,
            StepTask.agency_id,
        )
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(
            # Every agency listed, so the (agency_id, state, due_at) index finds the open steps.
            StepTask.agency_id.in_(select(Agency.id).scalar_subquery()),
            StepTask.state.in_(ACTIVE_TASK_STATES),
            clock_running(),
            _needs_flag(StepTask, now, soon),
        )
    )
    return [
        _Item(
            "task",
            i,
            OVERDUE if due < now else DUE_SOON,
            due,
            code or "",
            name,
            ("user", assignee) if assignee else ("leader", agency),
        )
        for i, due, code, name, assignee, agency in rows
        if due is not None
    ]


def _set_flags(session: Session, model: Any, items: Sequence[_Item]) -> None:
    for flag in (DUE_SOON, OVERDUE):
        ids = [i.item_id for i in items if i.flag == flag]
        for start in range(0, len(ids), _CHUNK):
            session.execute(
                update(model)
                .where(model.id.in_(ids[start : start + _CHUNK]))
                .values(deadline_flag=flag),
                execution_options={"synchronize_session": False},
            )


def _recipients(session: Session, items: Iterable[_Item]) -> dict[tuple[str, int], list[User]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for item in items:
        wanted[item.audience[0]].add(item.audience[1])
    found: dict[tuple[str, int], list[User]] = defaultdict(list)
    conditions = {
        "unit_head": lambda ids: and_(User.role == Role.UNIT_HEAD.value, User.agency_id.in_(ids)),
        "leader": lambda ids: and_(User.role == Role.LEADER.value, User.agency_id.in_(ids)),
        "user": lambda ids: User.id.in_(ids),
    }
    for audience, ids in wanted.items():
        for user in session.scalars(select(User).where(conditions[audience](ids), User.enabled)):
            key = user.id if audience == "user" else user.agency_id
            assert key is not None
            found[(audience, key)].append(user)
    return found


def _dedupe_key(item: _Item, user_id: int) -> str:
    stamp = item.due_at.astimezone(LOCAL_TZ).strftime("%Y%m%d%H%M")
    return f"sweep:{item.kind}:{item.item_id}:{item.flag}:{stamp}:{user_id}"


def _notify(session: Session, items: list[_Item], now: datetime) -> int:
    recipients = _recipients(session, items)
    planned = [
        (item, user, _dedupe_key(item, user.id))
        for item in items
        for user in recipients.get(item.audience, [])
        if (user.email or "").strip()
    ]
    keys = [key for _, _, key in planned]
    existing: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        existing.update(
            k
            for k in session.scalars(
                select(OutboxMessage.dedupe_key).where(
                    OutboxMessage.dedupe_key.in_(keys[start : start + _CHUNK])
                )
            )
            if k
        )
    sent = 0
    for item, user, key in planned:
        if key in existing:
            continue
        subject, body = _message(item, user)
        session.add(
            OutboxMessage(
                channel="email",
                recipient=(user.email or "").strip(),
                subject=subject,
                body=body,
                dossier_id=item.item_id if item.kind == "dossier" else None,
                dedupe_key=key,
                created_at=now,
            )
        )
        existing.add(key)
        sent += 1
    return sent


def _message(item: _Item, user: User) -> tuple[str, str]:
    due = format_moment(item.due_at)
    state = "đã quá hạn" if item.flag == OVERDUE else "sắp đến hạn"
    if item.kind == "dossier":
        subject = f"[{item.code}] Hồ sơ {state} giải quyết"
        line = f"Hồ sơ {item.code} ({item.what}) {state} giải quyết: hạn {due}."
        path = "/theo-doi"
    else:
        subject = f"[{item.code}] Bước «{item.what}» {state} xử lý"
        line = f"Bước «{item.what}» của hồ sơ {item.code} {state} xử lý: hạn của bước {due}."
        path = "/"
    body = (
        f"Kính gửi {user.full_name},\n\n{line}\n"
        "Đề nghị kiểm tra, đôn đốc để giải quyết đúng hạn.\n\n"
        f"{public_url(path)}\n\nThông báo tự động của hệ thống Một cửa điện tử.\n"
    )
    return subject, body
