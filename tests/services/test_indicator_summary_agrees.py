"""The indicators' daily summary (docs/indicators.md#stored-scores) always says what
scoring the raw rows says: after receipts, steps, supplements under both clock policies, an
apology, a withdrawal, an electronic result, a complaint verified after the dossier
finished, and voids of a processed and of an open dossier — for days, weeks, months and a
year, for the province, one unit, one procedure and one channel, per unit, per officer and
per procedure. And `flask summary rebuild` recomputes exactly what the transition path
kept. Runs on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import delete, select

from tests.services.support import actor, local, unit_id
from tests.services.test_d766_online import _online_processed
from tests.services.test_summary_agrees import _more_acts, _periods, _scopes, _void
from tests.web.monitor.month_story import DESK, build_march, fresh
from vpub_onestop.extensions import db
from vpub_onestop.models import Complaint, DailyIndicatorSummary, DailyOfficerSummary
from vpub_onestop.queries import indicators_summary as summary
from vpub_onestop.queries.indicators import recount_online, recount_unit_scores
from vpub_onestop.queries.indicators_d766 import recount_procedure_days, recount_results
from vpub_onestop.queries.indicators_officers import _verified_pairs, recount_officer_scores
from vpub_onestop.services.complaints import (
    ComplaintInput,
    ComplaintUpdate,
    record_complaint,
    update_complaint,
)
from vpub_onestop.services.summary_rebuild import rebuild_summary


def _snapped(scores: dict[Any, Any]) -> dict[Any, tuple[Any, ...]]:
    """Sums of real numbers compared to 1e-9 (the page snaps them so: domain.indicators);
    a unit or officer whose kept rows netted to zero is absent from a recount."""
    return {
        key: tuple(round(float(v), 9) for v in values)
        for key, values in scores.items()
        if values[0]
    }


def _days(rows: list[tuple[str, str, int, float]]) -> dict[tuple[str, str], tuple[int, float]]:
    """Days to 1e-6 (0.09 s): SQLite's julianday differences carry about a millisecond of
    error, and the page shows a tenth of a day."""
    return {(code, name): (n, round(days, 6)) for code, name, n, days in rows if n}


def _nonzero(found: dict[int, tuple[int, int, int]]) -> dict[int, tuple[int, int, int]]:
    return {unit: values for unit, values in found.items() if any(values)}


def _assert_agrees() -> None:
    for scope in _scopes():
        for period in _periods():
            where = f"{scope.unit_ids[:1]} {scope.procedure_ids} {scope.channel} {period}"
            assert _snapped(summary.unit_scores(scope, period)) == _snapped(
                recount_unit_scores(scope, period)
            ), where
            kept = summary.officer_scores(scope, period, _verified_pairs(scope, period))
            assert _snapped(kept) == _snapped(recount_officer_scores(scope, period)), where
            assert _days(summary.procedure_days(scope, period)) == _days(
                recount_procedure_days(scope, period)
            ), where
            assert summary.results_released(scope, period) == recount_results(scope, period)
            # A unit with nothing in the period: no row, or a row of zeros (the page reads
            # both as zeros).
            assert _nonzero(summary.online_received(scope, period)) == _nonzero(
                recount_online(scope, period)
            ), where
            db.session.rollback()


def _verified_complaint_about(dossier_id: int) -> None:
    """Recorded in April about a dossier processed in March, then verified as founded."""
    complaint_id = record_complaint(
        actor(DESK),
        unit_id("px_quynhon"),
        ComplaintInput(
            received_on=date(2026, 4, 13),
            channel="direct",
            content="Cán bộ hẹn sai ngày trả kết quả.",
            handling_due_on=date(2026, 4, 24),
            dossier_code=fresh(dossier_id).code,
        ),
        now=local(2026, 4, 13, 9),
    )
    version = db.session.scalar(select(Complaint.version).where(Complaint.id == complaint_id))
    update_complaint(
        actor(DESK),
        complaint_id,
        ComplaintUpdate(version=version, verified=True, handled_on=date(2026, 4, 14)),
        now=local(2026, 4, 14, 9),
    )


def test_the_kept_scores_equal_the_recount_after_every_kind_of_act(app: Flask) -> None:
    with app.app_context():
        ids = build_march()
        _online_processed(with_result=True)
        _online_processed(with_result=False)
        _assert_agrees()
        _more_acts()
        _verified_complaint_about(ids["M1"])
        # F1 was processed early in March and F5 is still open: voiding either takes it
        # out of every figure of every period, past ones included.
        _void(ids["F1"], local(2026, 4, 20, 9))
        _void(ids["F5"], local(2026, 4, 20, 10))
        _assert_agrees()


def summary_rows(*models: Any) -> dict[str, set[tuple[Any, ...]]]:
    """The tables' rows with a non-zero figure (a kept row may have netted to zero), real
    numbers to 1e-6."""
    found: dict[str, set[tuple[Any, ...]]] = {}
    for model in models:
        table = model.__table__
        keys = len(table.primary_key.columns)
        found[table.name] = {
            tuple(round(v, 6) if isinstance(v, float) else v for v in row)
            for row in db.session.execute(select(table)).all()
            if any(row[keys:])
        }
    db.session.rollback()
    return found


def test_a_rebuild_recomputes_exactly_the_kept_scores(app: Flask) -> None:
    with app.app_context():
        build_march()
        _online_processed(with_result=True)
        _more_acts()
        kept = summary_rows(DailyIndicatorSummary, DailyOfficerSummary)
        # Processed in Feb–April: F3, F1, F2, M1, M2, M3, M4, M9 and the online one.
        processed = DailyIndicatorSummary.__table__.c.keys().index("processed")
        assert sum(row[processed] for row in kept["daily_indicator_summary"]) == 9
        assert kept["daily_officer_summary"]
        for model in (DailyIndicatorSummary, DailyOfficerSummary):
            db.session.execute(delete(model))
        db.session.commit()
        rebuild_summary()
        assert summary_rows(DailyIndicatorSummary, DailyOfficerSummary) == kept
