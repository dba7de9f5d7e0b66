"""`python -m bench.register --db URL [-n 5] [--unit ID] [--month 2026-10]`: the register
(Mẫu 06) of a busy unit's month, timed in-process as the page builds it (rows read, PDF
drawn), best of n, wall and CPU time apart (bench/PROFILE.md, "Register").

Without --unit and --month it takes the unit that received the most dossiers and, of the
complete months, the one in which it received the most (as `make bench` does).
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

from sqlalchemy import func, select

from bench.generate.reference import make_app
from bench.perf.targets import _busiest, _busy_month
from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier
from vpub_onestop.services.slips import prepare_register
from vpub_onestop.slips.register import register_rows


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.register", description=__doc__)
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a generated database")
    parser.add_argument("-n", type=int, default=5, help="runs; the best is reported")
    parser.add_argument("--unit", type=int)
    parser.add_argument("--month", help="YYYY-MM")
    return parser.parse_args()


def _period(unit_id: int, month: str | None) -> tuple[date, date]:
    if month is None:
        return _busy_month(unit_id, clock.now().astimezone(LOCAL_TZ).date())
    first = date.fromisoformat(f"{month}-01")
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def main() -> None:
    args = _arguments()
    app = make_app(args.db)
    with app.app_context():
        unit_id = args.unit or _busiest(Dossier.receiving_unit_id)
        start, end = _period(unit_id, args.month)
        total = db.session.scalar(select(func.count()).select_from(Dossier))
        db.session.remove()
        supervisor = Actor(user_id=None, role=Role.SUPERVISOR, agency_id=None)
        runs: list[tuple[float, float, float, float, int, int]] = []
        for _ in range(args.n):
            wall, cpu = time.perf_counter(), time.process_time()
            rows = len(register_rows(db.session(), unit_id, start, end))
            read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
            db.session.remove()
            wall, cpu = time.perf_counter(), time.process_time()
            pdf = prepare_register(unit_id, start, end, supervisor).render()
            page_wall, page_cpu = time.perf_counter() - wall, time.process_time() - cpu
            db.session.remove()
            runs.append((page_wall, page_cpu, read_wall, read_cpu, rows, len(pdf)))
    dialect = args.db.split(":", 1)[0]
    best = min(runs)
    print(
        f"{dialect}, {total:,} dossiers: unit {unit_id}, {start:%d/%m/%Y}–{end:%d/%m/%Y}, "
        f"{best[4]:,} rows, {best[5] / 1e6:.1f} MB"
    )
    print(
        f"  whole register (read + draw), best of {args.n}: "
        f"{best[0]:.2f} s wall, {best[1]:.2f} s CPU"
    )
    print(f"  the rows' read alone: {best[2]:.2f} s wall, {best[3]:.2f} s CPU")
    print("  every run (wall s):", ", ".join(f"{run[0]:.2f}" for run in runs))


if __name__ == "__main__":
    main()
