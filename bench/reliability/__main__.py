"""`python -m bench.reliability [--clients 200 --seconds 60 --pairs 1000]
[--databases sqlite,postgresql]`: one table.

PostgreSQL runs on a throwaway cluster of the runner's own (bench/reliability/postgres.py),
which the crash phase can restart; `RELIABILITY_POSTGRES_URL` names an existing empty
database instead (then nobody restarts it: the restart rows are left out)."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType

from bench.reliability import phases
from bench.reliability.crash import Restart, crash
from bench.reliability.postgres import Cluster
from bench.reliability.server import Site

DEFAULT_WORKERS = {"sqlite": 2, "postgresql": 4}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make reliability", description=__doc__)
    parser.add_argument("--clients", type=int, default=50, help="load: concurrent clients")
    parser.add_argument("--seconds", type=int, default=20, help="load: duration")
    parser.add_argument("--pairs", type=int, default=100, help="races: conflicting pairs")
    parser.add_argument("--crash-seconds", type=int, default=12, help="crash: storm length")
    parser.add_argument("--fuzz-examples", type=int, default=40, help="fuzz: per route")
    parser.add_argument("--fuzz-timeout", type=int, default=900, help="fuzz: seconds")
    parser.add_argument("--seed-dossiers", type=int, default=30, help="demo dossiers")
    parser.add_argument("--max-minutes", type=int, default=30, help="hard cap on the run")
    parser.add_argument("--skip", action="append", default=[], help="load|races|crash|fuzz")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql" if os.environ.get("RELIABILITY_POSTGRES_URL") else "sqlite",
        help="comma-separated: sqlite, postgresql",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (2 on SQLite, 4 on PG)"
    )
    parser.add_argument(
        "--pg-down-seconds", type=float, default=3.0, help="crash: database down this long"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folders (gunicorn.log)"
    )
    args = parser.parse_args()
    args.databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    unknown = set(args.databases) - set(DEFAULT_WORKERS)
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    return args


def _abort(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError("the run went past --max-minutes")


def _print_table(rows: list[phases.Row]) -> None:
    header = ("measure", "value", "target", "ok")
    cells = [header] + [(m, v, t, "yes" if ok else "NO") for m, v, t, ok in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    for n, row in enumerate(cells):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _run_backend(
    name: str, url: str | None, args: argparse.Namespace, restart: Restart | None = None
) -> list[phases.Row]:
    workers = args.workers or DEFAULT_WORKERS[name]
    site = Site(url, workers)
    rows: list[phases.Row] = []
    try:
        started = time.monotonic()
        site.prepare(args.seed_dossiers)
        site.start()
        rows.append(
            (
                f"[{name}] setup (migrate, seed, start {workers} workers)",
                f"{time.monotonic() - started:.0f} s",
                "",
                True,
            )
        )
        steps: list[tuple[str, Callable[[], list[phases.Row]]]] = [
            ("load", lambda: phases.load(site, args.clients, args.seconds)),
            ("races", lambda: phases.races(site, args.pairs)),
            ("crash", lambda: crash(site, args.crash_seconds, restart)),
        ]
        for phase, run in steps:
            if phase in args.skip:
                continue
            try:
                rows.extend((f"[{name}] {m}", v, t, ok) for m, v, t, ok in run())
            except Exception as error:  # one phase failing still prints the others
                rows.append((f"[{name}] {phase}", f"failed: {error!r}"[:70], "runs", False))
    finally:
        site.stop()
        if args.keep:
            print(f"[{name}] kept {site.folder}", file=sys.stderr)
        else:
            shutil.rmtree(site.folder, ignore_errors=True)
    return rows


def main() -> int:
    args = _arguments()
    signal.signal(signal.SIGALRM, _abort)
    signal.alarm(args.max_minutes * 60)
    rows: list[phases.Row] = []
    started = time.monotonic()
    cluster: Cluster | None = None
    try:
        if "sqlite" in args.databases:
            rows += _run_backend("sqlite", None, args)
        fuzz_url = None
        if "postgresql" in args.databases:
            external = os.environ.get("RELIABILITY_POSTGRES_URL")
            if external:
                rows += _run_backend("postgresql", external, args)
                fuzz_url = external  # an empty throwaway database: the fuzz may reuse it
            else:
                cluster = Cluster()
                cluster.start()
                own = cluster  # bound for the lambda below (mypy: not None)
                url = cluster.create_database("reliability")
                rows += _run_backend(
                    "postgresql", url, args, lambda: own.restart(args.pg_down_seconds)
                )
                fuzz_url = cluster.create_database("fuzz")
        if "fuzz" not in args.skip:
            rows += phases.fuzz(args.fuzz_examples, args.fuzz_timeout, fuzz_url)
    except TimeoutError as error:
        rows.append(("run", str(error), "", False))
    finally:
        signal.alarm(0)
        if cluster is not None:
            cluster.remove()
    rows.append(("total duration", f"{time.monotonic() - started:.0f} s", "", True))
    print(
        f"\nvpub-onestop reliability, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
        f" {platform.node()} ({os.cpu_count()} cpu, Python {platform.python_version()})\n"
    )
    _print_table(rows)
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
