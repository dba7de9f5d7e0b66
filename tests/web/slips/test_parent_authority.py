"""The parent authority (cơ quan chủ quản) above the issuing unit's name on every form, as
Circular 01/2018's forms lay out their heading; nothing invented where the unit has none."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from tests.services.support import actor, unit_id
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import pdf_text
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency
from vpub_onestop.services import slips

COMMUNE_UNIT = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG QUY NHƠN"
COMMUNE_PARENT = "ỦY BAN NHÂN DÂN PHƯỜNG QUY NHƠN"


def _place_under(unit_key: str, key: str, code: str, name: str) -> None:
    parent = Agency(key=key, code=code, name=name, level="commune")
    db.session.add(parent)
    db.session.flush()
    unit = db.session.get(Agency, unit_id(unit_key))
    assert unit is not None
    unit.parent_id = parent.id
    db.session.commit()


def _dossier_form(form: str) -> bytes:
    builders = {
        "mau-01": sc.counter_receipt,
        "mau-02": sc.returned_for_completion_online,
        "mau-03": sc.refused_online,
        "mau-05": sc.counter_receipt,
    }
    return slips.render_dossier_slip(form, builders[form](), actor(sc.COMMUNE_DESK))


def _register() -> bytes:
    sc.counter_receipt()
    commune = unit_id("px_quynhon")
    return slips.render_register(
        commune, date(2026, 3, 1), date(2026, 3, 31), actor(sc.COMMUNE_DESK)
    )


def _counter_guidance() -> bytes:
    return slips.render_counter_guidance(sc.counter_guidance(), actor(sc.COMMUNE_DESK))


PRINTS = {
    "Mẫu số 01": lambda: _dossier_form("mau-01"),
    "Mẫu số 02": lambda: _dossier_form("mau-02"),
    "Mẫu số 02 at the counter": _counter_guidance,
    "Mẫu số 03": lambda: _dossier_form("mau-03"),
    "Mẫu số 05": lambda: _dossier_form("mau-05"),
    "Mẫu số 06": _register,
}


@pytest.mark.parametrize("label", list(PRINTS))
def test_every_form_of_a_unit_with_a_parent_names_the_parent_above_the_unit(
    app: Flask, label: str
) -> None:
    with app.app_context():
        _place_under(
            "px_quynhon", "ubnd_quynhon", "000.00.31.H21", "Ủy ban nhân dân phường Quy Nhơn"
        )
        text = pdf_text(PRINTS[label]())

    assert f"{COMMUNE_PARENT} {COMMUNE_UNIT}" in text


@pytest.mark.parametrize("label", list(PRINTS))
def test_a_unit_without_a_parent_heads_its_forms_with_its_own_name_alone(
    app: Flask, label: str
) -> None:
    with app.app_context():
        text = pdf_text(PRINTS[label]())

    number = label.split(" at ")[0]
    assert f"{number} {COMMUNE_UNIT}" in text  # nothing between the form number and the unit
    assert "ỦY BAN NHÂN DÂN" not in text


def test_the_apology_names_the_parent_of_the_agency_at_fault(app: Flask) -> None:
    """Mẫu 04 is in the name of the late agency: its own parent heads it, not the unit's."""
    with app.app_context():
        _place_under("congan", "bocongan", "000.00.00.G01", "Bộ Công an")
        _place_under(
            "px_quynhon", "ubnd_quynhon", "000.00.31.H21", "Ủy ban nhân dân phường Quy Nhơn"
        )
        text = pdf_text(
            slips.render_dossier_slip("mau-04", sc.apologised(), actor(sc.COMMUNE_DESK))
        )

    assert "BỘ CÔNG AN CÔNG AN TỈNH GIA LAI" in text
    assert COMMUNE_PARENT not in text
