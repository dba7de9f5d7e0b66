"""A catalogue entry may carry its declaration form ("declaration"): a sound one is stored
on the version, a broken one refuses the whole file with the form's problems named."""

from __future__ import annotations

import copy
import json

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import SEED_DIR
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.extensions import db
from vpub_onestop.models import Procedure
from vpub_onestop.services.catalogue_import import import_catalogue

FORM = {
    "version": 1,
    "title": "Tờ khai thử",
    "sections": [
        {
            "key": "a",
            "title": "Người khai",
            "fields": [{"key": "ho_ten", "type": "text", "label": "Họ tên"}],
        }
    ],
}


def _entry(code: str, form: dict[str, object]) -> dict[str, object]:
    catalogue = json.loads((SEED_DIR / "procedures-demo.json").read_text(encoding="utf-8"))
    entry = copy.deepcopy(catalogue["procedures"][0])
    entry.update(code=code, declaration=form)
    return {"procedures": [entry]}


def test_an_entry_with_a_sound_form_is_imported_with_it(app: Flask) -> None:
    with app.app_context():
        import_catalogue(_entry("9.999001", FORM))
        stored = db.session.scalars(select(Procedure).where(Procedure.code == "9.999001")).one()
        assert stored.form_definition == FORM


def test_a_broken_form_refuses_the_file_and_names_its_problem(app: Flask) -> None:
    broken = copy.deepcopy(FORM)
    broken["sections"][0]["fields"].append({"key": "ho_ten", "type": "text", "label": "Lặp"})
    with app.app_context():
        with pytest.raises(ValidationError, match="9.999002.*ho_ten.*bị trùng"):
            import_catalogue(_entry("9.999002", broken))
        assert db.session.scalar(select(Procedure.id).where(Procedure.code == "9.999002")) is None
