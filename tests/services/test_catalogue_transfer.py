"""Catalogue import and export: the dry run lists what would change, the import does it
(new procedures published, changed ones as a new version), the export imports back as
"unchanged" in both formats, and a generated 2,000-procedure file goes through with its
progress reported."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from bench.catalogue_file import generated_catalogue
from tests.conftest import SEED_DIR, Clock
from tests.services.support import actor, counter_receipt, fresh, local
from vpub_onestop.domain.catalogue_csv import from_csv, to_csv
from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.extensions import db
from vpub_onestop.models import Procedure
from vpub_onestop.models.admin_audit import AdminChange
from vpub_onestop.queries.catalogue_export import export_catalogue
from vpub_onestop.services.catalogue_transfer import (
    ERROR,
    NEW,
    NEW_VERSION,
    UNCHANGED,
    CatalogueSource,
    apply_catalogue,
    plan_catalogue,
    read_source,
)

CODE = "LT.KS-TT-BHYT"  # commune 1 WD, then police and social insurance in parallel, 2 WD


def _json_source(data: dict[str, Any]) -> CatalogueSource:
    return read_source("catalogue.json", json.dumps(data, ensure_ascii=False).encode())


def _versions(code: str) -> list[tuple[int, ProcedureStatus]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Procedure.version, Procedure.status)
        .where(Procedure.code == code)
        .order_by(Procedure.version)
    ).all()
    return [(int(version), status) for version, status in rows]


def test_the_seed_itself_imports_as_unchanged(app: Flask) -> None:
    """The demo file was loaded by the fixture: read again, nothing would change."""
    with app.app_context():
        content = (SEED_DIR / "procedures-demo.json").read_bytes()
        plan = plan_catalogue(read_source("procedures-demo.json", content))
        assert plan.lines and {line.outcome for line in plan.lines} == {UNCHANGED}


def test_an_export_imports_back_unchanged_in_json_and_in_csv(app: Flask) -> None:
    with app.app_context():
        exported = export_catalogue(db.session)
        count = len(exported["procedures"])
        assert count >= 8  # the demo catalogue the fixture loaded
        plan = plan_catalogue(_json_source(exported))
        assert [line.outcome for line in plan.lines] == [UNCHANGED] * count
        csv_text = to_csv(exported["procedures"])
        plan = plan_catalogue(read_source("catalogue.csv", csv_text.encode("utf-8")))
        assert [line.outcome for line in plan.lines] == [UNCHANGED] * count


def test_the_dry_run_names_new_changed_unchanged_and_wrong_lines(app: Flask) -> None:
    with app.app_context():
        exported = export_catalogue(db.session)
        entries = {entry["code"]: entry for entry in exported["procedures"]}
        changed = copy.deepcopy(entries[CODE])
        changed["limit"] = {"amount": 4, "unit": "working_days"}
        changed["route"][1][0]["budget"] = {"amount": 3, "unit": "working_days"}
        changed["route"][1][1]["budget"] = {"amount": 3, "unit": "working_days"}
        new = copy.deepcopy(changed) | {"code": "2.999001", "name": "Thủ tục mới hoàn toàn"}
        unknown_agency = copy.deepcopy(new) | {"code": "2.999002"}
        unknown_agency["route"][1][0]["agency"] = "so_khong_co"
        too_long = copy.deepcopy(new) | {"code": "2.999003"}
        too_long["route"][0][0]["budget"] = {"amount": 2, "unit": "working_days"}  # 2 + 3 = 5
        bad_limit = copy.deepcopy(new) | {"code": "2.999004", "limit": {"amount": "ba"}}
        same = entries["1.000894"]
        data = {"procedures": [changed, new, unknown_agency, too_long, bad_limit, same, new]}
        plan = plan_catalogue(_json_source(data))
        lines = [(line.row, line.code, line.outcome) for line in plan.lines]
        assert lines == [
            (1, CODE, NEW_VERSION),
            (2, "2.999001", NEW),
            (3, "2.999002", ERROR),
            (4, "2.999003", ERROR),
            (5, "2.999004", ERROR),
            (6, "1.000894", UNCHANGED),
            (7, "2.999001", ERROR),  # the same code twice in one file
        ]
        assert plan.lines[0].fields == ("limit", "route")
        reasons = [line.reason or "" for line in plan.lines]
        assert "so_khong_co" in reasons[2]
        assert "5" in reasons[3] and "4" in reasons[3]  # the route's 5 WD against the 4 WD limit
        assert "dòng 2" in reasons[6]
        # A dry run writes nothing.
        assert _versions(CODE) == [(1, ProcedureStatus.PUBLISHED)]
        assert _versions("2.999001") == []


def test_the_import_publishes_a_new_version_and_old_dossiers_keep_theirs(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        v1 = db.session.scalars(select(Procedure).where(Procedure.code == CODE)).one()
        # Mon 2/3/2026 09:00 + 3 WD: Tue 3, Wed 4, Thu 5: due Thu 5/3/2026 09:00.
        old = counter_receipt(desk, v1.id, now=local(2026, 3, 2, 9, 0)).id
        exported = export_catalogue(db.session)
        entry = next(e for e in exported["procedures"] if e["code"] == CODE)
        entry["limit"] = {"amount": 4, "unit": "working_days"}
        for step in entry["route"][1]:
            step["budget"] = {"amount": 3, "unit": "working_days"}
        seen: list[tuple[int, int]] = []
        plan = apply_catalogue(
            _json_source({"procedures": [entry]}), lambda done, total: seen.append((done, total))
        )
        assert [line.outcome for line in plan.lines] == [NEW_VERSION]
        assert seen[-1] == (2, 2)  # the check, then the writing, both reported
        assert _versions(CODE) == [(1, ProcedureStatus.RETIRED), (2, ProcedureStatus.PUBLISHED)]
        # The admin audit tells who imported what: the command line, from v1 to v2.
        audit = db.session.scalars(select(AdminChange).where(AdminChange.object_id == CODE)).one()
        assert (audit.action, audit.actor_name) == ("import", "(dòng lệnh)")
        assert audit.before is not None and audit.after is not None
        assert (audit.before["limit"]["amount"], audit.after["limit"]["amount"]) == (3, 4)
        kept = fresh(old)
        assert kept.procedure.version == 1
        assert kept.due_at.astimezone(local(2026, 3, 5).tzinfo) == local(2026, 3, 5, 9, 0)
        # Imported again, the same file changes nothing more.
        again = apply_catalogue(_json_source({"procedures": [entry]}))
        assert [line.outcome for line in again.lines] == [UNCHANGED]
        assert len(_versions(CODE)) == 2


def test_a_generated_catalogue_of_2000_procedures_imports_with_its_dry_run(app: Flask) -> None:
    with app.app_context():
        data = generated_catalogue(2000)
        ticks: list[tuple[int, int]] = []
        dry = plan_catalogue(_json_source(data), lambda d, t: ticks.append((d, t)))
        assert dry.count(NEW) == 2000
        assert ticks[-1] == (2000, 2000) and len(ticks) == 2000
        before = db.session.scalar(select(func.count()).select_from(Procedure))
        done = apply_catalogue(_json_source(data))
        assert done.count(NEW) == 2000
        after = db.session.scalar(select(func.count()).select_from(Procedure))
        assert (after or 0) - (before or 0) == 2000
        # The CSV form of the same catalogue now reads as unchanged, line for line.
        rows = from_csv(to_csv(data["procedures"]))
        assert len(rows) == 2000
        replay = plan_catalogue(CatalogueSource(rows))
        assert replay.count(UNCHANGED) == 2000


def test_the_command_line_dry_run_shows_progress_and_writes_nothing(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(generated_catalogue(30), ensure_ascii=False), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["catalogue", "import", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "Kiểm tra danh mục" in result.output  # the progress bar's label
    assert "dòng 30 · 9.000030 · thủ tục mới" in result.output
    assert "Chạy thử: chưa ghi gì" in result.output
    assert "thủ tục mới: 30, phiên bản mới: 0, không đổi: 0, lỗi: 0." in result.output
    with app.app_context():
        assert _versions("9.000030") == []
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    refused = app.test_cli_runner().invoke(args=["catalogue", "import", "--dry-run", str(bad)])
    assert refused.exit_code != 0
    assert "Tệp JSON không hợp lệ (dòng 1)" in refused.output


def test_a_declaration_form_is_exported_and_passed_through_untouched(app: Flask) -> None:
    with app.app_context():
        exported = export_catalogue(db.session)
        with_form = [e for e in exported["procedures"] if e.get("declaration")]
        assert with_form, "the demo catalogue has procedures with a declaration form"
        entry = copy.deepcopy(with_form[0])
        # The same form under a new code: imported as it is, and read back identical.
        entry["code"] = "2.777001"
        apply_catalogue(_json_source({"procedures": [entry]}))
        again = export_catalogue(db.session)
        copied = next(e for e in again["procedures"] if e["code"] == "2.777001")
        assert copied["declaration"] == with_form[0]["declaration"]
        # A file without the key keeps the form in force; a broken form is refused.
        without = {k: v for k, v in with_form[0].items() if k != "declaration"}
        broken = copy.deepcopy(with_form[0]) | {"code": "2.777002", "declaration": ["x"]}
        plan = plan_catalogue(_json_source({"procedures": [without, broken]}))
        assert [line.outcome for line in plan.lines] == [UNCHANGED, ERROR]
