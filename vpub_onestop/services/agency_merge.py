"""Carrying out a merger of agencies (the 2025 reorganisation, docs/domain.md#agency-merge):
agencies A (and more) are merged into B, an existing agency or a new one. In ONE transaction
every open step, account, route step of a procedure in force (through a new version of it)
or of a draft, child agency and one-stop duty of the merged agencies moves to B
(services/agency_merge_moves.py), and the merged agencies are closed (their valid_to set),
never deleted: dossiers keep the unit that received them, so their history and slips still
show its name. A failure of any move rolls everything back (a half-moved province is worse
than none). Confirming a merger: services/agency_merge_confirm.py; one waiting for its day:
services/agency_merge_schedule.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain.agencies import MergeParty
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Agency
from vpub_onestop.queries.agency_merge import pending_merge_days
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.agencies import agency_snapshot
from vpub_onestop.services.agency_merge_moves import (
    Move,
    move_children,
    move_route_steps,
    move_tasks,
    move_users,
)

MOVES: list[tuple[str, Move]] = [
    ("tasks", move_tasks),
    ("users", move_users),
    ("route_steps", move_route_steps),
    ("children", move_children),
]


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
