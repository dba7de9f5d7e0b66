"""Who sees what of a dossier: one rule for every page, download, slip, export and message.

Decree 61/2018 Art. 19 and Decree 45/2020 (electronic results): the applicant receives the
result the competent person signed, and follows the public status of the file; the
agencies of an inter-agency route work on the applicant's file handed over to them, each on
its own step; the one-stop unit that received the dossier, its head and the supervising
office see the whole record (supervisors without acting on it). See docs/domain.md#who-sees-what.

Two small fact objects meet here: a `Viewer` (what the person is to this dossier) and an
`Item` (what is about to be shown). `may_see(viewer, item)` answers, and nothing else in
the code base decides it. Pure: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from vpub_onestop.domain.permissions import (
    Actor,
    DossierFacts,
    answers_for_unit,
    may_view_dossier,
)
from vpub_onestop.domain.roles import Role


class Audience(Enum):
    """A viewer's relation to one dossier, from the most to the least trusted."""

    ADMIN = "admin"
    SUPERVISOR = "supervisor"  # the supervising office: everything, read-only
    ONE_STOP = "one_stop"  # officers and head of the unit that received the dossier
    AGENCY = "agency"  # specialist or leader of an agency with a step in the route
    OWNER = "owner"  # the applicant's own account
    RECEIPT_HOLDER = "receipt_holder"  # anyone with the code and key (the public lookup)
    NONE = "none"  # may not see the dossier at all


class Kind(Enum):
    """What an item shown about a dossier is."""

    APPLICANT_FILE = "applicant_file"  # a document the applicant submitted (any round)
    STATUS_CHANGE = "status_change"  # the public wording of a change of state
    HAND_OVER = "hand_over"  # who handed the file to whom, and when (staff names)
    NOTICE = "notice"  # words addressed to the applicant, or written by the applicant
    APPLICANT_SLIP = "applicant_slip"  # an official slip addressed to the applicant
    CONTROL_SLIP = "control_slip"  # Mẫu 05, the officers' record of the hand-overs
    STEP_NOTE = "step_note"  # an agency's remark on its own step
    DRAFT = "draft"  # a specialist's draft of the step's document
    WORKING_FILE = "working_file"  # a file an agency attached while working on its step
    RELEASED_RESULT = "released_result"  # the document the approving leader released
    INTERNAL_NOTE = "internal_note"  # the one-stop unit's own remark on an act


# Items every viewer of the dossier may see, the applicant included.
_PUBLIC = frozenset({Kind.APPLICANT_FILE, Kind.STATUS_CHANGE, Kind.NOTICE, Kind.APPLICANT_SLIP})
# Items about the file's journey that every agency of the route shares.
_ROUTE = _PUBLIC | {Kind.HAND_OVER, Kind.CONTROL_SLIP}
# An agency's own work, private to it until handed over.
_STEP_WORK = frozenset({Kind.STEP_NOTE, Kind.DRAFT, Kind.WORKING_FILE, Kind.RELEASED_RESULT})


@dataclass(frozen=True)
class Viewer:
    audience: Audience
    # For an agency: its own agency and the stages of the route where it has a step.
    agency_id: int | None = None
    stages: frozenset[int] = frozenset()

    @property
    def read_only(self) -> bool:
        """Supervisors look; they never act on a dossier of a unit they oversee."""
        return self.audience is Audience.SUPERVISOR

    @property
    def is_staff(self) -> bool:
        return self.audience in (
            Audience.ADMIN,
            Audience.SUPERVISOR,
            Audience.ONE_STOP,
            Audience.AGENCY,
        )


@dataclass(frozen=True)
class Item:
    kind: Kind
    # For an agency's work: the agency whose step it is, and that step's stage.
    agency_id: int | None = None
    stage: int | None = None
    # A draft the step's leader approved travels with the file to the later stages.
    approved: bool = False
    # A released result reaches the applicant when the dossier is handed back.
    handed_over: bool = False


PUBLIC_LOOKUP = Viewer(Audience.RECEIPT_HOLDER)
# The applicant as the recipient of messages (email, SMS), with or without an account.
APPLICANT = Viewer(Audience.OWNER)

# Notes that are reasons or requests addressed to the applicant (they reach the applicant
# on a slip or in a message), or the applicant's own words. Any other note on an act of the
# one-stop unit is internal to it; any other note on a step is the agency's own.
NOTICE_TRIGGERS = frozenset(
    {
        "refuse",
        "return_for_completion",
        "request_supplement",
        "supply_supplement",
        "close_unsupplemented",
        "request_payment",
        "apologise",
        "request_withdrawal",
        "task.deny",  # the reasons of a denial are the applicant's answer
    }
)


