"""`python -m bench --only SUBSTRING` (bench/README.md): one measure can be run alone, a
typo is reported instead of running nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.perf.selection import Selection, measure_names

ROOT = Path(__file__).resolve().parents[2]


def chosen(*substrings: str) -> list[str]:
    selection = Selection(substrings)
    return [name for name in measure_names() if selection.wants(name)]


def test_without_only_every_measure_runs() -> None:
    assert chosen() == list(measure_names())
    assert len(measure_names()) == 14


def test_one_substring_picks_its_row_whatever_the_case() -> None:
    assert chosen("LOOKUP") == ["Public lookup vs PK read"]
    assert chosen("mẫu 06") == ["Register (Mẫu 06), busy month"]
    assert chosen("indicators") == ["Indicators, one year"]


def test_the_option_repeats_and_a_substring_may_match_several_rows() -> None:
    assert chosen("submission", "receive") == [
        "Online submission vs insert",
        "Reception receive vs insert",
    ]
    assert chosen("statistics") == ["Statistics report, one year", "Statistics report, one month"]


def test_an_unknown_substring_stops_the_run_and_lists_the_names() -> None:
    assert Selection(("lookup", "lokup")).unmatched() == ["lokup"]
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--database", "sqlite", "--only", "lokup"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "--only lokup: no such measure" in done.stdout
    assert "Public lookup vs PK read" in done.stdout
