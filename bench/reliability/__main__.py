"""`python -m bench.reliability [--clients 200 --seconds 60 --pairs 1000]`: one table."""

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
from bench.reliability.server import Site


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
    return parser.parse_args()


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


def _run_backend(name: str, url: str | None, args: argparse.Namespace) -> list[phases.Row]:
    site = Site(url)
    rows: list[phases.Row] = []
    try:
        started = time.monotonic()
        site.prepare(args.seed_dossiers)
        site.start()
        rows.append(
            (
                f"[{name}] setup (migrate, seed, start)",
                f"{time.monotonic() - started:.0f} s",
                "",
                True,
            )
        )
        steps: list[tuple[str, Callable[[], list[phases.Row]]]] = [
            ("load", lambda: phases.load(site, args.clients, args.seconds)),
            ("races", lambda: phases.races(site, args.pairs)),
            ("crash", lambda: phases.crash(site, args.crash_seconds)),
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
        shutil.rmtree(site.folder, ignore_errors=True)
    return rows


def main() -> int:
    args = _arguments()
    signal.signal(signal.SIGALRM, _abort)
    signal.alarm(args.max_minutes * 60)
    rows: list[phases.Row] = []
    started = time.monotonic()
    try:
        rows += _run_backend("sqlite", None, args)
        if os.environ.get("RELIABILITY_POSTGRES_URL"):
            rows += _run_backend("postgresql", os.environ["RELIABILITY_POSTGRES_URL"], args)
        if "fuzz" not in args.skip:
            rows += phases.fuzz(args.fuzz_examples, args.fuzz_timeout)
    except TimeoutError as error:
        rows.append(("run", str(error), "", False))
    finally:
        signal.alarm(0)
    rows.append(("total duration", f"{time.monotonic() - started:.0f} s", "", True))
    print(
        f"\nvpub-onestop reliability, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
        f" {platform.node()} ({os.cpu_count()} cpu, Python {platform.python_version()})\n"
    )
    _print_table(rows)
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
