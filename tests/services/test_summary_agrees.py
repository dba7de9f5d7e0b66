"""The daily summary the statistics read (docs/architecture.md#reporting-read-model)
always says what a recount over the raw rows says: after every kind of act — receipts,
steps, supplements under both clock policies, an apology that moves the open steps, a
withdrawal, a refusal, voids of an open and of a finished dossier — for single days,
weeks, months and a year, for the province, one unit, one procedure and one channel, with
the report date at a period's end or in the middle of it. And `flask summary rebuild`
recomputes exactly the rows the transition path kept. Runs on SQLite and, with
TEST_POSTGRES_URL, on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import delete, select

from tests.services.support import actor, dossier_version, local, procedure_id, unit_id
from tests.web.monitor.month_story import (
    DESK,
    JUSTIFICATION,
    MARRIAGE,
    ask_supplement,
    asked_to_supplement,
    assign,
    build_march,
    counter,
    dispatch,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import DailyDossierSummary, DailyStepSummary
from vpub_onestop.queries.stats_recount import recount_dossiers, recount_steps
from vpub_onestop.queries.stats_scope import Period, Scope, build_scope
from vpub_onestop.queries.stats_summary import count_dossiers, count_steps
from vpub_onestop.services import closing, supplements
from vpub_onestop.services.summary_rebuild import rebuild_summary

AFTERWARDS = local(2026, 7, 1, 9)  # every report date is a period's end


def _periods() -> list[Period]:
    days = [date(2026, 2, 20) + timedelta(days=n) for n in range(0, 60, 3)]
    return [
        *(Period(day, day) for day in days),
        Period(date(2026, 3, 2), date(2026, 3, 8)),
        Period(date(2026, 3, 16), date(2026, 3, 22)),
        *(Period(date(2026, m, 1), date(2026, m + 1, 1) - timedelta(days=1)) for m in (2, 3, 4)),
        Period(date(2026, 1, 1), date(2026, 12, 31)),
    ]


def _scopes() -> list[Scope]:
    return [
        build_scope(None),
        build_scope(unit_id("px_quynhon")),
        build_scope(None, procedure_code=MARRIAGE),
        build_scope(None, channel="online"),
    ]


def _assert_agrees(nows: list[datetime]) -> None:
    for scope in _scopes():
        for period in _periods():
            for now in nows:
                kept = count_dossiers(scope, period, now)
                recounted = recount_dossiers(scope, period, now)
                where = f"{scope.unit_ids[:1]} {scope.channel} {period} now={now}"
                assert kept.table == recounted.table, where
                assert kept.months == recounted.months, where
                assert count_steps(scope, period, now) == recount_steps(scope, period, now), where


def _rows() -> dict[str, set[tuple[Any, ...]]]:
    """The summary's rows with a non-zero figure (a kept row may have netted to zero)."""
    found: dict[str, set[tuple[Any, ...]]] = {}
    for model in (DailyDossierSummary, DailyStepSummary):
        table = model.__table__
        rows = db.session.execute(select(table)).all()
        keys = len(table.primary_key.columns)
        found[table.name] = {tuple(row) for row in rows if any(row[keys:])}
    db.session.rollback()
    return found


def _more_acts() -> None:
    """After March: an apology, a supplement under the pause policy, voids, a withdrawal."""
    extra = counter(MARRIAGE, local(2026, 4, 1, 9))
    dispatch(extra, local(2026, 4, 1, 9, 30))
    assign(extra, "px_quynhon", local(2026, 4, 1, 14))
    # Due 8/4 09:00; the leader apologises on 6/4 and promises 14/4: the open step moves.
    closing.apologise(
        actor("leader.px_quynhon"),
        extra,
        "Chờ xác minh tình trạng hôn nhân.",
        local(2026, 4, 14, 9),
        now=local(2026, 4, 6, 10),
        expected_version=dossier_version(extra),
    )
    current_app.config["POLICY_SUPPLEMENT_CLOCK"] = "pause"
    ask_supplement(extra, local(2026, 4, 7, 10), JUSTIFICATION)
    supplements.supply_supplement(
        actor(DESK), extra, now=local(2026, 4, 10, 9), expected_version=dossier_version(extra)
    )
    # A second dossier asked twice, then withdrawn while the applicant owed documents.
    owed = asked_to_supplement(local(2026, 4, 2, 9), local(2026, 4, 3, 10))
    closing.request_withdrawal(
        actor(DESK),
        owed,
        "Công dân xin rút hồ sơ.",
        now=local(2026, 4, 8, 9),
        expected_version=dossier_version(owed),
    )
    closing.confirm_withdrawal(
        actor(DESK), owed, now=local(2026, 4, 8, 10), expected_version=dossier_version(owed)
    )


def _void(dossier_id: int, at: datetime) -> None:
    closing.void_dossier(
        actor("admin.ttpvhcc"),
        dossier_id,
        "Nhập trùng hồ sơ.",
        now=at,
        expected_version=dossier_version(dossier_id),
    )


def test_the_kept_summary_equals_the_recount_after_every_kind_of_act(app: Flask) -> None:
    with app.app_context():
        ids = build_march()
        # The report date inside March (live pending) and well after it (kept stocks).
        _assert_agrees([local(2026, 3, 18, 15), AFTERWARDS])
        _more_acts()
        # F1 was processed early in March and F5 is still open: voiding either takes it
        # out of every figure of every period, past ones included.
        _void(ids["F1"], local(2026, 4, 20, 9))
        _void(ids["F5"], local(2026, 4, 20, 10))
        _assert_agrees([local(2026, 4, 9, 11), AFTERWARDS])


def test_a_rebuild_recomputes_exactly_what_the_transition_path_kept(app: Flask) -> None:
    with app.app_context():
        build_march()
        _more_acts()
        kept = _rows()
        assert kept["daily_dossier_summary"] and kept["daily_step_summary"]
        for model in (DailyDossierSummary, DailyStepSummary):
            db.session.execute(delete(model))
        db.session.commit()
        done = rebuild_summary()
        assert _rows() == kept
        assert done.dossier_rows == len(kept["daily_dossier_summary"])
        # A rebuild of March alone leaves the other days as they were.
        rebuild_summary(date(2026, 3, 1), date(2026, 3, 31))
        assert _rows() == kept


def test_the_rebuild_command_restores_the_report(app: Flask) -> None:
    with app.app_context():
        build_march()
        scope, march = (
            build_scope(unit_id("px_quynhon")),
            Period(date(2026, 3, 1), date(2026, 3, 31)),
        )
        before = count_dossiers(scope, march, AFTERWARDS).table
        db.session.execute(
            delete(DailyDossierSummary).where(DailyDossierSummary.day >= date(2026, 3, 10))
        )
        db.session.commit()
        assert count_dossiers(scope, march, AFTERWARDS).table != before
    result = app.test_cli_runner().invoke(args=["summary", "rebuild", "--from", "2026-03-10"])
    assert result.exit_code == 0, result.output
    assert "rebuilt from" in result.output
    with app.app_context():
        assert count_dossiers(scope, march, AFTERWARDS).table == before
        assert procedure_id(MARRIAGE) in {proc for _, proc in before}