def viewer_of(
    actor: Actor, facts: DossierFacts, agency_stages: Mapping[int, frozenset[int]]
) -> Viewer:
    """What `actor` is to a dossier. `facts` counts every task the dossier ever had (the
    viewing facts); `agency_stages` maps each agency of the route to its stages."""
    if not may_view_dossier(actor, facts):
        return Viewer(Audience.NONE)
    if actor.is_system or actor.role is Role.ADMIN:
        return Viewer(Audience.ADMIN)
    if actor.role is Role.SUPERVISOR:
        return Viewer(Audience.SUPERVISOR)
    if actor.role is Role.CITIZEN:
        return Viewer(Audience.OWNER)
    if actor.role in (Role.RECEPTION, Role.UNIT_HEAD):
        return Viewer(Audience.ONE_STOP)
    stages = agency_stages.get(actor.agency_id, frozenset()) if actor.agency_id else frozenset()
    return Viewer(Audience.AGENCY, actor.agency_id, stages)


def counter_guidance_viewer(actor: Actor, unit_id: int) -> Viewer:
    """What `actor` is to a guidance logged at a unit's counter (the Mẫu 02 handed to a
    walk-in whose file was incomplete: no dossier exists). It is the one-stop unit's record,
    seen like the dossiers that unit receives: by its officers and head, by the supervising
    office (read-only) and by administrators; by nobody else (docs/domain.md#who-sees-what)."""
    if actor.role is Role.ADMIN:
        return Viewer(Audience.ADMIN)
    if actor.role is Role.SUPERVISOR:
        return Viewer(Audience.SUPERVISOR)
    if answers_for_unit(actor, unit_id):
        return Viewer(Audience.ONE_STOP)
    return Viewer(Audience.NONE)


def may_see(viewer: Viewer, item: Item) -> bool:
    """Whether `item` of a dossier is shown to `viewer`."""
    audience = viewer.audience
    if audience in (Audience.ADMIN, Audience.SUPERVISOR, Audience.ONE_STOP):
        return True
    if audience is Audience.RECEIPT_HOLDER:
        # The lookup shows progress to whoever holds the receipt: no files, no words.
        return item.kind is Kind.STATUS_CHANGE
    if audience is Audience.OWNER:
        if item.kind is Kind.RELEASED_RESULT:
            return item.handed_over
        return item.kind in _PUBLIC
    if audience is Audience.AGENCY:
        if item.kind in _ROUTE:
            return True
        if item.kind not in _STEP_WORK:
            return False  # the one-stop unit's internal remarks
        if item.agency_id is not None and item.agency_id == viewer.agency_id:
            return True
        return _handed_to(viewer, item)
    return False


def _handed_to(viewer: Viewer, item: Item) -> bool:
    """An approved draft or a released result of an earlier stage came with the file to
    this agency's later step; parallel and later agencies' work never did."""
    if item.kind not in (Kind.DRAFT, Kind.RELEASED_RESULT) or item.stage is None:
        return False
    if item.kind is Kind.DRAFT and not item.approved:
        return False
    return any(stage > item.stage for stage in viewer.stages)


def note_item(trigger: str, agency_id: int | None = None, stage: int | None = None) -> Item:
    """What the note written on an event is: a notice, a step's remark or an internal one.
    `agency_id`/`stage` are the step's when the event belongs to a step."""
    if trigger in NOTICE_TRIGGERS:
        return Item(Kind.NOTICE)
    if trigger.startswith("task."):
        return Item(Kind.STEP_NOTE, agency_id, stage)
    return Item(Kind.INTERNAL_NOTE)


class FileKind(Enum):
    """The `kind` stored on a dossier file row."""

    COMPONENT = "component"  # the applicant's document
    DRAFT = "draft"  # a step's proposed document (released as the result when approved)
    WORKING = "working"  # a step's working file


def file_item(
    kind: str,
    *,
    released: bool,
    agency_id: int | None,
    stage: int | None,
    approved: bool,
    handed_over: bool,
) -> Item:
    """A stored file as an item. `approved`: its step was approved; `handed_over`: the
    dossier's result has been returned to the applicant."""
    if kind == FileKind.COMPONENT.value:
        return Item(Kind.APPLICANT_FILE)
    if released:
        return Item(Kind.RELEASED_RESULT, agency_id, stage, approved=True, handed_over=handed_over)
    if kind == FileKind.DRAFT.value:
        return Item(Kind.DRAFT, agency_id, stage, approved=approved)
    return Item(Kind.WORKING_FILE, agency_id, stage)


def releases_result(stage: int, last_stage: int) -> bool:
    """The document approved on a step of the route's last stage is the dossier's result
    (one per step when that stage runs agencies in parallel); earlier stages' documents
    are inputs for the next agency, not results."""
    return stage == last_stage
