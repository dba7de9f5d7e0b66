"""The catalogue as a file (docs/domain.md#catalogue-import): the published version of
every procedure, with the agencies its routes name, in the demo seed's JSON shape; the
import reads the same shape back, so an export imported again changes nothing.

With `templates`, each paper's uploaded template is described (file name, type, size,
sha256 and its member in a .zip export: queries/catalogue_bundle.py); the plain JSON says
nothing of them, and importing it keeps the templates in force."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vpub_onestop.domain.catalogue_bundle import template_member
from vpub_onestop.domain.catalogue_entry import RECEIVING_UNIT
from vpub_onestop.models import Agency, Procedure, RequiredDocument
from vpub_onestop.storage.digests import stored_sha256

ABOUT = "vpub-onestop catalogue export: the published version of every procedure."


def _number(value: Decimal) -> int | float:
    """2 rather than 2.00 or 2.0; 0.5 stays 0.5 (the seed's own spelling)."""
    normal = Decimal(value).normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def _limit(amount: Decimal | None, unit: str | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    if unit == "same_day":
        return {"amount": 0, "unit": unit}
    return {"amount": _number(amount or Decimal(0)), "unit": unit}


def template_file_entry(document: RequiredDocument) -> dict[str, Any] | None:
    """The paper's uploaded template as a file describes it; None when it has none (or
    the store lost the file: nothing can be shipped then)."""
    if not document.template_file or not document.template_file_type:
        return None
    digest = stored_sha256(document.template_file)
    if digest is None:
        return None
    return {
        "file_name": document.template_file_name or document.template_file,
        "content_type": document.template_file_type,
        "size": document.template_file_size,
        "sha256": digest,
        "path": template_member(digest, document.template_file_type),
    }


def version_entry(
    procedure: Procedure, agency_keys: dict[int, str], *, templates: bool = False
) -> dict[str, Any]:
    """One version in the file's shape (its documents' blank forms written inline)."""
    stages: dict[int, list[dict[str, Any]]] = {}
    for step in procedure.steps:
        item: dict[str, Any] = {
            "agency": agency_keys[step.agency_id] if step.agency_id else RECEIVING_UNIT,
            "budget": _limit(step.budget_amount, step.budget_unit),
            "approval": step.needs_approval,
        }
        if step.task_name:
            item["task"] = step.task_name
        stages.setdefault(step.stage, []).append(item)
    documents = []
    for document in procedure.documents:
        doc: dict[str, Any] = {
            "name": document.name,
            "originals": document.originals,
            "copies": document.copies,
            "mandatory": document.mandatory,
        }
        if document.template_name:
            doc["template"] = document.template_name
        if document.template_fields:
            doc["template_fields"] = list(document.template_fields)
        if templates:
            doc["template_file"] = template_file_entry(document)
        documents.append(doc)
    entry: dict[str, Any] = {
        "code": procedure.code,
        "version": procedure.version,
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.level,
        "limit": _limit(procedure.limit_amount, procedure.limit_unit),
        "online_limit": _limit(procedure.online_limit_amount, procedure.online_limit_unit),
        "source": procedure.source_note,
        "fee": dict(procedure.fee_rule or {}),
        "documents": documents,
        "route": [stages[number] for number in sorted(stages)],
        "online": procedure.online_level,
        "result": procedure.result_name,
        "legal_basis": procedure.legal_basis,
        "conditions": procedure.conditions,
        "immediate_result": procedure.immediate_result,
        "any_unit": procedure.any_unit,
        "valid_from": procedure.valid_from.isoformat() if procedure.valid_from else None,
    }
    if procedure.form_definition:
        entry["declaration"] = procedure.form_definition
    return {key: value for key, value in entry.items() if value is not None}


def agency_entries(session: Session) -> list[dict[str, Any]]:
    agencies = session.scalars(select(Agency).order_by(Agency.id)).all()
    keys = {agency.id: agency.key for agency in agencies}
    entries = []
    for agency in agencies:
        entry: dict[str, Any] = {
            "key": agency.key,
            "code": agency.code,
            "name": agency.name,
            "level": agency.level,
            "one_stop_unit": agency.is_one_stop_unit,
            "vertical": agency.is_vertical,
            "parent": keys.get(agency.parent_id) if agency.parent_id else None,
            "address": agency.address,
            "phone": agency.phone,
            "opening_hours": agency.opening_hours,
        }
        entries.append({key: value for key, value in entry.items() if value is not None})
    return entries


def published_procedures(session: Session) -> list[Procedure]:
    return list(
        session.scalars(
            select(Procedure)
            .where(Procedure.is_current.is_(True))
            .options(selectinload(Procedure.documents), selectinload(Procedure.steps))
            .order_by(Procedure.code)
        )
    )


def agency_keys(session: Session) -> dict[int, str]:
    return {int(i): str(k) for i, k in session.execute(select(Agency.id, Agency.key))}


def export_catalogue(session: Session, *, templates: bool = False) -> dict[str, Any]:
    keys = agency_keys(session)
    return {
        "about": ABOUT,
        "agencies": agency_entries(session),
        "procedures": [
            version_entry(p, keys, templates=templates) for p in published_procedures(session)
        ],
    }
