"""One dossier as its owner sees it: facts, documents by round, what the office asked for,
the timeline, the slips that apply, and the actions open to the citizen now.

Only the owner gets it (the query filters on the owner): another citizen gets None (404).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.access.declaration import Declaration, declaration_of
from vpub_onestop.access.loading import dossier_facts
from vpub_onestop.access.visibility import may_see_file, viewer_for
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.permissions import Actor, allowed_dossier_triggers
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.visibility import Viewer
from vpub_onestop.models import (
    Agency,
    Dossier,
    DossierEvent,
    DossierFile,
    Procedure,
    Rating,
    RequiredDocument,
)
from vpub_onestop.queries import slip_list
from vpub_onestop.queries.citizen import days_left
from vpub_onestop.queries.lookup import DeadlineState, deadline_state, public_state_label
from vpub_onestop.queries.timeline import TimelineEntry, dossier_timeline

REQUEST_TRIGGERS = ("request_supplement", "return_for_completion")


@dataclass(frozen=True)
class FileLine:
    id: int
    name: str
    content_type: str
    size: int
    document_name: str | None
    uploaded_at: datetime
    result_code: str | None = None  # `<dossier code>-KQ<n>` for a released result


@dataclass(frozen=True)
class RoundGroup:
    number: int
    files: list[FileLine]


@dataclass(frozen=True)
class RequestInfo:
    """What the office asked for (supplement, or completion before receipt)."""

    kind: str  # request_supplement | return_for_completion
    at: datetime
    reason: str | None
    items: list[tuple[str, str]]  # (document, what is wrong with it)


@dataclass(frozen=True)
class ApplicantView:
    name: str
    id_number: str | None
    phone: str | None
    email: str | None
    address: str | None
    owner_name: str | None
    owner_id_number: str | None
    owner_address: str | None

    @classmethod
    def of(cls, dossier: Dossier) -> ApplicantView:
        return cls(
            dossier.applicant_name,
            dossier.applicant_id_number,
            dossier.applicant_phone,
            dossier.applicant_email,
            dossier.applicant_address,
            dossier.owner_name,
            dossier.owner_id_number,
            dossier.owner_address,
        )


@dataclass(frozen=True)
class DossierView:
    id: int
    version: int
    code: str | None
    lookup_key: str | None
    procedure_code: str
    procedure_name: str
    unit_name: str
    state: DossierState
    state_label: str
    applicant: ApplicantView
    result_delivery: str
    submitted_at: datetime | None
    received_at: datetime | None
    appointment_at: datetime | None
    original_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    documents: list[tuple[int, str]]  # the procedure's documents, for supplement uploads
    dossier: Dossier  # for slip rules only; templates get the fields above
    days_left: Decimal | None
    deadline: DeadlineState | None
    rounds: list[RoundGroup]
    results: list[FileLine]
    timeline: list[TimelineEntry]
    request: RequestInfo | None
    refusal_reason: str | None
    # A denial after appraisal: the written answer's reasons (also printable and sent).
    denial_reason: str | None
    rated: bool
    actions: frozenset[str] = field(default_factory=frozenset)
    # The procedure's fee rule (domain/fees.py words it): shown on the review page and the
    # acknowledgement, so the applicant knows what is due before the office asks.
    fee_rule: dict[str, Any] | None = None
    # The electronic declaration's answers (None: no form, or not filled in).
    declaration: Declaration | None = None


def _item_pairs(raw: Any) -> list[tuple[str, str]]:
    """Request items are dicts written by the office's forms; read the usual keys."""
    pairs = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            name = item.get("document") or item.get("name") or item.get("title") or ""
            why = item.get("reason") or item.get("note") or item.get("detail") or ""
            if name or why:
                pairs.append((str(name), str(why)))
        elif isinstance(item, str):
            pairs.append((item, ""))
    return pairs


def _latest_request(events: list[DossierEvent]) -> RequestInfo | None:
    for event in reversed(events):
        if event.trigger in REQUEST_TRIGGERS:
            data = event.data or {}
            items = data.get("items") if event.trigger == "request_supplement" else None
            raw = items if items is not None else data.get("missing_items")
            return RequestInfo(event.trigger, event.at, event.note, _item_pairs(raw))
    return None


