"""Which papers of a procedure's checklist are missing, and the one-time guidance for them.

Decree 61/2018 Art. 18: an incomplete file is not received; the applicant gets one
complete written guidance (Mẫu 02) listing every paper to add or correct, so that a
second visit is never needed for something the first could have said.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

DEFAULT_MISSING_REASON = "Chưa có trong hồ sơ"


class Paper(Protocol):
    """A checklist item of a procedure (a RequiredDocument, or anything shaped like one)."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def mandatory(self) -> bool: ...


P = TypeVar("P", bound=Paper)


@dataclass(frozen=True)
class MissingItem:
    """One line of the guidance: the paper and what the applicant must do about it."""

    required_document_id: int | None
    name: str
    reason: str


def missing_mandatory(papers: Iterable[P], present_ids: Collection[int | None]) -> list[P]:
    """The mandatory papers not among `present_ids`, in checklist order. An optional paper
    is never "missing"."""
    return [paper for paper in papers if paper.mandatory and paper.id not in present_ids]


def guidance_items(
    papers: Iterable[Paper],
    present_ids: Collection[int | None],
    reasons: Mapping[int, str],
    default_reason: str = DEFAULT_MISSING_REASON,
) -> tuple[MissingItem, ...]:
    """Every mandatory paper not in hand, and any paper (even present, even optional) the
    officer wrote a reason for (present but invalid: an expired card, an uncertified copy).
    A missing paper with no reason written gets the default one."""
    items = []
    for paper in papers:
        reason = (reasons.get(paper.id) or "").strip()
        absent = paper.mandatory and paper.id not in present_ids
        if absent or reason:
            items.append(MissingItem(paper.id, paper.name, reason or default_reason))
    return tuple(items)
