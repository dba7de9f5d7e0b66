"""Who may fire which trigger, and who may see a dossier (docs/domain.md#roles, #who-sees-what).

Pure functions over small fact objects, so the service (enforcement) and the view (which
buttons to show) ask the same question and cannot drift apart.

The rules are a table: each trigger maps to the *relations* that allow it ("owner of the
dossier", "one-stop officer of the receiving unit", ...). An actor's relations to a dossier
or task are computed from the facts, and the actor may fire a trigger when the two sets
meet. Role alone is never enough for a staff action: the officer must belong to the unit or
agency concerned, because a province has many centres and agencies using one system.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from vpub_onestop.domain.errors import N_, Message, PermissionDenied
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.workflow import (
    DOSSIER_TRIGGERS,
    TASK_TRIGGERS,
    dossier_triggers_from,
    task_triggers_from,
    trigger_spec,
)


@dataclass(frozen=True)
class Actor:
    """Whoever acts. `is_system` is the workflow engine itself (e.g. "finish" after the last
    approval); it may fire only triggers granted to Relation.SYSTEM, whatever its role."""

    user_id: int | None
    role: Role
    agency_id: int | None
    is_system: bool = False
    # The agencies merged into this actor's agency (domain.agencies.merged_into): a desk
    # officer's unit answers for the dossiers they received. Read lazily by access/actors
    # (only a dossier of another unit, or a list, asks), so it takes no part in equality.
    merged_units: Collection[int] = field(default=(), compare=False, repr=False)


# The one-stop unit's officers and its head: they act for the unit that received a dossier.
UNIT_DESK_ROLES = (Role.RECEPTION, Role.UNIT_HEAD)


def answers_for_unit(actor: Actor, unit_id: int | None) -> bool:
    """Whether `actor` sits at the desk of the one-stop unit that received a dossier: its
    own unit, or a unit merged into it (Resolution 190/2025/QH15: the agency taking over a
    merged one's duties carries on its pending procedures; the dossier keeps the unit that
    received it, Decree 61/2018 Art. 19). docs/domain.md#merger-successor-desk."""
    if actor.role not in UNIT_DESK_ROLES or unit_id is None:
        return False
    return _same(actor.agency_id, unit_id) or unit_id in actor.merged_units


def desk_units(actor: Actor) -> tuple[int, ...]:
    """The receiving units `actor`'s desk answers for: its own first, then those merged
    into it (empty for anyone not at a one-stop desk). Lists filter with an IN over these."""
    if actor.role not in UNIT_DESK_ROLES or actor.agency_id is None:
        return ()
    return (actor.agency_id, *sorted(set(actor.merged_units) - {actor.agency_id}))


@dataclass(frozen=True)
class DossierFacts:
    """What the rules need to know about a dossier.

    `receiving_unit_id` is the one-stop unit that received it (for an online dossier, the
    unit the applicant submitted to). The `active_task_*` sets describe the route's active
    tasks (pending, in progress, awaiting approval). For `may_view_dossier` only, pass the
    agencies of every task that has *reached* its agency (`step_reached_agency`): an agency
    keeps seeing a dossier it has worked on, and sees nothing of one whose step is still
    waiting for an earlier stage.
    """

    owner_user_id: int | None
    receiving_unit_id: int | None
    active_task_agency_ids: frozenset[int] = frozenset()
    active_task_assignee_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class TaskFacts:
    agency_id: int
    assignee_id: int | None
    receiving_unit_id: int | None
    # The step has arrived at its agency (step_reached_agency); until then it does not
    # exist for that agency's officers.
    reached_agency: bool = True


def step_reached_agency(state: TaskState, *, arrival_recorded: bool) -> bool:
    """Whether a step has ever been at its agency (docs/domain.md#who-sees-what).

    Decree 61/2018 Art. 20: the one-stop unit hands the file to the agency whose turn it
    is; the next agency of a sequential route receives it only when the previous one has
    finished. A step still `waiting` is not at its agency, and a step cancelled while still
    waiting (the route ended before its stage: a denial, a withdrawal) never was: its
    agency sees nothing of the dossier (no page, no slip, no file, no line in its lists).
    `arrival_recorded`: the step's arrival moment is on record (set by `arrive`).
    """
    if state is TaskState.WAITING:
        return False
    if state is TaskState.CANCELLED:
        return arrival_recorded
    return True


