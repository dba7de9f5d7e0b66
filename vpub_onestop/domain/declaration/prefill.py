"""A new declaration's fields prefilled from the signed-in citizen's account
(docs/domain.md#declaration-prefill): the fields the definition marks with `prefill` take
the account's name, ID number, phone, e-mail or address, typed as a person would type
them; the citizen may change any of them before saving. Only the citizen's own online
form is prefilled: an officer at the counter types the applicant's details, never his own.

An organisation's account holds the organisation's name and tax code, not a person's:
only its phone and e-mail are offered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vpub_onestop.domain.declaration.address import address_parts
from vpub_onestop.domain.declaration.definition import FormDefinition

PERSONAL = ("full_name", "id_number", "date_of_birth", "address")


def account_facts(
    *,
    full_name: str | None,
    citizen_id: str | None,
    phone: str | None,
    email: str | None,
    address: str | None,
    is_organisation: bool,
) -> dict[str, str]:
    """The account's facts a form may take, the empty ones left out."""
    facts = {
        "full_name": full_name,
        "id_number": citizen_id,
        "phone": phone,
        "email": email,
        "address": address,
    }
    return {
        name: value.strip()
        for name, value in facts.items()
        if value and value.strip() and not (is_organisation and name in PERSONAL)
    }


def prefilled_answers(definition: FormDefinition, facts: Mapping[str, str]) -> dict[str, Any]:
    """Typed answers (as retype.typed_answers gives them) for the prefilled fields."""
    typed: dict[str, Any] = {}
    for item in definition.fields():
        value = facts.get(item.prefill or "")
        if not value:
            continue
        if item.type == "address":
            parts = address_parts(value)
            if parts is not None:
                typed[item.key] = parts
        else:
            typed[item.key] = value
    return typed
