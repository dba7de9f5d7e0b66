"""The officer's day on the home page: what waits for him, what is due today, what is
overdue, what came back for his action, each a count of the very list it links to (the
desk's tabs, the agency's tabs, the staff lists, the dashboard's drill-downs), so a
figure and the list behind it never disagree (docs/architecture.md#staff-lists).

Every count reads the open work through the indexes the lists use, never the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.permissions import Actor, desk_units
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.task_scope import task_scope
from vpub_onestop.models import Dossier
from vpub_onestop.queries.agency_queues import task_state_counts
from vpub_onestop.queries.queues import DeskList, desk_counts
from vpub_onestop.queries.staff_lists import DueWindow, Filters, list_length
from vpub_onestop.queries.stats import kind_filter
from vpub_onestop.queries.stats_scope import Window, moments


@dataclass(frozen=True)
class DayCount:
    """One figure of the day: `key` names it (the page gives words and the link), `args`
    narrow the list it opens."""

    key: str
    count: int
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficerDay:
    waiting: list[DayCount]  # what waits for the officer's act
    deadlines: list[DayCount]  # due today, overdue
    returned: list[DayCount]  # what came back for his action


def officer_day(session: Session, actor: Actor, *, now: datetime, cal: WorkCalendar) -> OfficerDay:
    if actor.role in (Role.RECEPTION, Role.UNIT_HEAD):
        return _desk_day(session, actor, now=now, cal=cal)
    if actor.role in (Role.SPECIALIST, Role.LEADER):
        return _agency_day(session, actor, now=now, cal=cal)
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return _overseer_day(session, now=now, cal=cal)
    return OfficerDay([], [], [])


def _listed(
    session: Session, actor: Actor, filters: Filters, *, now: datetime, cal: WorkCalendar
) -> int:
    """The length of the staff list these filters open (capped as the list caps it)."""
    return list_length(session, actor, filters, now=now, cal=cal)


def _deadlines(
    session: Session, actor: Actor, *, now: datetime, cal: WorkCalendar, **extra: Any
) -> list[DayCount]:
    return [
        DayCount(
            due.slug,
            _listed(session, actor, Filters(due=due, **extra), now=now, cal=cal),
            {"han": due.slug},
        )
        for due in (DueWindow.TODAY, DueWindow.OVERDUE)
    ]


def _desk_day(session: Session, actor: Actor, *, now: datetime, cal: WorkCalendar) -> OfficerDay:
    counts = desk_counts(session, desk_units(actor))
    waiting = [
        DayCount(which.slug, counts[which], {"loai": which.slug})
        for which in (DeskList.CHECK, DeskList.DISPATCH, DeskList.WITHDRAWAL)
    ]
    # The results the agencies sent back to the desk, to hand over to the applicant.
    returned = [DayCount(DeskList.RESULT.slug, counts[DeskList.RESULT], {"loai": "cho-tra"})]
    return OfficerDay(waiting, _deadlines(session, actor, now=now, cal=cal), returned)


def _agency_day(session: Session, actor: Actor, *, now: datetime, cal: WorkCalendar) -> OfficerDay:
    scope = task_scope(actor)
    leader = actor.role is Role.LEADER
    # Only the open states shown: the counts read the open-steps index, never the history.
    shown = (TaskState.PENDING, TaskState.AWAITING_APPROVAL) if leader else (TaskState.IN_PROGRESS,)
    states = task_state_counts(session, now=now, scope=scope, states=shown)
    if leader:
        waiting = [
            DayCount("cho-phan-cong", states[TaskState.PENDING], {"loai": "cho-phan-cong"}),
            DayCount(
                "cho-phe-duyet", states[TaskState.AWAITING_APPROVAL], {"loai": "cho-phe-duyet"}
            ),
        ]
        returned: list[DayCount] = []
    else:
        waiting = [DayCount("dang-xu-ly", states[TaskState.IN_PROGRESS], {"loai": "dang-xu-ly"})]
        sent_back = _listed(session, actor, Filters(sent_back=True), now=now, cal=cal)
        returned = [DayCount("tra-lai", sent_back, {"tra_lai": "1"})]
    return OfficerDay(waiting, _deadlines(session, actor, now=now, cal=cal), returned)


def _overseer_day(session: Session, *, now: datetime, cal: WorkCalendar) -> OfficerDay:
    """The province's figures, counted with the dashboard's own rules (queries.stats)."""
    window = Window(now=now, present=moments(cal, now))
    deadlines = []
    for due in (DueWindow.TODAY, DueWindow.OVERDUE):
        condition = kind_filter(due.dashboard_kind, window)
        count = session.scalar(select(func.count()).select_from(Dossier).where(condition))
        deadlines.append(DayCount(due.slug, int(count or 0), {"loai": due.dashboard_kind}))
    return OfficerDay([], deadlines, [])