class Relation(Enum):
    """What an actor is, with respect to one dossier or one task."""

    OWNER = "owner"  # the citizen whose dossier it is
    ONE_STOP = "one_stop"  # reception officer or unit head of the receiving unit
    ACTIVE_ASSIGNEE = "active_assignee"  # specialist assigned to one of its active tasks
    ACTIVE_LEADER = "active_leader"  # leader of an agency that has one of its active tasks
    TASK_LEADER = "task_leader"  # leader of the task's agency
    TASK_ASSIGNEE = "task_assignee"  # the task's assignee (specialist, or self-assigned leader)
    SYSTEM = "system"  # the workflow engine
    ADMIN = "admin"


R = Relation

# Several triggers are open to both the applicant and the counter: an online act by the
# applicant, or the same act done on paper at the one-stop unit (documents brought in, fee
# collected in cash, withdrawal asked for in person).
DOSSIER_PERMISSIONS: Mapping[str, frozenset[Relation]] = MappingProxyType(
    {
        "submit": frozenset({R.OWNER}),
        "receive_at_counter": frozenset({R.ONE_STOP}),
        "receive": frozenset({R.ONE_STOP}),
        "refuse": frozenset({R.ONE_STOP}),
        "return_for_completion": frozenset({R.ONE_STOP}),
        "dispatch": frozenset({R.ONE_STOP}),
        # Agencies ask for supplements only through the one-stop unit; the request itself
        # comes from whoever handles the file at the agency.
        "request_supplement": frozenset({R.ACTIVE_ASSIGNEE, R.ACTIVE_LEADER}),
        "supply_supplement": frozenset({R.OWNER, R.ONE_STOP}),
        "close_unsupplemented": frozenset({R.ONE_STOP}),
        "request_payment": frozenset({R.ACTIVE_ASSIGNEE, R.ACTIVE_LEADER}),
        "confirm_payment": frozenset({R.OWNER, R.ONE_STOP}),
        # Mẫu 04 is signed by the head of the agency at fault, not by a specialist.
        "apologise": frozenset({R.ACTIVE_LEADER}),
        # The processing end time is the moment of the last approval: the engine decides it.
        "finish": frozenset({R.SYSTEM}),
        "return_result": frozenset({R.ONE_STOP}),
        "request_withdrawal": frozenset({R.OWNER, R.ONE_STOP}),
        "confirm_withdrawal": frozenset({R.ONE_STOP}),
        "void": frozenset({R.ADMIN}),
    }
)

TASK_PERMISSIONS: Mapping[str, frozenset[Relation]] = MappingProxyType(
    {
        # A step arrives when the previous stage is done, and is cancelled when the route
        # ends early (a denial, a withdrawal): both follow from other acts, never by hand.
        "arrive": frozenset({R.SYSTEM}),
        "cancel": frozenset({R.SYSTEM}),
        # Trả ngay: the counter's single operation completes the step; the officer who did
        # it is named on the dossier's events around it.
        "complete_at_counter": frozenset({R.SYSTEM}),
        "assign": frozenset({R.TASK_LEADER}),
        "reassign": frozenset({R.TASK_LEADER}),
        "propose": frozenset({R.TASK_ASSIGNEE}),
        "approve": frozenset({R.TASK_LEADER}),
        "send_back": frozenset({R.TASK_LEADER}),
        "deny": frozenset({R.TASK_LEADER, R.TASK_ASSIGNEE}),
    }
)

# A trigger added to a workflow table without a rule would be open to nobody, silently.
if set(DOSSIER_PERMISSIONS) != DOSSIER_TRIGGERS or set(TASK_PERMISSIONS) != TASK_TRIGGERS:
    raise RuntimeError("permission tables and workflow tables list different triggers")


def dossier_relations(actor: Actor, facts: DossierFacts) -> frozenset[Relation]:
    if actor.is_system:
        return frozenset({R.SYSTEM})
    found: set[Relation] = set()
    if actor.role is Role.ADMIN:
        found.add(R.ADMIN)
    if actor.role is Role.CITIZEN and _same(actor.user_id, facts.owner_user_id):
        found.add(R.OWNER)
    if answers_for_unit(actor, facts.receiving_unit_id):
        found.add(R.ONE_STOP)
    if actor.role is Role.SPECIALIST and actor.user_id in facts.active_task_assignee_ids:
        found.add(R.ACTIVE_ASSIGNEE)
    if actor.role is Role.LEADER and actor.agency_id in facts.active_task_agency_ids:
        found.add(R.ACTIVE_LEADER)
    return frozenset(found)


