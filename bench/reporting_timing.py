"""`python -m bench.reporting_timing --database-url URL [--runs N]`: in-process timings
(best of N) and statement counts of the statistics report (one year and one month, whole
province), the indicators (one year, province) and the deadline dashboard (whole province),
the figures of bench/PLANS.md ("Reporting read model") and bench/PROFILE.md. Prints each
statement's time on the best run with --verbose."""

from __future__ import annotations

import argparse
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bench.generate.reference import make_app
from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.queries.dashboard import build_dashboard
from vpub_onestop.queries.indicators_report import build_indicators
from vpub_onestop.queries.stats_report import build_report
from vpub_onestop.queries.stats_scope import Period, build_scope, moments
from vpub_onestop.services.clock import load_work_calendar


def _measure(name: str, run: Any, runs: int, verbose: bool, explain: bool = False) -> None:
    best: float = float("inf")
    best_statements: list[tuple[float, str, Any]] = []
    for _ in range(runs):
        statements: list[tuple[float, str, Any]] = []
        before, after = _recorder(statements)
        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        t0 = time.perf_counter()
        run()
        elapsed = time.perf_counter() - t0
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        db.session.rollback()
        if elapsed < best:
            best, best_statements = elapsed, statements
    print(f"{name}: best of {runs} {best * 1000:.0f} ms, {len(best_statements)} statements")
    if verbose:
        for seconds, sql, _ in sorted(best_statements, key=lambda s: -s[0])[:6]:
            print(f"   {seconds * 1000:8.1f} ms  {' '.join(sql.split())[:150]}")
    if explain:
        settings = [sql for _, sql, _ in best_statements if sql.startswith("SET LOCAL")]
        for seconds, sql, params in sorted(best_statements, key=lambda s: -s[0])[:3]:
            print(f"--- {seconds * 1000:.1f} ms: plan")
            _explain(sql, params, settings)


def _recorder(statements: list[tuple[float, str, Any]]) -> tuple[Any, Any]:
    """Engine event hooks appending (seconds, SQL, parameters) of each statement."""
    started: list[float] = []

    def before(*_: Any) -> None:
        started.append(time.perf_counter())

    def after(conn: Any, cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((time.perf_counter() - started.pop(), sql, params))

    return before, after


def _explain(sql: str, params: Any, settings: list[str]) -> None:
    """The plan, under the page's own SET LOCAL settings."""
    connection = db.session.connection().connection.driver_connection
    if db.engine.dialect.name == "postgresql":
        for setting in settings:
            connection.execute(setting)  # type: ignore[union-attr]
        cursor = connection.cursor()  # type: ignore[union-attr]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    else:
        cursor = connection.execute("EXPLAIN QUERY PLAN " + sql, params)  # type: ignore[union-attr]
    for row in cursor.fetchall():
        print("   ", " | ".join(str(v) for v in row))
    db.session.rollback()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--explain", action="store_true", help="plans of the 3 slowest")
    parser.add_argument("--only", choices=("year", "month", "dashboard", "indicators"))
    args = parser.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        now = clock.now()
        today = now.astimezone(LOCAL_TZ).date()
        last_month_end = today.replace(day=1) - timedelta(days=1)
        year = Period(today - timedelta(days=364), today)
        month = Period(last_month_end.replace(day=1), last_month_end)
        province = build_scope(None)
        pages = {
            "year": ("report, one year", lambda: build_report(province, year, now)),
            "month": ("report, one month", lambda: build_report(province, month, now)),
            "indicators": (
                "indicators, one year",
                lambda: build_indicators(province, year, now),
            ),
            "dashboard": (
                "dashboard, province",
                lambda: build_dashboard(province, moments(load_work_calendar(), now)),
            ),
        }
        for key, (name, run) in pages.items():
            if args.only in (None, key):
                _measure(name, run, args.runs, args.verbose, args.explain)


if __name__ == "__main__":
    main()
