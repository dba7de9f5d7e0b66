"""The demo province's catalogue files hold together as a province's published catalogue
would: real-shaped national codes, routes whose agency budgets add up to the legal limit,
every blank form a document names exists, counters a citizen can find and call."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vpub_onestop.domain.catalogue_source import is_illustrative
from vpub_onestop.domain.identifiers import is_citizen_id, is_phone
from vpub_onestop.seed.demo import CATALOGUE_FILES
from vpub_onestop.seed.people import WALK_IN_PEOPLE, walk_in_applicants

SEED_DIR = Path(__file__).resolve().parents[2] / "vpub_onestop" / "seed"
# The national procedure database numbers procedures "N.NNNNNN" (e.g. 1.001193).
NATIONAL_CODE = re.compile(r"[1-9]\.[0-9]{6}")


def _files() -> list[dict[str, Any]]:
    return [json.loads((SEED_DIR / name).read_text(encoding="utf-8")) for name in CATALOGUE_FILES]


def _procedures() -> list[dict[str, Any]]:
    return [entry for data in _files() for entry in data["procedures"]]


def _agencies() -> list[dict[str, Any]]:
    return [entry for data in _files() for entry in data["agencies"]]


def test_the_demo_has_forty_procedures_across_the_common_fields() -> None:
    procedures = _procedures()
    codes = [entry["code"] for entry in procedures]
    assert len(codes) >= 40 and len(set(codes)) == len(codes)
    fields = {entry["field"] for entry in procedures}
    for field in (
        "Hộ tịch",
        "Chứng thực",
        "Đăng ký, quản lý cư trú",
        "Đất đai",
        "Thành lập và hoạt động của hộ kinh doanh",
        "Bảo hiểm xã hội",
        "Xây dựng",
    ):
        assert field in fields


def test_codes_have_the_national_shape_or_are_marked_illustrative() -> None:
    for entry in _procedures():
        shaped = NATIONAL_CODE.fullmatch(entry["code"]) is not None
        assert shaped or "code is illustrative" in entry["source"], entry["code"]


def test_every_procedure_says_where_its_figures_come_from_and_its_legal_basis() -> None:
    procedures = _procedures()
    for entry in procedures:
        assert entry["source"].startswith(("sourced", "illustrative")), entry["code"]
        assert entry.get("legal_basis"), entry["code"]
    # Both kinds are present: the page has something to mark and something not to.
    marks = {is_illustrative(entry["source"]) for entry in procedures}
    assert marks == {True, False}


def _days(budget: dict[str, Any]) -> tuple[str, Decimal]:
    return budget["unit"], Decimal(str(budget["amount"]))


@pytest.mark.parametrize("entry", _procedures(), ids=lambda entry: entry["code"])
def test_route_budgets_add_up_to_the_legal_limit(entry: dict[str, Any]) -> None:
    """Stages run one after the other, the steps of a stage in parallel: the route takes
    the sum over stages of each stage's longest step (Decree 61/2018 Art. 20 has the
    one-stop unit share the limit among the agencies). More would promise the citizen a
    date the agencies cannot keep; less would leave days nobody owns."""
    limit_unit, limit = _days(entry["limit"])
    total = Decimal(0)
    for stage in entry["route"]:
        budgets = [_days(step["budget"]) for step in stage]
        assert {unit for unit, _ in budgets} == {limit_unit}, entry["code"]
        total += max(amount for _, amount in budgets)
    assert total == limit


def test_some_routes_pass_through_several_agencies_in_sequence_and_in_parallel() -> None:
    routes = [entry["route"] for entry in _procedures()]
    assert sum(1 for route in routes if len(route) >= 3) >= 3  # three stages or more
    assert sum(1 for route in routes if any(len(stage) > 1 for stage in route)) >= 3


def test_every_form_a_document_names_exists_and_has_fields() -> None:
    forms: dict[str, Any] = {}
    for data in _files():
        forms |= data.get("forms", {})
    named = {doc["form"] for entry in _procedures() for doc in entry["documents"] if "form" in doc}
    assert len(named) >= 25
    for key in named:
        assert forms[key]["name"] and len(forms[key]["fields"]) >= 4, key


def test_one_stop_units_publish_address_phone_and_hours() -> None:
    units = [agency for agency in _agencies() if agency.get("one_stop_unit")]
    assert len(units) >= 3
    assert {unit["level"] for unit in units} == {"province", "commune"}
    for unit in units:
        assert unit["address"] and unit["opening_hours"], unit["key"]
        assert is_phone(unit["phone"]), unit["phone"]


def test_agencies_sit_under_their_parents() -> None:
    keys = {agency["key"] for agency in _agencies()}
    children = [agency for agency in _agencies() if agency.get("parent")]
    assert len(children) >= 4
    assert all(agency["parent"] in keys for agency in children)


def test_walk_in_applicants_carry_valid_looking_numbers() -> None:
    applicants = walk_in_applicants()
    for person, applicant in zip(WALK_IN_PEOPLE, applicants, strict=True):
        assert is_citizen_id(applicant.id_number) and is_phone(applicant.phone)
        # The fourth digit encodes sex and century: even for a man, odd for a woman.
        assert int(applicant.id_number[3]) % 2 == int(person.woman), applicant
        assert applicant.address.endswith("tỉnh Gia Lai")
    # One number per person (searching by ID or phone finds one person's dossiers).
    assert len({a.id_number for a in applicants}) == len(applicants)
    assert len({a.phone for a in applicants}) == len(applicants)


def test_every_agency_has_work_or_children() -> None:
    """An agency of the demo with neither a route step nor a child would give its officers
    an empty day."""
    routed = {
        step["agency"] for entry in _procedures() for stage in entry["route"] for step in stage
    }
    parents = {agency["parent"] for agency in _agencies() if agency.get("parent")}
    for agency in _agencies():
        if not agency.get("one_stop_unit"):
            assert agency["key"] in routed | parents, agency["key"]
