"""The crash phase: a submission storm during which two gunicorn workers are killed with
`kill -9` and, on the runner's own PostgreSQL, the database is stopped the hard way and
started again. Afterwards nothing may be half-written, the orphan sweep leaves no file
without a row, and the app must have reconnected by itself.

Timeline (T = --crash-seconds): kill a worker at T/4; restart the database at T/2 (it
stays down --pg-down-seconds); kill another worker at 3T/4 (after the database is back);
keep submitting T/4 longer.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine

from bench.reliability import checks, traffic
from bench.reliability.client import TIMED_OUT, Journal, status_class
from bench.reliability.phases import CITIZENS, Row, Tally
from bench.reliability.server import Site

# Stops the database, keeps it down, starts it: returns the seconds it was unreachable.
Restart = Callable[[], float]


def _wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def _classes(statuses: list[int]) -> str:
    counts = Counter("503" if s == 503 else status_class(s) for s in statuses)
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "none"


def crash(site: Site, seconds: int, restart: Restart | None, clients: int = 10) -> list[Row]:
    engine = checks.engine_for(site.database_url)
    unit_id = checks.unit_id(engine, "px_quynhon")
    tally = Tally()
    journal: Journal = []
    stop = threading.Event()
    submitted_at: list[float] = []

    def storm(n: int) -> None:
        browser, counts = tally.browser(site, journal)
        while not browser.log_in(CITIZENS[n % len(CITIZENS)]) and not stop.is_set():
            time.sleep(0.2)  # a sign-in cut off by a kill or the restart: try again
        while not stop.is_set():
            if traffic.submit_online(browser, unit_id):
                submitted_at.append(time.monotonic())
        tally.merge(counts)

    killed: list[int] = []
    down: tuple[float, float] | None = None  # (stopped at, accepting again at)
    down_seconds = 0.0
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(storm, n) for n in range(clients)]
        try:
            _wait_until(started + seconds / 4)
            killed.append(site.kill_one_worker() or 0)
            if restart is not None:
                _wait_until(started + seconds / 2)
                stopped_at = time.monotonic()
                down_seconds = restart()
                down = (stopped_at, time.monotonic())
            _wait_until(max(started + 3 * seconds / 4, time.monotonic() + 1))
            killed.append(site.kill_one_worker() or 0)
            time.sleep(seconds / 4)
        finally:
            stop.set()
        for future in futures:
            future.result(timeout=120)
    killed = [pid for pid in killed if pid]

    rows: list[Row] = [
        ("crash: workers killed (-9)", str(len(killed)), "2", len(killed) == 2),
        ("crash: submissions during storm", str(len(submitted_at)), "> 0", bool(submitted_at)),
    ]
    if down is not None:
        rows += _restart_rows(journal, submitted_at, down, down_seconds)
    statuses = [status for _sent, _answered, status in journal]
    server_errors = sum(1 for s in statuses if s >= 500 and s != 503)
    hung = statuses.count(TIMED_OUT)
    rows += [
        ("crash: requests cut off (no answer)", str(statuses.count(0)), "", True),
        ("crash: 503 answers (try again)", str(statuses.count(503)), "", True),
        ("crash: other 5xx answers", str(server_errors), "0", server_errors == 0),
        ("crash: hung requests (none in 30 s)", str(hung), "0", hung == 0),
    ]
    return rows + _after_sweep(site, engine)


def _restart_rows(
    journal: Journal, submitted_at: list[float], down: tuple[float, float], seconds: float
) -> list[Row]:
    stopped_at, back_at = down
    during = [s for sent, answered, s in journal if answered >= stopped_at and sent <= back_at]
    after = [(sent, answered, s) for sent, answered, s in journal if sent >= back_at]
    errors_after = sum(1 for _sent, _answered, s in after if s >= 500)
    first_ok = min((answered for sent, answered, s in after if 200 <= s < 400), default=None)
    back_in = f"{first_ok - back_at:.2f} s" if first_ok is not None else "never"
    submitted_after = sum(1 for moment in submitted_at if moment >= back_at)
    return [
        ("crash: PostgreSQL restarts (immediate)", f"1 (down {seconds:.1f} s)", "1", True),
        ("crash: answers while it was down", _classes(during), "", True),
        ("crash: first success after restart", back_in, "", first_ok is not None),
        ("crash: 5xx after the database was back", str(errors_after), "0", errors_after == 0),
        ("crash: submissions after the restart", str(submitted_after), "> 0", submitted_after > 0),
    ]


def _after_sweep(site: Site, engine: Engine) -> list[Row]:
    half = checks.half_written(engine, site.upload_dir)
    orphans_before = checks.orphan_files(engine, site.upload_dir)
    # The sweep's grace is at least one hour (an upload in flight is never swept): age the
    # files by two hours instead of waiting, then sweep as an operator would.
    aged = time.time() - 2 * 3600
    for path in site.upload_dir.rglob("*"):
        if path.is_file():
            os.utime(path, (aged, aged))
    site.flask("files", "sweep-orphans", "--grace-hours", "1")
    orphans_after = checks.orphan_files(engine, site.upload_dir)
    lost = checks.half_written(engine, site.upload_dir)
    return [
        ("crash: half-written dossiers/files", str(half), "0", half == 0),
        ("crash: orphan files before sweep", str(orphans_before), "", True),
        ("crash: orphan files after sweep", str(orphans_after), "0", orphans_after == 0),
        ("crash: rows without file after", str(lost), "0", lost == 0),
    ]
