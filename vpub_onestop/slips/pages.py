"""What each form prints, gathered from the records (never retyped): one builder per form.

A builder returns the template context; `Header` is the block every form opens with (unit
on the left, national motto on the right, form number, document number, place and date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain import formatting
from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.fees import describe_fee
from vpub_onestop.models import Agency, CounterGuidance, Dossier, DossierFile, RequiredDocument
from vpub_onestop.public_address import public_url
from vpub_onestop.queries.agencies import agency_name_on
from vpub_onestop.slips.facts import EventFact, latest
from vpub_onestop.slips.forms import SlipForm
from vpub_onestop.slips.pdf import qr_data_uri
from vpub_onestop.slips.text import (
    DEFAULT_PLACE,
    channel_label,
    delivery_label,
    hour_minute_day,
    place_and_date,
)


@dataclass(frozen=True)
class Header:
    parent_name: str | None
    unit_name: str
    form_number: str
    number: str | None
    place_date: str


@dataclass(frozen=True)
class DocumentLine:
    name: str
    originals: int
    copies: int
    files: int


def place_name() -> str:
    return str(current_app.config.get("SLIP_PLACE_NAME", DEFAULT_PLACE))


def name_on(agency: Agency, moment: date | datetime | None) -> str:
    """The name `agency` bore on the slip's date: a slip of a dossier received before a
    rename prints the old name (docs/domain.md#agency-administration)."""
    if moment is None:
        return agency.name
    return agency_name_on(agency, formatting.local_day(moment))


def unit_name(dossier: Dossier) -> str:
    """The receiving unit as it was named when the dossier came in."""
    return name_on(dossier.receiving_unit, dossier.received_at or dossier.submitted_at)


def header(agency: Agency, form: SlipForm, number: str | None, moment: date | datetime) -> Header:
    return Header(
        parent_name=name_on(agency.parent, moment) if agency.parent is not None else None,
        unit_name=name_on(agency, moment),
        form_number=form.number,
        number=number,
        place_date=place_and_date(place_name(), moment),
    )


def applicant(dossier: Dossier) -> dict[str, Any]:
    """The person who submitted, and the owner when the file is someone else's."""
    owner_differs = bool(dossier.owner_name) and dossier.owner_name != dossier.applicant_name
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "owner_name": dossier.owner_name if owner_differs else None,
        "owner_id_number": dossier.owner_id_number if owner_differs else None,
        "owner_address": dossier.owner_address if owner_differs else None,
    }


def procedure_line(dossier: Dossier) -> str:
    return f"{dossier.procedure.name} (mã thủ tục {dossier.procedure.code})"


def _documents(session: Session, dossier: Dossier) -> list[DocumentLine]:
    """The procedure's documents (the version the dossier was received under): the
    mandatory ones, and optional ones only when a file was given for them."""
    files = dict(
        session.execute(
            select(DossierFile.required_document_id, func.count())
            .where(DossierFile.dossier_id == dossier.id, DossierFile.kind == "component")
            .group_by(DossierFile.required_document_id)
        ).all()
    )
    documents = session.scalars(
        select(RequiredDocument)
        .where(RequiredDocument.procedure_id == dossier.procedure_id)
        .order_by(RequiredDocument.position, RequiredDocument.id)
    ).all()
    return [
        DocumentLine(doc.name, doc.originals, doc.copies, int(files.get(doc.id, 0)))
        for doc in documents
        if doc.mandatory or files.get(doc.id)
    ]


def receipt(session: Session, dossier: Dossier, events: list[EventFact]) -> dict[str, Any]:
    """Mẫu 01."""
    assert dossier.code is not None and dossier.lookup_key is not None
    lookup_url = public_url("/tra-cuu", ma=dossier.code, khoa=dossier.lookup_key)
    received = latest(events, ("receive", "receive_at_counter"))
    return {
        "code": dossier.code,
        "lookup_key": dossier.lookup_key,
        "lookup_url": lookup_url,
        "qr": qr_data_uri(lookup_url),
        "unit_name": unit_name(dossier),
        "applicant": applicant(dossier),
        "procedure": procedure_line(dossier),
        "documents": _documents(session, dossier),
        "online": dossier.channel == "online",
        "channel": channel_label(dossier.channel),
        "sets_count": dossier.sets_count,
        "limit": TimeLimit.parse(dossier.procedure.limit_text).label_vi,
        "submitted": hour_minute_day(dossier.submitted_at),
        "received": hour_minute_day(dossier.received_at),
        "appointment": hour_minute_day(dossier.appointment_at),
        "provisional": dossier.due_provisional,
        "delivery": delivery_label(dossier.result_delivery),
        "fee_vnd": dossier.fee_vnd,
        "fee_receipt_number": dossier.fee_receipt_number,
        # Nothing paid at the counter (an online file): the procedure's fee, so the
        # applicant knows what is due, a tiered tariff with its tiers.
        "fee": describe_fee(dossier.procedure.fee_rule),
        "officer": received.actor_name if received else None,
    }


