"""The closed months of the reporting read model (docs/architecture.md#reporting-read-model):
a report reads a closed month's flows and end-of-month stocks plus the days since, and
says what a recount over the raw rows says — for periods that start or end inside a month
or cross month boundaries, before and after late acts (an apology, a supplement under the
pause policy, a withdrawal, voids of dossiers whose flows lie in closed months). A rebuild
recomputes exactly the closed months the transition path kept. Runs on SQLite and, with
TEST_POSTGRES_URL, on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, select

from tests.conftest import Clock
from tests.services.support import local, unit_id
from tests.services.test_summary_agrees import AFTERWARDS, _more_acts, _scopes, _void
from tests.web.monitor.month_story import build_march
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    DailyDossierSummary,
    DailyStepSummary,
    MonthlyDossierSummary,
    MonthlyStepSummary,
    SummaryMonth,
)
from vpub_onestop.queries.stats_recount import recount_dossiers, recount_steps
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.queries.stats_summary import count_dossiers, count_steps
from vpub_onestop.services.summary_months import close_finished_months
from vpub_onestop.services.summary_rebuild import rebuild_summary

APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))


def _periods() -> list[Period]:
    return [
        Period(date(2026, 2, 1), date(2026, 2, 28)),
        Period(date(2026, 3, 1), date(2026, 3, 31)),
        APRIL,
        Period(date(2026, 3, 31), date(2026, 4, 1)),  # across a month's end
        Period(date(2026, 2, 20), date(2026, 4, 12)),  # days, whole March, days
        Period(date(2026, 3, 16), date(2026, 4, 8)),
        Period(date(2026, 2, 1), date(2026, 5, 31)),
        Period(date(2026, 3, 18), date(2026, 3, 18)),
        Period(date(2026, 1, 1), date(2026, 12, 31)),
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


def _closed() -> list[date]:
    months = list(db.session.scalars(select(SummaryMonth.month).order_by(SummaryMonth.month)))
    db.session.rollback()
    return months


def _monthly_rows() -> dict[str, set[tuple[Any, ...]]]:
    found: dict[str, set[tuple[Any, ...]]] = {}
    for model in (MonthlyDossierSummary, MonthlyStepSummary):
        table = model.__table__
        keys = len(table.primary_key.columns)
        rows = db.session.execute(select(table)).all()
        found[table.name] = {tuple(row) for row in rows if any(row[keys:])}
    db.session.rollback()
    return found


def test_closed_months_give_the_recount_s_figures_after_late_acts(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 4, 2, 8))
        ids = build_march()
        # On 2/4 February and March are over: both close, April does not.
        assert close_finished_months() == 2
        assert _closed() == [date(2026, 2, 1), date(2026, 3, 1)]
        assert close_finished_months() == 0  # idempotent
        _assert_agrees([local(2026, 3, 18, 15), local(2026, 4, 1, 9), AFTERWARDS])

        frozen_clock.set(local(2026, 5, 4, 8))
        _more_acts()  # April's acts, on days of a month not closed yet
        assert close_finished_months() == 1
        # F1 was received and processed in February–March, F5 is open since February:
        # voiding them now changes the flows and the stocks of closed months.
        _void(ids["F1"], local(2026, 5, 4, 9))
        _void(ids["F5"], local(2026, 5, 4, 10))
        _assert_agrees([local(2026, 4, 9, 11), local(2026, 5, 4, 11), AFTERWARDS])

        # What the transition path kept in the closed months is what a rebuild computes.
        kept = _monthly_rows()
        assert kept["monthly_dossier_summary"] and kept["monthly_step_summary"]
        done = rebuild_summary()
        assert done.months == 3
        assert _monthly_rows() == kept


def test_a_report_reads_the_closed_month_s_stocks_not_the_days_before(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 5, 4, 8))
        build_march()
        assert close_finished_months() == 3  # February, March, April
        province, quynhon = build_scope(None), build_scope(unit_id("px_quynhon"))
        before = {
            scope: count_dossiers(scope, APRIL, AFTERWARDS).table for scope in (province, quynhon)
        }
        # Open at the end of March, by the story (month_story.py): F4 (online, due 11/3)
        # and F5 (due 10/3) overdue, M5 waiting for the applicant (asked 18/3, never
        # completed), M8 (received 30/3, due 6/4) within time, all at px_quynhon; P1 at
        # the provincial centre (due 10/3, never dispatched) overdue. M10 was voided.
        assert sum(c.carried_over for c in before[province].values()) == 5
        assert sum(c.carried_over for c in before[quynhon].values()) == 4
        # Without the days before April the closed March still carries them over.
        for model in (DailyDossierSummary, DailyStepSummary):
            db.session.execute(delete(model).where(model.day < date(2026, 4, 1)))
        db.session.commit()
        for scope, table in before.items():
            assert count_dossiers(scope, APRIL, AFTERWARDS).table == table


def test_the_close_command_and_the_sweep_close_a_month_once_it_is_over(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 3, 31, 23) + timedelta(minutes=59))
        build_march()
    result = app.test_cli_runner().invoke(args=["summary", "close"])
    assert result.exit_code == 0, result.output
    assert "closed months: 1" in result.output  # February; March is not over yet
    with app.app_context():
        assert _closed() == [date(2026, 2, 1)]
        frozen_clock.set(local(2026, 4, 1, 0) + timedelta(minutes=1))
    result = app.test_cli_runner().invoke(args=["sweep"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _closed() == [date(2026, 2, 1), date(2026, 3, 1)]
