"""The command line an officer or an IT department uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import SEED_DIR
from vpub_onestop import create_app
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    Agency,
    CalendarOverride,
    Complaint,
    Dossier,
    DossierEvent,
    Procedure,
    Rating,
)
from vpub_onestop.seed.demo import DEMO_COMPLAINTS


def run(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("received", "limit", "expected"),
    [
        ("2026-02-13 16:30", "3 working_days", "2026-02-25T16:30:00+07:00"),
        ("2026-04-29 10:00", "5 working_days", "2026-05-08T10:00:00+07:00"),
        ("2026-03-10 10:00", "4 working_hours", "2026-03-10T16:00:00+07:00"),
        ("2026-03-10 16:00", "4 working_hours", "2026-03-11T10:00:00+07:00"),
        ("2026-03-10 15:00:00", "same_day", "2026-03-10T17:00:00+07:00"),
        ("2026-03-10 15:00:01", "same_day", "2026-03-11T17:00:00+07:00"),
        ("2026-03-09 08:15", "5 working_days", "2026-03-16T08:15:00+07:00"),
    ],
)
def test_deadline_answers_the_worked_examples(
    app: Flask, received: str, limit: str, expected: str
) -> None:
    code, output = run(app, "deadline", "--received", received, "--limit", limit)
    assert code == 0, output
    assert output.splitlines() == [expected]


def test_deadline_follows_the_makeup_saturday_policy(app: Flask) -> None:
    args = ("deadline", "--received", "2026-01-09 09:00", "--limit", "1 working_days")
    assert run(app, *args)[1].splitlines() == ["2026-01-10T09:00:00+07:00"]
    off = run(app, *args, "--policy", "makeup_saturday_is_working_day=false")[1]
    assert off.splitlines() == ["2026-01-12T09:00:00+07:00"]


def test_deadline_flags_a_provisional_year(app: Flask) -> None:
    code, output = run(
        app, "deadline", "--received", "2027-03-01 09:00", "--limit", "3 working_days"
    )
    assert code == 0
    assert output.splitlines() == ["2027-03-04T09:00:00+07:00", "provisional"]


def test_deadline_refuses_bad_input_with_a_reason(app: Flask) -> None:
    code, output = run(app, "deadline", "--received", "13/02/2026", "--limit", "3 working_days")
    assert code != 0 and "YYYY-MM-DD" in output
    code, output = run(app, "deadline", "--received", "2026-02-13 09:00", "--limit", "3 fortnights")
    assert code != 0 and "--limit" in output


def test_calendar_show_lists_tet_and_makeup_days(app: Flask) -> None:
    code, output = run(app, "calendar", "show", "2026")
    assert code == 0
    assert "17/02/2026" in output and "Tết Nguyên Đán" in output
    assert "10/01/2026 (Thứ Bảy)" in output
    assert "24/11/2026" not in output  # unconfirmed: an administrator decides


def test_calendar_import_updates_the_override_table(app: Flask, tmp_path: Path) -> None:
    data = json.loads((SEED_DIR / "calendar-vn.json").read_text(encoding="utf-8"))
    data["years"]["2027"]["off"].append(["2027-02-08", "Tết Nguyên Đán (mùng 3)"])
    data["years"]["2027"]["status"] = "decided"
    file = tmp_path / "cal.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, output = run(app, "calendar", "import", str(file))
    assert code == 0, output
    with app.app_context():
        names = db.session.scalars(
            select(CalendarOverride.name).where(CalendarOverride.day.is_not(None))
        )
        assert "Tết Nguyên Đán (mùng 3)" in set(names)
    code, output = run(
        app, "deadline", "--received", "2027-03-01 09:00", "--limit", "3 working_days"
    )
    assert output.splitlines() == ["2027-03-04T09:00:00+07:00"]  # no longer provisional


def test_workflow_diagram_prints_both_machines_and_a_route(app: Flask) -> None:
    code, output = run(app, "workflow-diagram")
    assert code == 0
    assert output.count("stateDiagram-v2") == 2
    assert "return_result" in output and "send_back" in output
    code, output = run(app, "workflow-diagram", "--procedure", "LT.KS-TT-BHYT")
    assert code == 0
    assert "Công an tỉnh Gia Lai" in output and "Bảo hiểm xã hội tỉnh Gia Lai" in output
    code, output = run(app, "workflow-diagram", "--procedure", "9.999999")
    assert code != 0 and "9.999999" in output


def test_seed_demo_makes_dossiers_in_every_state_through_the_services(app: Flask) -> None:
    code, output = run(app, "seed-demo", "--dossiers", "120")
    assert code == 0, output
    with app.app_context():
        states = set(db.session.scalars(select(Dossier.state).distinct()))
        expected = set(DossierState) - {DossierState.VOIDED}
        assert expected <= states
        # every dossier carries its history: no state was written without an event
        without_events = db.session.scalar(
            select(func.count())
            .select_from(Dossier)
            .where(
                Dossier.state != DossierState.DRAFT,
                ~Dossier.id.in_(select(DossierEvent.dossier_id)),
            )
        )
        assert without_events == 0
        assert db.session.scalar(select(func.count()).where(Dossier.apologised_at.is_not(None)))
        assert db.session.scalar(select(func.count()).where(Dossier.supplement_requests > 0))
        # the complaint register has entries about returned dossiers, one of them verified
        # and one still open, so indicators 7 and 8 have something to count
        complaints = db.session.scalars(select(Complaint)).all()
        assert len(complaints) == len(DEMO_COMPLAINTS)
        assert any(c.verified for c in complaints)
        assert any(c.handled_at is None for c in complaints)
        assert any(c.dossier_id is not None for c in complaints)
        # the province's wider catalogue is there, with counters a citizen can find
        assert db.session.scalar(select(func.count()).select_from(Procedure)) >= 40
        counters = db.session.scalars(select(Agency).where(Agency.is_one_stop_unit)).all()
        assert len(counters) >= 3 and all(c.address and c.opening_hours for c in counters)
        # citizens rated some returned dossiers, each one their own (Decree 61 Art. 31)
        rated = db.session.execute(
            select(Dossier.state, Dossier.owner_user_id, Rating.user_id).join(
                Rating, Rating.dossier_id == Dossier.id
            )
        ).all()
        assert len(rated) >= 3
        assert all(
            state is DossierState.RETURNED and owner == rater for state, owner, rater in rated
        )


def test_seed_demo_refuses_demo_passwords_in_production(tmp_path: Path) -> None:
    prod = create_app(
        "production",
        SECRET_KEY="x" * 32,
        PUBLIC_BASE_URL="https://motcua.example.vn",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'prod.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "up"),
    )
    code, output = run(prod, "seed-demo")
    assert code != 0
    assert "production" in output
