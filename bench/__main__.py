"""`python -m bench [--database sqlite|postgres|both] [--dossiers N] [--seconds S]
[--only SUBSTRING]...`: the real app and the floor under gunicorn on a generated database,
one table (`make bench`)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from sqlalchemy import func, select

from bench.floor.app import ensure_table
from bench.generate.__main__ import generate
from bench.generate.reference import make_app
from bench.perf import report
from bench.perf.extras import RSS, SWEEP, sweep, worker_peak_rss
from bench.perf.measures import EXPORT, RECEIPT, SUBMISSION, Line, Runner
from bench.perf.selection import Selection, measure_names
from bench.perf.targets import collect
from bench.reliability.server import ROOT, Site

GUNICORN_TIMEOUT = 30  # gunicorn's default, as `make run` serves the app


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10, help="per measure, app and floor")
    parser.add_argument("--sqlite-path", help="default: instance/bench-<N>.sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="an existing database, empty or generated (default: $BENCH_POSTGRES_URL)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SUBSTRING",
        help="run only the measures whose name contains it (repeatable; case-insensitive)",
    )
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--no-results", action="store_true", help="print only")
    return parser.parse_args()


def _database_count(url: str) -> int:
    from vpub_onestop.extensions import db
    from vpub_onestop.models import Dossier

    app = make_app(url)
    with app.app_context():
        try:
            count = int(db.session.scalar(select(func.count()).select_from(Dossier)) or 0)
        except Exception:  # no schema yet
            count = 0
        db.session.remove()
        db.engine.dispose()
    return count


def _prepared(url: str, dossiers: int) -> int:
    """Generate into an empty database; a generated one is reused as it is."""
    count = _database_count(url)
    if count == 0:
        generate(url, dossiers)
        count = _database_count(url)
    else:
        print(f"reusing {url}: {count:,} dossiers")
    return count


def run_database(url: str, seconds: int, only: Selection) -> list[Line]:
    app = make_app(url)
    wants = only.wants
    targets = collect(app, seconds, drafts=wants(SUBMISSION), submitted=wants(RECEIPT))
    ensure_table(url)
    server = Site(url, timeout=GUNICORN_TIMEOUT)
    floor = Site(url, timeout=GUNICORN_TIMEOUT, app="bench.floor.wsgi:app")
    lines: list[Line] = []
    served = [name for name in measure_names() if name != SWEEP]
    try:
        if only.any_of(tuple(served)):
            server.start()
            floor.start(probe=f"/read/{targets.floor_ids[0]}")
            runner = Runner(server, floor, targets, seconds, wants)
            lines += runner.reads()
            lines += runner.writes()
            if wants(EXPORT):
                lines.append(runner.export())
            if wants(RSS):
                lines.append(worker_peak_rss(server))
    finally:
        server.stop()
        floor.stop()
    if wants(SWEEP):
        lines.append(sweep(server, app))
    for site in (server, floor):
        shutil.rmtree(site.folder, ignore_errors=True)
    return lines


def main() -> int:
    args = _arguments()
    only = Selection(tuple(args.only))
    if only.unmatched():
        print(f"--only {', '.join(only.unmatched())}: no such measure; the measures are:")
        print("\n".join(f"  {name}" for name in measure_names()))
        return 2
    chosen = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    urls: dict[str, str] = {}
    if "sqlite" in chosen:
        path = Path(args.sqlite_path or ROOT / "instance" / f"bench-{args.dossiers}.sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        urls["sqlite"] = f"sqlite:///{path.resolve()}"
    if "postgres" in chosen:
        if args.postgres_url:
            urls["postgres"] = args.postgres_url
        elif args.database == "postgres":
            print("--postgres-url (or BENCH_POSTGRES_URL) is needed for PostgreSQL")
            return 2
        else:
            print("PostgreSQL skipped: set BENCH_POSTGRES_URL (an empty or generated database)")
    sizes = {name: _prepared(url, args.dossiers) for name, url in urls.items()}
    rows: list[str] = []
    for name, url in urls.items():
        rows += [report.row(name, line) for line in run_database(url, args.seconds, only)]
    text = f"## {report.heading(sizes, args.seconds, only.substrings)}\n\n{report.table(rows)}\n"
    print("\n" + text)
    if not args.no_results:
        report.append_results(Path(args.results), text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
