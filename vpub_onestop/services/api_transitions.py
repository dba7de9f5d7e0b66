"""`POST /api/v1/dossiers/{code}/transitions`: a state change asked for by another system
or app goes through the very service its page button calls, so the version check (409
stale, 428 missing), the permission table and the effects (deadlines, notices, the feed)
are those of the page (docs/api.md#transitions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.services import closing, reception


@dataclass(frozen=True)
class TransitionRequest:
    trigger: str
    expected_version: int | None
    note: str = ""


Call = Callable[[Actor, int, TransitionRequest, datetime | None], object]


def _needs_note(req: TransitionRequest) -> str:
    if not req.note.strip():
        raise ValidationError(
            N_("Vui lòng ghi rõ lý do."), {"note": N_("Lý do là bắt buộc (ít nhất 5 ký tự).")}
        )
    return req.note


# The dossier triggers whose page form asks for nothing but a note. Steps' work (assign,
# propose, approve) and acts that need a document or a payment stay on the pages.
CALLS: dict[str, Call] = {
    "receive": lambda a, i, r, now: reception.receive_dossier(
        a, i, expected_version=r.expected_version, now=now
    ),
    "refuse": lambda a, i, r, now: reception.refuse_dossier(
        a, i, _needs_note(r), expected_version=r.expected_version, now=now
    ),
    "return_for_completion": lambda a, i, r, now: reception.return_for_completion(
        a, i, _needs_note(r), expected_version=r.expected_version, now=now
    ),
    "dispatch": lambda a, i, r, now: reception.dispatch_dossier(
        a, i, expected_version=r.expected_version, now=now
    ),
    "request_withdrawal": lambda a, i, r, now: closing.request_withdrawal(
        a, i, _needs_note(r), expected_version=r.expected_version, now=now
    ),
    "confirm_withdrawal": lambda a, i, r, now: closing.confirm_withdrawal(
        a, i, expected_version=r.expected_version, now=now
    ),
}


def fire(
    actor: Actor, dossier_id: int, req: TransitionRequest, now: datetime | None = None
) -> None:
    call = CALLS.get(req.trigger)
    if call is None:
        raise ValidationError(
            N_("Thao tác không được hỗ trợ qua API."),
            {"trigger": N_("Chọn một trong: %(names)s.", names=", ".join(sorted(CALLS)))},
        )
    call(actor, dossier_id, req, now)
