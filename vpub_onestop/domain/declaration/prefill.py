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
from vpub_onestop.domain.declaration.answers import is_blank
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


def typed_beyond_prefill(typed: Mapping[str, Any], prefilled: Mapping[str, Any]) -> bool:
    """Whether the applicant gave any answer the account did not fill in. A form holding only
    what was prefilled is still a blank form: the applicant may file the signed paper
    declaration instead, and a name we typed for him must not make him fill in the rest
    (docs/domain.md#declaration-prefill)."""
    return any(
        not is_blank(value) and _as_compared(value) != _as_compared(prefilled.get(key))
        for key, value in typed.items()
    )


def _as_compared(value: Any) -> Any:
    """Spaces around text and blank parts of an address are not a change."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        return {name: _as_compared(part) for name, part in value.items() if not is_blank(part)}
    return value
