"""A dossier's history in the words its applicant reads: the wording of each change, and the
compact form in which the dossier keeps its public timeline.

Every viewer of a dossier reads the same public wording of each change; the public lookup
(whoever holds the receipt) reads nothing else: no staff name, no note
(docs/domain.md#who-sees-what). The transition path keeps that public part of the history
on the dossier row as it writes each event, so the lookup answers from one row
(docs/architecture.md#public-timeline). Pure: no database, no clock.

A stored entry is a JSON array `[at, wording key, state after, agency, role]`: `at` the
event's moment as naive UTC ISO text, the wording key the event's trigger (or
`trigger/variant` when what the event recorded changes its wording), `agency` the name of
the agency whose step it was (null for the dossier's own changes), `role` the actor's role
value ("system" for the engine).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from vpub_onestop.domain.errors import TransitionNotAllowed
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.workflow import trigger_label

TASK_PREFIX = "task."
VARIANT_SEPARATOR = "/"


@dataclass(frozen=True)
class Variant:
    """A change whose public wording depends on one fact it recorded: the applicant reads
    that a denial came with a written answer, that an apology was late, that a stop was
    notified, that the result was handed over at once."""

    trigger: str
    fact: str
    value: str | bool
    wording: str

    @property
    def key(self) -> str:
        return f"{self.trigger}{VARIANT_SEPARATOR}{self.fact}"


DENIED_WORDING = "Từ chối giải quyết, có văn bản trả lời nêu lý do"
LATE_APOLOGY_WORDING = "Xin lỗi và hẹn lại ngày trả kết quả (xin lỗi muộn)"
STOP_NOTICE_WORDING = "Dừng giải quyết hồ sơ, đã gửi thông báo cho người nộp"
IMMEDIATE_WORDING = "Trả kết quả ngay tại quầy"

VARIANTS: tuple[Variant, ...] = (
    Variant("finish", "outcome", "denied", DENIED_WORDING),
    Variant("apologise", "late", True, LATE_APOLOGY_WORDING),
    Variant("close_unsupplemented", "notice", True, STOP_NOTICE_WORDING),
    Variant("return_result", "immediate", True, IMMEDIATE_WORDING),
)
_VARIANT_BY_TRIGGER = {variant.trigger: variant for variant in VARIANTS}
_VARIANT_WORDING = {variant.key: variant.wording for variant in VARIANTS}


def wording_key(trigger: str, data: dict[str, Any] | None) -> str:
    """What decides an event's public wording: its trigger, and for a few triggers one fact."""
    variant = _VARIANT_BY_TRIGGER.get(trigger)
    if variant is not None and data and data.get(variant.fact) == variant.value:
        # `== True` on purpose: only a recorded true flag, as the stored key's rebuild reads it.
        return variant.key
    return trigger


@cache
def wording(key: str) -> str:
    """The Vietnamese wording of a change (a handful of keys: resolved once per process)."""
    variant = _VARIANT_WORDING.get(key)
    if variant is not None:
        return variant
    kind, name = ("task", key[len(TASK_PREFIX) :]) if is_step(key) else ("dossier", key)
    try:
        return trigger_label(name, kind)
    except TransitionNotAllowed:
        return key


def event_label(trigger: str, data: dict[str, Any] | None) -> str:
    return wording(wording_key(trigger, data))


def is_step(trigger: str) -> bool:
    """A step's own change (its trigger carries the prefix the transition path gives it)."""
    return trigger.startswith(TASK_PREFIX)


@cache
def state_label(trigger: str, state: str) -> str:
    """The state after the change: a step's state for a step's change, else the dossier's."""
    states = TaskState if is_step(trigger) else DossierState
    return states(state).label_vi


@cache
def role_label(role: str) -> str:
    return "Hệ thống" if role == "system" else Role(role).label_vi


@dataclass(frozen=True)
class PublicEntry:
    """One change as the public timeline keeps it."""

    at: datetime  # aware UTC
    key: str  # the wording key
    state: str  # the state's value after the change
    agency_name: str | None
    role: str

    @property
    def is_step(self) -> bool:
        return is_step(self.key)


def encode_entry(
    at: datetime, key: str, state: str, agency_name: str | None, role: str
) -> list[Any]:
    """The entry as stored: the moment as naive UTC (as the database keeps moments)."""
    naive = at.astimezone(UTC).replace(tzinfo=None)
    return [naive.isoformat(), key, state, agency_name, role]


def as_json(value: Any) -> str:
    """The stored text of a timeline (a list of entries) or of a part of one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode_timeline(stored: str | None) -> list[PublicEntry]:
    """The stored timeline (None: a dossier that has no change yet), oldest change first.
    The database may write the moment with a space or a `T` (a rebuild by SQL, or the
    transition path): both read the same."""
    if not stored:
        return []
    entries = [
        PublicEntry(datetime.fromisoformat(at).replace(tzinfo=UTC), key, state, agency, role)
        for at, key, state, agency, role in json.loads(stored)
    ]
    # Already in order when written; stable, so changes of one moment keep their order.
    entries.sort(key=_moment)
    return entries


def _moment(entry: PublicEntry) -> datetime:
    return entry.at
