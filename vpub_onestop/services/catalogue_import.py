"""Import agencies and procedures from the catalogue JSON structure
(`seed/procedures-demo.json`). Idempotent: existing keys and codes are left as they are.

A file may also carry `forms`: blank forms (a title and its field labels) that documents
name with `"form": "<key>"`, so that one form shared by several procedures (the residence
declaration CT01, say) is written once (docs/domain.md#catalogue)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.text import fold
from vpub_onestop.models import Agency, Procedure, RequiredDocument, RouteStep
from vpub_onestop.services.declaration_catalogue import checked
from vpub_onestop.services.uow import unit_of_work

RECEIVING_UNIT = "receiving_commune"  # the route step happens at whichever unit received


def import_catalogue(data: dict[str, Any]) -> tuple[int, int]:
    """Returns (agencies created, procedures created)."""
    with unit_of_work() as session:
        agencies = _import_agencies(session, data.get("agencies", []))
        procedures = 0
        by_key = {a.key: a for a in session.scalars(select(Agency))}
        forms = data.get("forms", {})
        for entry in data.get("procedures", []):
            exists = session.scalars(
                select(Procedure.id).where(Procedure.code == entry["code"])
            ).first()
            if exists is None:
                session.add(_build_procedure(entry, by_key, forms))
                procedures += 1
        return agencies, procedures


def _import_agencies(session: Session, entries: list[dict[str, Any]]) -> int:
    existing = {a.key: a for a in session.scalars(select(Agency))}
    created = 0
    for entry in entries:
        if entry["key"] in existing:
            continue
        agency = Agency(
            key=entry["key"],
            code=entry["code"],
            name=entry["name"],
            level=entry.get("level", "province"),
            is_one_stop_unit=bool(entry.get("one_stop_unit", False)),
            is_vertical=bool(entry.get("vertical", False)),
            address=entry.get("address"),
            phone=entry.get("phone"),
            opening_hours=entry.get("opening_hours"),
        )
        session.add(agency)
        existing[agency.key] = agency
        created += 1
    session.flush()
    for entry in entries:
        if entry.get("parent"):
            existing[entry["key"]].parent_id = existing[entry["parent"]].id
    return created


def _limit_parts(limit: dict[str, Any]) -> tuple[Decimal, str]:
    unit = limit["unit"]
    text = "same_day" if unit == "same_day" else f"{limit['amount']} {unit}"
    parsed = TimeLimit.parse(text)  # refuses malformed limits with a clear message
    return parsed.amount, parsed.unit.value


def _template(
    code: str, doc: dict[str, Any], forms: dict[str, Any]
) -> tuple[str | None, list[str] | None]:
    """The blank form a document names: its title and field labels."""
    key = doc.get("form")
    if key is None:
        return doc.get("template"), None
    if key not in forms:
        raise ValidationError(N_("Thủ tục %(code)s: không có mẫu '%(key)s'.", code=code, key=key))
    form = forms[key]
    return str(form["name"]), [str(label) for label in form.get("fields", [])]


def _build_procedure(
    entry: dict[str, Any], agencies: dict[str, Agency], forms: dict[str, Any]
) -> Procedure:
    amount, unit = _limit_parts(entry["limit"])
    procedure = Procedure(
        code=entry["code"],
        version=1,
        name=entry["name"],
        search_text=fold(f"{entry['code']} {entry['name']} {entry.get('field', '')}"),
        field=entry.get("field", ""),
        level=entry.get("level", "commune"),
        limit_amount=amount,
        limit_unit=unit,
        fee_rule=entry.get("fee", {}),
        online_level=entry.get("online", "partial"),
        result_name=entry.get("result", ""),
        legal_basis=entry.get("legal_basis"),
        conditions=entry.get("conditions"),
        source_note=entry.get("source"),
        is_current=True,
        immediate_result=bool(entry.get("immediate_result", False)),
        form_definition=(
            checked(entry["code"], entry["declaration"]) if entry.get("declaration") else None
        ),
    )
    for position, doc in enumerate(entry.get("documents", [])):
        template_name, template_fields = _template(entry["code"], doc, forms)
        procedure.documents.append(
            RequiredDocument(
                position=position,
                name=doc["name"],
                originals=int(doc.get("originals", 0)),
                copies=int(doc.get("copies", 0)),
                mandatory=bool(doc.get("mandatory", True)),
                template_name=template_name,
                template_fields=template_fields,
            )
        )
    for stage_number, stage in enumerate(entry.get("route", []), start=1):
        for position, step in enumerate(stage):
            key = step["agency"]
            if key != RECEIVING_UNIT and key not in agencies:
                raise ValidationError(
                    N_("Thủ tục %(code)s: không có cơ quan '%(key)s'.", code=entry["code"], key=key)
                )
            budget_amount, budget_unit = _limit_parts(step["budget"])
            procedure.steps.append(
                RouteStep(
                    stage=stage_number,
                    position=position,
                    agency_id=None if key == RECEIVING_UNIT else agencies[key].id,
                    task_name=step.get("task"),
                    budget_amount=budget_amount,
                    budget_unit=budget_unit,
                    needs_approval=bool(step.get("approval", True)),
                )
            )
    return procedure
