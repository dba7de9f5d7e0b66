"""A procedure version's data written from a canonical catalogue entry
(domain/catalogue_entry.py; docs/domain.md#catalogue-import): its fields, and its papers
and route replaced by the entry's (the papers' uploaded templates are named afterwards,
services/catalogue_templates.py)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from vpub_onestop.domain.catalogue_entry import RECEIVING_UNIT
from vpub_onestop.domain.text import fold
from vpub_onestop.models import Procedure, RequiredDocument, RouteStep


def fill_version(procedure: Procedure, entry: dict[str, Any], agency_ids: dict[str, int]) -> None:
    """The version's data from a canonical entry (documents and route replaced)."""
    procedure.name, procedure.field, procedure.level = entry["name"], entry["field"], entry["level"]
    procedure.search_text = fold(f"{entry['code']} {entry['name']} {entry['field']}")
    procedure.limit_amount = _amount(entry["limit"])
    procedure.limit_unit = entry["limit"]["unit"]
    online = entry["online_limit"]
    procedure.online_limit_amount = _amount(online) if online else None
    procedure.online_limit_unit = online["unit"] if online else None
    procedure.online_level, procedure.result_name = entry["online"], entry["result"]
    procedure.legal_basis, procedure.conditions = entry["legal_basis"], entry["conditions"]
    procedure.source_note, procedure.fee_rule = entry["source"], dict(entry["fee"])
    procedure.immediate_result, procedure.any_unit = entry["immediate_result"], entry["any_unit"]
    procedure.form_definition = entry["declaration"]
    procedure.documents = [
        RequiredDocument(
            position=position,
            name=doc["name"],
            originals=doc["originals"],
            copies=doc["copies"],
            mandatory=doc["mandatory"],
            template_name=doc["template"],
            template_fields=doc["template_fields"],
        )
        for position, doc in enumerate(entry["documents"])
    ]
    procedure.steps = [
        RouteStep(
            stage=stage_number,
            position=position,
            agency_id=None if step["agency"] == RECEIVING_UNIT else agency_ids[step["agency"]],
            task_name=step["task"],
            budget_amount=_amount(step["budget"]),
            budget_unit=step["budget"]["unit"],
            needs_approval=step["approval"],
        )
        for stage_number, stage in enumerate(entry["route"], start=1)
        for position, step in enumerate(stage)
    ]


def _amount(limit: Mapping[str, str]) -> Decimal:
    return Decimal(limit["amount"])
