"""The single path every state change takes (inside a unit of work):

version check -> permission -> trigger -> event row. Clock, deadlines and notifications
are the callers' next lines, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.interfaces import ORMOption

from vpub_onestop import clock
from vpub_onestop.access.loading import FOR_ACTING, dossier_facts, load_dossier, task_facts
from vpub_onestop.domain import formatting
from vpub_onestop.domain.errors import N_, StaleDossier, ValidationError, VersionMissing
from vpub_onestop.domain.permissions import Actor, require_dossier, require_task
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.workflow import fire_dossier, fire_task, trigger_spec
from vpub_onestop.models import Dossier, DossierEvent, StepTask, User
from vpub_onestop.services import public_timeline, status_feed, step_clock, summary
from vpub_onestop.services.uow import unit_of_work

# The workflow engine itself (finish after the last approval, a stage's tasks arriving...).
# The permission table lets it fire only the triggers marked as system ones.
SYSTEM = Actor(user_id=None, role=Role.ADMIN, agency_id=None, is_system=True)

REASON_MIN_LENGTH = 5

# The event row goes in as a plain INSERT when it fires, not as an ORM object flushed
# with the dossier: nothing reads it back through the session, and the unit of work was
# the largest share of a submission's or a receipt's time (bench/PROFILE.md, "Fifth round").
_EVENTS = cast(Table, DossierEvent.__table__)
_EVENT_COLUMNS = tuple(c.name for c in _EVENTS.columns if c.name != "id")
_INSERT_EVENT = insert(_EVENTS).returning(_EVENTS.c.id)


def actor_label(actor: Actor) -> str:
    return "system" if actor.is_system else actor.role.value


def check_version(record: Dossier | StepTask, expected_version: int | None, who: str) -> None:
    """Refuse a page rendered before the record last changed, saying who changed it and
    when, so the officer knows whom to ask before acting again. A request that does not
    say which version it was made on is refused too: the check is never skipped."""
    if expected_version is None:
        raise VersionMissing()
    if record.version == expected_version:
        return
    changed_by, changed_at = _last_change(record)
    if changed_at is None:
        message = N_(
            "%(what)s đã được %(who)s cập nhật, sau khi bạn mở trang. "
            "Vui lòng tải lại trang để xem trạng thái mới nhất rồi thực hiện lại.",
            what=who,
            who=changed_by,
        )
    else:
        message = N_(
            "%(what)s đã được %(who)s cập nhật lúc %(at)s, sau khi bạn mở trang. "
            "Vui lòng tải lại trang để xem trạng thái mới nhất rồi thực hiện lại.",
            what=who,
            who=changed_by,
            at=formatting.moment(changed_at),
        )
    raise StaleDossier(
        message,
        current_version=record.version,
        changed_by=changed_by,
        changed_at=changed_at.isoformat() if changed_at else None,
    )


def _last_change(record: Dossier | StepTask) -> tuple[str, datetime | None]:
    """Name and moment of the latest act by a person on the task (or, failing that, on
    the dossier). The engine's own follow-ups (a stage arriving after a dispatch) happen
    in the same transaction as the act of the person who caused them, who is named."""
    session = object_session(record)
    if session is None:
        return N_("người khác"), None
    dossier_id = record.dossier_id if isinstance(record, StepTask) else record.id
    stmt = (
        select(DossierEvent.at, User.full_name)
        .join(User, User.id == DossierEvent.actor_id)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at.desc(), DossierEvent.id.desc())
        .limit(1)
    )
    row = None
    if isinstance(record, StepTask):
        row = session.execute(stmt.where(DossierEvent.task_id == record.id)).first()
    row = row or session.execute(stmt).first()
    if row is None:
        return N_("người khác"), None
    at, name = row
    return name, at


def require_reason(trigger: str, note: str | None, kind: str = "dossier") -> None:
    if (
        trigger_spec(trigger, kind).get("needs_reason")
        and len((note or "").strip()) < REASON_MIN_LENGTH
    ):
        raise ValidationError(
            N_("Vui lòng ghi rõ lý do."), {"note": N_("Lý do là bắt buộc (ít nhất 5 ký tự).")}
        )


def fire_on_dossier(
    session: Session,
    dossier: Dossier,
    trigger: str,
    actor: Actor,
    now: datetime,
    *,
    note: str | None = None,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> DossierEvent:
    """Fire `trigger` on the dossier for `actor`. A person's act carries the version of
    the page it was made on; only the workflow engine's own follow-ups (SYSTEM, inside the
    transaction of the act that caused them) go without."""
    if not actor.is_system:
        check_version(dossier, expected_version, "Hồ sơ")
    require_dossier(actor, trigger, dossier_facts(dossier))
    require_reason(trigger, note)
    before = dossier.state
    after = fire_dossier(before, trigger)
    dossier.state = after
    step_clock.follow_dossier(session, dossier, before, after)
    event = DossierEvent(
        dossier_id=dossier.id,
        at=now,
        actor_id=actor.user_id,
        actor_role=actor_label(actor),
        trigger=trigger,
        from_state=before.value,
        to_state=after.value,
        note=note,
        data=data or {},
    )
    write_event(session, event, dossier)
    status_feed.record(session, dossier, event)
    # An internal transition (apologise) changes no column of its own: touch the row so
    # the version still bumps and a concurrent edit loses.
    _force_version_bump(dossier)
    return event


def fire_on_task(
    session: Session,
    task: StepTask,
    trigger: str,
    actor: Actor,
    now: datetime,
    *,
    note: str | None = None,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    write: bool = True,
) -> DossierEvent:
    """As `fire_on_dossier`, on one step of the route (the task's own version).
    `write=False`: the caller names what the act produced in the event's data (a result
    file, a result code) and then writes it with `write_event`; the row is append-only,
    so it is written once, complete."""
    if not actor.is_system:
        check_version(task, expected_version, "Nhiệm vụ xử lý")
    require_task(actor, trigger, task_facts(task))
    require_reason(trigger, note, "task")
    before = task.state
    after: TaskState = fire_task(before, trigger)
    task.state = after
    event = DossierEvent(
        dossier_id=task.dossier_id,
        task_id=task.id,
        at=now,
        actor_id=actor.user_id,
        actor_role=actor_label(actor),
        trigger=f"task.{trigger}",
        from_state=before.value,
        to_state=after.value,
        note=note,
        data={"agency_id": task.agency_id, "stage": task.stage, **(data or {})},
    )
    if write:
        write_event(session, event, task)
    else:
        summary.track(session, task)  # as found, before the caller's changes may be flushed
    _force_version_bump(task.dossier)
    return event


def write_event(session: Session, event: DossierEvent, record: Dossier | StepTask) -> None:
    """The one place an event row is written (its id set on the object, which stays out
    of the session); the daily summary follows the dossier from here
    (docs/architecture.md#reporting-read-model), and the dossier's public timeline gains
    the event's entry (docs/architecture.md#public-timeline)."""
    summary.track(session, record)
    values = {name: getattr(event, name) for name in _EVENT_COLUMNS}
    # No autoflush: the dossier's changes leave in one UPDATE at the commit, not two.
    with session.no_autoflush:
        event.id = session.execute(_INSERT_EVENT, values).scalar_one()
    public_timeline.record(session, event, record)


def mark_changed(dossier: Dossier) -> None:
    """A change that touches no column of the dossier row (a file added to a draft) still
    makes the pages rendered before it stale."""
    _force_version_bump(dossier)


def _force_version_bump(dossier: Dossier) -> None:
    """Any change inside a dossier (its tasks included) makes pages rendered earlier stale."""
    flag_modified(dossier, "state")


@dataclass
class Operation:
    """What a use case works with after its transition fired, inside its transaction."""

    session: Session
    dossier: Dossier
    now: datetime


@contextmanager
def dossier_transition(
    actor: Actor,
    dossier_id: int,
    trigger: str,
    *,
    now: datetime | None = None,
    note: str | None = None,
    data: dict[str, Any] | None = None,
    expected_version: int | None,
    load: Sequence[ORMOption] = FOR_ACTING,
) -> Iterator[Operation]:
    """The common shape of a dossier use case: one transaction that loads the dossier for
    the actor (with the relations `load` names), fires the trigger (version, permission,
    event) and lets the caller add the effects (deadlines, notifications) before the
    commit. The dossier stays loaded after the commit: the caller's answer ("received,
    appointment on ...") reads what was just written, not the database again."""
    moment = now or clock.now()
    with unit_of_work(keep_loaded=True) as session:
        dossier = load_dossier(session, dossier_id, actor, load=load)
        fire_on_dossier(
            session,
            dossier,
            trigger,
            actor,
            moment,
            note=note,
            data=data,
            expected_version=expected_version,
        )
        yield Operation(session, dossier, moment)
