"""Agencies as the administrator keeps them (docs/domain.md#agency-administration): the
official code's shape, the levels, validity dates, the name an agency bore on a given day,
and what a merge may join. Pure: the services check these rules before writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from vpub_onestop.domain import formatting
from vpub_onestop.domain.errors import N_, Message

# Two-level local government since 1 July 2025 (Decree 118/2025): an agency belongs to the
# province or to a commune (ward, commune, special zone).
LEVELS = ("province", "commune")

# The electronic identifier of an agency, V1V2V3.Z1Z2.Y1Y2.MX1X2 (e.g. 000.00.00.H21):
# three groups of digits, then the province's letter and two digits
# (docs/domain.md#identifiers). It heads every dossier code the agency issues, so a typo
# would be printed on thousands of receipts: it is checked strictly, in capitals.
_AGENCY_CODE = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}")
# The short stable key of the seed files and demo logins.
_KEY = re.compile(r"[a-z0-9_]{2,40}")

NAME_MAX = 255
ADDRESS_MAX = 300
HOURS_MAX = 300


def normalize_code(text: str) -> str:
    """The code as typed (spaces around, a lower-case letter) in canonical form."""
    return text.strip().upper()


def is_agency_code(text: str) -> bool:
    return _AGENCY_CODE.fullmatch(text) is not None


def is_agency_key(text: str) -> bool:
    """Lower-case letters without accents, digits and underscores, 2 to 40 of them."""
    return _KEY.fullmatch(text) is not None


def is_open_on(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """An agency exists from valid_from to valid_to, both days included (a merged agency's
    last day is the day before the merger takes effect)."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def validity_error(valid_from: date | None, valid_to: date | None) -> str | None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        return N_("Ngày hết hiệu lực không được trước ngày có hiệu lực.")
    return None


@dataclass(frozen=True)
class NamePeriod:
    """A name and code an agency bore until `until` (its last day, included)."""

    name: str
    code: str
    until: date


def name_on(
    current_name: str, current_code: str, history: Sequence[NamePeriod], day: date
) -> tuple[str, str]:
    """(name, code) the agency bore on `day`: the earliest former name whose period had
    not ended by then, else the current one. An old slip prints the name it was issued
    under."""
    for period in sorted(history, key=lambda p: p.until):
        if day <= period.until:
            return period.name, period.code
    return current_name, current_code


def parent_cycle(agency_id: int, parent_id: int | None, parents: dict[int, int | None]) -> bool:
    """Whether making `parent_id` the parent of `agency_id` closes a loop in the tree
    (`parents`: every agency's current parent)."""
    seen: set[int] = set()
    current = parent_id
    while current is not None and current not in seen:
        if current == agency_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def merge_errors(sources: Iterable[int], target: int | None) -> list[str]:
    """Why this choice of agencies cannot be merged (empty: it can)."""
    chosen = list(sources)
    errors: list[str] = []
    if not chosen:
        errors.append(N_("Chọn ít nhất một cơ quan được sáp nhập."))
    if target is not None and target in chosen:
        errors.append(N_("Cơ quan tiếp nhận không được nằm trong các cơ quan được sáp nhập."))
    return errors


def merged_into(agency_id: int, successor_of: Mapping[int, int]) -> frozenset[int]:
    """The agencies whose work `agency_id` took over in a merger, directly or through a
    chain (A merged into B, then B into C: C answers for A and B).
    `successor_of` maps each merged agency to the agency it was merged into. The receiving
    unit stays on the dossier (Decree 61/2018 Art. 19); the successor's desk answers for it
    (docs/domain.md#merger-successor-desk)."""
    merged_by: dict[int, list[int]] = {}
    for merged, successor in successor_of.items():
        merged_by.setdefault(successor, []).append(merged)
    found: set[int] = set()
    waiting = list(merged_by.get(agency_id, ()))
    while waiting:
        current = waiting.pop()
        if current in found or current == agency_id:
            continue  # a loop in bad data must not hang a page
        found.add(current)
        waiting.extend(merged_by.get(current, ()))
    return frozenset(found)


def merge_waits(effective: date, today: date) -> bool:
    """A merger confirmed before its effective day waits for that day: nothing moves
    earlier (docs/domain.md#scheduled-merge)."""
    return effective > today


@dataclass(frozen=True)
class MergeParty:
    """What the merge rules need of an agency named in a merger."""

    id: int
    name: str
    valid_to: date | None
    merged_into_id: int | None
    scheduled_on: date | None = None  # a merger of it already waiting for its day


def merge_conflicts(
    sources: Sequence[MergeParty], target: MergeParty, effective: date
) -> list[Message]:
    """What stands against merging `sources` into `target` from `effective` (empty: none).
    Asked when the merger is confirmed and again when a scheduled one is carried out: an
    agency closed or merged elsewhere in the meantime stops it, whole."""
    problems: list[Message] = []
    last_day = effective - timedelta(days=1)
    for agency in sources:
        named = {"name": agency.name}
        if agency.merged_into_id is not None:
            problems.append(Message(N_("«%(name)s» đã được sáp nhập vào cơ quan khác."), named))
        elif agency.valid_to is not None and agency.valid_to < last_day:
            problems.append(Message(N_("«%(name)s» đã hết hiệu lực trước ngày sáp nhập."), named))
        if agency.scheduled_on is not None:
            problems.append(
                Message(
                    N_("«%(name)s» đã có lịch sáp nhập từ ngày %(day)s; hủy lịch đó trước."),
                    {**named, "day": formatting.day(agency.scheduled_on)},
                )
            )
    named = {"name": target.name}
    if target.merged_into_id is not None:
        problems.append(
            Message(N_("Cơ quan tiếp nhận «%(name)s» đã được sáp nhập vào cơ quan khác."), named)
        )
    elif target.valid_to is not None and target.valid_to < effective:
        problems.append(
            Message(N_("Cơ quan tiếp nhận «%(name)s» đã hết hiệu lực trước ngày sáp nhập."), named)
        )
    return problems