def _items(raw: object) -> list[dict[str, str]]:
    """{"name", "reason"} pairs as stored by the services (tolerant of missing keys)."""
    items: list[dict[str, str]] = []
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and str(item.get("name", "")).strip():
                items.append(
                    {"name": str(item["name"]).strip(), "reason": str(item.get("reason") or "")}
                )
    return items


def supplement(dossier: Dossier, event: EventFact) -> dict[str, Any]:
    """Mẫu 02 from the request (an agency's, or the counter's before receipt)."""
    raw = event.data.get("items") or event.data.get("missing_items")
    return {
        "code": dossier.code,
        "applicant": applicant(dossier),
        "procedure": procedure_line(dossier),
        "items": _items(raw),
        "reason": event.note,
        "before_receipt": event.trigger == "return_for_completion",
        "rules_url": public_url(f"/thu-tuc/{dossier.procedure.code}"),
        "contact_name": event.actor_name,
        "contact_phone": event.actor_phone,
        "contact_agency": event.actor_agency_name or unit_name(dossier),
        "signer": event.actor_name,
        "issued": hour_minute_day(event.at),
        # Before receipt the applicant resubmits; after it, they have until this moment.
        "deadline": None
        if event.trigger == "return_for_completion"
        else hour_minute_day(_iso(event.data.get("deadline"))),
    }


def guidance(
    guide: CounterGuidance,
    officer_name: str | None,
    officer_phone: str | None,
    procedure_name: str,
    procedure_code: str,
    unit_name: str,
) -> dict[str, Any]:
    """Mẫu 02 for an incomplete file at the counter: no dossier, no code."""
    return {
        "code": None,
        "applicant": {
            "name": guide.applicant_name,
            "address": guide.applicant_address,
            "phone": guide.applicant_phone,
            "email": None,
        },
        "procedure": f"{procedure_name} (mã thủ tục {procedure_code})",
        "items": _items(guide.items),
        "reason": guide.note,
        "before_receipt": True,
        "rules_url": public_url(f"/thu-tuc/{procedure_code}"),
        "contact_name": officer_name,
        "contact_phone": officer_phone,
        "contact_agency": unit_name,
        "signer": officer_name,
        "issued": hour_minute_day(guide.at),
    }


def refusal(dossier: Dossier, event: EventFact) -> dict[str, Any]:
    """Mẫu 03."""
    return {
        "code": dossier.code,
        "unit_name": unit_name(dossier),
        "applicant": applicant(dossier),
        "procedure": procedure_line(dossier),
        "online": dossier.channel == "online",
        "submitted": hour_minute_day(dossier.submitted_at),
        "reason": event.note or "",
        "contact_name": event.actor_name,
        "contact_phone": event.actor_phone,
        "signer": event.actor_name,
    }


def apology(dossier: Dossier, event: EventFact, agency: Agency) -> dict[str, Any]:
    """Mẫu 04, in the name of the agency at fault."""
    return {
        "code": dossier.code,
        "agency_name": agency.name,
        "unit_name": unit_name(dossier),
        "applicant": applicant(dossier),
        "procedure": dossier.procedure.name,
        "received_day": dossier.received_at,
        "old_appointment": hour_minute_day(_iso(event.data.get("old_appointment"))),
        "new_appointment": hour_minute_day(_iso(event.data.get("new_appointment"))),
        "reason": event.note or "",
        "signer": event.actor_name,
        # Issued after its last day: the form says so, it never hides the delay.
        "late": bool(event.data.get("late")),
        "issued": hour_minute_day(event.at),
    }


def stop_notice(dossier: Dossier, event: EventFact, request: EventFact | None) -> dict[str, Any]:
    """Circular 03/2025 form 05: processing stopped, the supplement never came."""
    return {
        "code": dossier.code,
        "unit_name": unit_name(dossier),
        "applicant": applicant(dossier),
        "procedure": procedure_line(dossier),
        "received": hour_minute_day(dossier.received_at),
        "requested": hour_minute_day(request.at) if request else None,
        "deadline": hour_minute_day(_iso(event.data.get("deadline"))),
        "reason": event.note or "",
        "signer": event.actor_name,
        "contact_phone": event.actor_phone,
    }


def denial_notice(dossier: Dossier, event: EventFact, agency_name: str | None) -> dict[str, Any]:
    """The written answer to a denial after appraisal, with the reasons."""
    return {
        "code": dossier.code,
        "unit_name": unit_name(dossier),
        "agency_name": agency_name or unit_name(dossier),
        "applicant": applicant(dossier),
        "procedure": procedure_line(dossier),
        "received": hour_minute_day(dossier.received_at),
        "decided": hour_minute_day(event.at),
        "reason": event.note or "",
        "signer": event.actor_name,
    }


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
