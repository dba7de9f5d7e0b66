"""What the runner asks for, read from the generated database once before the load: the
busiest unit and agency, dossiers to look up, a busy month, a drill-down of about 40,000
rows, fresh work for the write measures, and every address built with `url_for`."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from flask import Flask, url_for
from sqlalchemy import Select, func, select

from bench.generate.fresh import Fresh, add_fresh_work
from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Dossier, StepTask

LOOKUPS = 2000
DRILL_DOWN_ROWS = 40_000
CITIZEN = "citizen1"


@dataclass
class Targets:
    dossiers: int
    unit_key: str
    agency_key: str
    lookups: list[str] = field(default_factory=list)  # public lookup addresses
    floor_ids: list[int] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)
    fresh: Fresh = Fresh([], [])
    busy_month: str = ""
    drill_days: int = 0
    search_path: str | None = None


def _count(stmt: Select[Any]) -> int:
    return int(db.session.scalar(stmt) or 0)


def _busiest(column: Any) -> int:
    row = db.session.execute(
        select(column, func.count()).group_by(column).order_by(func.count().desc()).limit(1)
    ).first()
    assert row is not None, "no generated data"
    return int(row[0])


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), LOCAL_TZ)


def _busy_month(unit_id: int, today: date) -> tuple[date, date]:
    """The complete month (of the last 35) in which the unit received the most dossiers."""
    best: tuple[int, date, date] = (-1, today, today)
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    for _ in range(35):
        following = (first + timedelta(days=32)).replace(day=1)
        received = _count(
            select(func.count())
            .select_from(Dossier)
            .where(
                Dossier.receiving_unit_id == unit_id,
                Dossier.received_at >= _local_midnight(first),
                Dossier.received_at < _local_midnight(following),
            )
        )
        if received > best[0]:
            best = (received, first, following - timedelta(days=1))
        first = (first - timedelta(days=1)).replace(day=1)
    return best[1], best[2]


def collect(
    app: Flask, seconds: int, seed: int = 5, drafts: bool = True, submitted: bool = True
) -> Targets:
    """`drafts` / `submitted`: whether fresh work is added for the submission / receipt
    measures (a run with `--only` that takes neither adds none)."""
    rng = random.Random(seed)
    with app.app_context():
        total = _count(select(func.count()).select_from(Dossier))
        unit_id = _busiest(Dossier.receiving_unit_id)
        agency_id = _busiest(StepTask.agency_id)
        keys = dict(db.session.execute(select(Agency.id, Agency.key)).all())
        targets = Targets(total, keys[unit_id], keys[agency_id])
        top = _count(select(func.max(Dossier.id)))
        sample = rng.sample(range(1, top + 1), min(top, LOOKUPS * 2))
        pairs = db.session.execute(
            select(Dossier.code, Dossier.lookup_key).where(
                Dossier.id.in_(sample), Dossier.code.is_not(None)
            )
        ).all()
        targets.floor_ids = sample[:LOOKUPS]
        today = clock.now().astimezone(LOCAL_TZ).date()
        month_start, month_end = _busy_month(unit_id, today)
        targets.busy_month = f"{month_start:%m/%Y}"
        received = _count(select(func.count()).where(Dossier.received_at.is_not(None)))
        per_day = max(1.0, received / (3 * 365))
        targets.drill_days = min(3 * 365, int(DRILL_DOWN_ROWS / per_day) + 1)
        last_month_end = today.replace(day=1) - timedelta(days=1)
        register_args: dict[str, Any] = {
            "don-vi": unit_id,
            "tu": f"{month_start:%d/%m/%Y}",
            "den": f"{month_end:%d/%m/%Y}",
        }
        with app.test_request_context():
            targets.lookups = [url_for("public.lookup", ma=c, khoa=k) for c, k in pairs]
            targets.paths = {
                "queue": url_for("desk.queue"),
                "tasks": url_for("work.tasks"),
                "dashboard": url_for("monitor.dashboard"),
                "report_year": url_for(
                    "monitor.report",
                    tu=(today - timedelta(days=364)).isoformat(),
                    den=today.isoformat(),
                ),
                "indicators_year": url_for(
                    "monitor.indicators",
                    tu=(today - timedelta(days=364)).isoformat(),
                    den=today.isoformat(),
                ),
                "report_month": url_for(
                    "monitor.report",
                    tu=last_month_end.replace(day=1).isoformat(),
                    den=last_month_end.isoformat(),
                ),
                "register": url_for("slips.register_pdf", **register_args),
                "export": url_for(
                    "monitor.dossiers",
                    fmt="xlsx",
                    loai="received",
                    tu=(today - timedelta(days=targets.drill_days - 1)).isoformat(),
                    den=today.isoformat(),
                ),
            }
            targets.search_path = _staff_search(app)
        db.session.remove()
    # Enough fresh work for the write measures at up to 400 requests/s (100/s ran out at 1M
    # on PostgreSQL once the write path was trimmed).
    count = max(300, 400 * seconds)
    if drafts or submitted:
        targets.fresh = add_fresh_work(
            app, CITIZEN, targets.unit_key, count if drafts else 0, count if submitted else 0
        )
    return targets


def _staff_search(app: Flask) -> str | None:
    """The officers' dossier search when the app has one (the `search` blueprint's page, or
    a staff address saying "tim-kiem"), asked for a common family name; None: not built."""
    for rule in app.url_map.iter_rules():
        path = str(rule.rule)
        if "<" in path or "GET" not in (rule.methods or ()):
            continue
        staff = path.startswith(("/mot-cua", "/xu-ly", "/theo-doi"))
        named = rule.endpoint.startswith("search.")
        if named or (staff and "tim-kiem" in path and "counter" not in rule.endpoint):
            return f"{path}?q={quote('Nguyễn')}"
    return None
