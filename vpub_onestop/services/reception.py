"""The one-stop unit's decisions on online submissions, and dispatch to the route."""

from __future__ import annotations

from datetime import datetime

from vpub_onestop import clock
from vpub_onestop.access.loading import FOR_RECEIPT, load_dossier
from vpub_onestop.domain.dispatch import paper_moves_at
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Dossier
from vpub_onestop.services import notify
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.intake import start_clock
from vpub_onestop.services.routing import first_stage, start_stage
from vpub_onestop.services.transition import dossier_transition, fire_on_dossier
from vpub_onestop.services.uow import unit_of_work


def receive_dossier(
    actor: Actor,
    dossier_id: int,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    with dossier_transition(
        actor, dossier_id, "receive", now=now, expected_version=expected_version, load=FOR_RECEIPT
    ) as op:
        start_clock(op.session, op.dossier, op.now)
        notify.dossier_message(op.session, op.dossier, "received", op.now)
    return op.dossier


def refuse_dossier(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    with dossier_transition(
        actor, dossier_id, "refuse", now=now, note=reason, expected_version=expected_version
    ) as op:
        op.dossier.finished_at = op.now
        notify.dossier_message(op.session, op.dossier, "refused", op.now, reason=reason)
    return op.dossier


def return_for_completion(
    actor: Actor,
    dossier_id: int,
    reason: str,
    *,
    missing_items: list[dict[str, str]] | None = None,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    """Mẫu 02 before receipt: back to the applicant's draft, same code on resubmission."""
    with dossier_transition(
        actor,
        dossier_id,
        "return_for_completion",
        now=now,
        note=reason,
        data={"missing_items": missing_items or []},
        expected_version=expected_version,
    ) as op:
        notify.dossier_message(
            op.session, op.dossier, "returned_for_completion", op.now, reason=reason
        )
    return op.dossier


def dispatch_moment(dossier: Dossier, now: datetime) -> datetime:
    """Paper received after the cut-off moves at the start of the next working day."""
    return paper_moves_at(load_work_calendar(), dossier.channel, now)


def dispatch_dossier(
    actor: Actor,
    dossier_id: int,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = load_dossier(session, dossier_id, actor)
        moves_at = dispatch_moment(dossier, now)
        fire_on_dossier(
            session,
            dossier,
            "dispatch",
            actor,
            now,
            data={"moves_at": moves_at.isoformat()},
            expected_version=expected_version,
        )
        dossier.dispatched_at = moves_at
        start_stage(session, dossier, first_stage(dossier), moves_at)
        return dossier
