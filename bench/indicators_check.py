"""`python -m bench.indicators_check --database-url URL`: the indicators page's figures
read from the daily summary and recounted from the rows (the page before the summary) for
several periods and scopes; prints each comparison and exits non-zero on a difference.
Run after `flask summary rebuild` on a bench copy (bench/PROFILE.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from typing import Any
from unittest import mock

from sqlalchemy import func, select

from bench.generate.reference import make_app
from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, Procedure
from vpub_onestop.queries import indicators_summary
from vpub_onestop.queries.indicators_report import build_indicators, indicator_tables
from vpub_onestop.queries.stats_scope import Period, build_scope


def _figures(scope: Any, period: Period, now: Any) -> list[Any]:
    tables = indicator_tables(build_indicators(scope, period, now))
    return [
        (t.key, [sorted((k, str(v)) for k, v in r.values.items()) for r in t.rows]) for t in tables
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    app = make_app(args.database_url)
    differences = 0
    with app.test_request_context("/"):
        now = clock.now()
        today = now.astimezone(LOCAL_TZ).date()
        first = today.replace(day=1)
        busiest_unit = db.session.scalar(
            select(Dossier.receiving_unit_id)
            .group_by(Dossier.receiving_unit_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        code = db.session.scalar(select(Procedure.code).order_by(Procedure.id).limit(1))
        periods = [
            Period(today - timedelta(days=364), today),
            Period(first, today),
            Period((first - timedelta(days=1)).replace(day=1), first - timedelta(days=1)),
            Period(today - timedelta(days=6), today),
            Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ]
        scopes = {
            "province": build_scope(None),
            f"unit {busiest_unit}": build_scope(busiest_unit),
            f"procedure {code}": build_scope(None, procedure_code=code),
            "online": build_scope(None, channel="online"),
        }
        for name, scope in scopes.items():
            for period in periods:
                kept = _figures(scope, period, now)
                with mock.patch.object(indicators_summary, "uses_summary", lambda scope: False):
                    recounted = _figures(scope, period, now)
                same = kept == recounted
                differences += not same
                print(f"{name:>20} {period.start}..{period.end}: {'same' if same else 'DIFFERENT'}")
                if not same:
                    for (key, a), (_, b) in zip(kept, recounted, strict=True):
                        for ra, rb in zip(a, b, strict=False):
                            if ra != rb:
                                print("   ", key, set(ra) ^ set(rb))
                db.session.rollback()
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