def task_relations(actor: Actor, task: TaskFacts) -> frozenset[Relation]:
    if actor.is_system:
        return frozenset({R.SYSTEM})
    found: set[Relation] = set()
    if actor.role is Role.LEADER and _same(actor.agency_id, task.agency_id):
        found.add(R.TASK_LEADER)
    if actor.role in (Role.SPECIALIST, Role.LEADER) and _same(actor.user_id, task.assignee_id):
        found.add(R.TASK_ASSIGNEE)
    return frozenset(found)


def _same(mine: int | None, theirs: int | None) -> bool:
    # None never matches None: an anonymous user does not own an account-less counter dossier.
    return mine is not None and mine == theirs


def may_fire_dossier(actor: Actor, trigger: str, facts: DossierFacts) -> bool:
    """Whether `actor` may fire `trigger` on this dossier. Unknown triggers: False."""
    allowed = DOSSIER_PERMISSIONS.get(trigger) if isinstance(trigger, str) else None
    return bool(allowed and allowed & dossier_relations(actor, facts))


def may_fire_task(actor: Actor, trigger: str, task: TaskFacts) -> bool:
    allowed = TASK_PERMISSIONS.get(trigger) if isinstance(trigger, str) else None
    return bool(allowed and allowed & task_relations(actor, task))


def may_view_dossier(actor: Actor, facts: DossierFacts) -> bool:
    """Citizens see their own dossiers; the receiving unit (and the unit it was merged
    into) sees what it received; agencies
    see dossiers with a task of theirs (see DossierFacts); supervisors and admins see all."""
    if actor.is_system or actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    if actor.role is Role.CITIZEN:
        return _same(actor.user_id, facts.owner_user_id)
    if actor.role in UNIT_DESK_ROLES:
        return answers_for_unit(actor, facts.receiving_unit_id)
    if actor.role in (Role.SPECIALIST, Role.LEADER):
        return (
            actor.agency_id in facts.active_task_agency_ids
            or actor.user_id in facts.active_task_assignee_ids
        )
    return False


def require_dossier(actor: Actor, trigger: str, facts: DossierFacts) -> None:
    if not may_fire_dossier(actor, trigger, facts):
        raise _denied(trigger, "dossier", actor)


def require_task(actor: Actor, trigger: str, task: TaskFacts) -> None:
    if not may_fire_task(actor, trigger, task):
        raise _denied(trigger, "task", actor)


def allowed_dossier_triggers(
    actor: Actor, state: DossierState, facts: DossierFacts
) -> tuple[str, ...]:
    """The buttons to show: valid from `state` and permitted to `actor`, in table order."""
    return tuple(t for t in dossier_triggers_from(state) if may_fire_dossier(actor, t, facts))


def allowed_task_triggers(actor: Actor, state: TaskState, task: TaskFacts) -> tuple[str, ...]:
    return tuple(t for t in task_triggers_from(state) if may_fire_task(actor, t, task))


# Whole sentences per subject, so each translates as one (docs/architecture.md#errors).
_DENIALS = {
    "dossier": (
        N_("Bạn không có quyền thực hiện «%(action)s» đối với hồ sơ này."),
        N_("Bạn không có quyền thực hiện thao tác này đối với hồ sơ này."),
    ),
    "task": (
        N_("Bạn không có quyền thực hiện «%(action)s» đối với bước xử lý này."),
        N_("Bạn không có quyền thực hiện thao tác này đối với bước xử lý này."),
    ),
}


def _denied(trigger: str, kind: str, actor: Actor) -> PermissionDenied:
    known = DOSSIER_TRIGGERS if kind == "dossier" else TASK_TRIGGERS
    named, unnamed = _DENIALS[kind]
    if isinstance(trigger, str) and trigger in known:
        message = Message(named, {"action": trigger_spec(trigger, kind)["label"]})
    else:
        message = unnamed  # an unknown name came from the request: do not echo it
    return PermissionDenied(message, trigger=trigger, role=actor.role.value)