def _files(
    session: Session, dossier: Dossier, viewer: Viewer
) -> tuple[list[RoundGroup], list[FileLine]]:
    """The applicant's documents by round, and the released results handed over to them;
    drafts and the agencies' working files are not theirs to see (domain.visibility)."""
    rows = session.execute(
        select(DossierFile, RequiredDocument.name)
        .outerjoin(RequiredDocument, RequiredDocument.id == DossierFile.required_document_id)
        .where(DossierFile.dossier_id == dossier.id)
        .order_by(DossierFile.round, RequiredDocument.position, DossierFile.id)
    ).all()
    by_round: dict[int, list[FileLine]] = defaultdict(list)
    results: list[FileLine] = []
    for row, document_name in rows:
        if not may_see_file(viewer, dossier, row):
            continue
        line = FileLine(
            row.id,
            row.original_name,
            row.content_type,
            row.size,
            document_name,
            row.uploaded_at,
            row.result_code,
        )
        if row.result_code is not None:
            results.append(line)
        else:
            by_round[row.round].append(line)
    rounds = [RoundGroup(number, files) for number, files in sorted(by_round.items())]
    results.sort(key=lambda line: (len(line.result_code or ""), line.result_code))
    return rounds, results


def citizen_actions(actor: Actor, dossier: Dossier, rated: bool) -> frozenset[str]:
    allowed = set(allowed_dossier_triggers(actor, dossier.state, dossier_facts(dossier)))
    actions: set[str] = {
        name for name in ("submit", "supply_supplement", "request_withdrawal") if name in allowed
    }
    if dossier.state is DossierState.RETURNED and not rated:
        actions.add("rate")
    return frozenset(actions)


def dossier_view(
    session: Session, actor: Actor, dossier_id: int, cal: WorkCalendar, now: datetime
) -> DossierView | None:
    row = session.execute(
        select(Dossier, Procedure.code, Procedure.name, Agency.name, Procedure.fee_rule)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Agency, Agency.id == Dossier.receiving_unit_id)
        .where(Dossier.id == dossier_id, Dossier.owner_user_id == actor.user_id)
    ).first()
    if row is None or actor.user_id is None:
        return None
    dossier, procedure_code, procedure_name, unit_name, fee_rule = row
    events = list(
        session.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id == dossier.id, DossierEvent.task_id.is_(None))
            .order_by(DossierEvent.at, DossierEvent.id)
        )
    )
    refusal = next((e.note for e in reversed(events) if e.trigger == "refuse"), None)
    denial = next(
        (
            str((e.data or {}).get("reason") or "")
            for e in reversed(events)
            if e.trigger == "finish" and (e.data or {}).get("outcome") == "denied"
        ),
        None,
    )
    rated = session.scalar(select(Rating.id).where(Rating.dossier_id == dossier.id)) is not None
    viewer = viewer_for(actor, dossier)
    rounds, results = _files(session, dossier, viewer)
    documents = session.execute(
        select(RequiredDocument.id, RequiredDocument.name)
        .where(RequiredDocument.procedure_id == dossier.procedure_id)
        .order_by(RequiredDocument.position, RequiredDocument.id)
    ).all()
    state = dossier.state
    return DossierView(
        id=dossier.id,
        version=dossier.version,
        code=dossier.code,
        lookup_key=dossier.lookup_key,
        procedure_code=procedure_code,
        procedure_name=procedure_name,
        unit_name=unit_name,
        state=state,
        state_label=public_state_label(state, dossier.code is not None),
        applicant=ApplicantView.of(dossier),
        result_delivery=dossier.result_delivery,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        appointment_at=dossier.appointment_at,
        original_due_at=dossier.original_due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        documents=[(doc_id, name) for doc_id, name in documents],
        dossier=dossier,
        days_left=days_left(state, dossier.due_at, cal, now),
        deadline=deadline_state(state, dossier.due_at, dossier.timeliness, cal, now),
        rounds=rounds,
        results=results,
        # Staff names and internal remarks stay inside the office (domain.visibility).
        timeline=dossier_timeline(session, dossier.id, viewer),
        request=_latest_request(events),
        refusal_reason=refusal,
        denial_reason=denial,
        rated=rated,
        actions=citizen_actions(actor, dossier, rated),
        fee_rule=fee_rule,
        declaration=declaration_of(dossier, viewer),
    )


def applicable_slips(session: Session, view: DossierView) -> list[tuple[str, str]]:
    """The official forms the owner may download (without the internal control slip)."""
    return slip_list.applicable_slips(session, view.dossier, for_citizen=True)
