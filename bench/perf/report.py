"""The one table (Markdown, so the same text goes to the terminal and to RESULTS.md)."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from bench.perf.measures import Line

HEADER = (
    "| measure | app req/s | p50 ms | p95 ms | p99 ms | floor req/s | ratio | errors "
    "| target | note |"
)
RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def row(database: str, line: Line) -> str:
    app, floor = line.app, line.floor
    cells = [f"[{database}] {line.name}"]
    if app is None:
        cells += ["", "", "", "", "", "", ""]
    else:
        cells += [
            f"{app.rps:,.1f}",
            _ms(app.p50_ms),
            _ms(app.p95_ms),
            _ms(app.p99_ms),
            f"{floor.rps:,.0f}" if floor else "",
            f"{line.ratio:.2f}×" if line.ratio is not None else "",
            f"{app.errors}/{app.requests}",
        ]
    cells += [line.target, line.note]
    return "| " + " | ".join(cells) + " |"


def table(rows: list[str]) -> str:
    return "\n".join([HEADER, RULE, *rows])


def heading(dossiers: dict[str, int], seconds: int, only: tuple[str, ...] = ()) -> str:
    chosen = f"; only the measures matching {', '.join(repr(s) for s in only)}" if only else ""
    sizes = ", ".join(f"{name} {count:,} dossiers" for name, count in dossiers.items())
    return (
        f"vpub-onestop benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.node()} ({os.cpu_count()} cpu, load average "
        f"{os.getloadavg()[0]:.1f}, Python {platform.python_version()}); {sizes}; "
        f"gunicorn 2 sync workers, --no-control-socket, timeout 30 s; wrk 1 thread, "
        f"4 connections, {seconds} s per measure, floor then app{chosen}"
    )


def append_results(path: Path, text: str) -> None:
    """RESULTS.md keeps every run, newest last."""
    if not path.exists():
        path.write_text(
            "# Benchmark results\n\n`python -m bench` (`make bench`) appends each run here.\n"
        )
    with path.open("a", encoding="utf-8") as out:
        out.write("\n" + text + "\n")
