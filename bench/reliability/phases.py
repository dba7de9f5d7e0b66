"""The four phases. Each returns rows (measure, value, target, ok) for the table."""

from __future__ import annotations

import os
import random
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.reliability import checks, traffic
from bench.reliability.client import Browser, Journal
from bench.reliability.server import BIN, ROOT, Site

Row = tuple[str, str, str, bool]
CITIZENS = [f"citizen{n}" for n in range(1, 6)]
OFFICER = "reception.px_quynhon"
SECOND_OFFICER = "unit_head.px_quynhon"


@dataclass
class Tally:
    """Shared by the threads of a phase (a lock around every change)."""

    statuses: Counter[str] = field(default_factory=Counter)
    accepted: dict[int, int] = field(default_factory=dict)
    to_receive: list[int] = field(default_factory=list)
    received: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def browser(self, site: Site, journal: Journal | None = None) -> tuple[Browser, dict[str, int]]:
        counts: dict[str, int] = {}
        return Browser(site.base, counts, journal), counts

    def merge(self, counts: dict[str, int]) -> None:
        with self.lock:
            self.statuses.update(counts)


def _person(site: Site, tally: Tally, n: int, until: float, unit_id: int, codes: list[str]) -> None:
    browser, counts = tally.browser(site)
    officer = n % 10 == 0
    if not browser.log_in(OFFICER if officer else CITIZENS[n % len(CITIZENS)]):
        tally.merge(counts)
        return
    rng = random.Random(n)
    while time.monotonic() < until:
        roll = rng.random()
        if officer:
            with tally.lock:
                dossier_id = tally.to_receive.pop() if tally.to_receive else None
            prepared = dossier_id and traffic.decide(browser, dossier_id, "receive")
            if prepared and traffic.post_decision(browser, "receive", prepared) == 302:
                with tally.lock:
                    tally.received += 1
            browser.get("/mot-cua")
        elif roll < 0.45:
            browser.get(rng.choice(traffic.CATALOGUE_PAGES))
        elif roll < 0.65:
            code = rng.choice(codes) if codes else "X"
            browser.get(f"/tra-cuu?ma={code}&khoa=000000")
        elif roll < 0.75:
            browser.get("/ho-so-cua-toi")
        else:
            done = traffic.submit_online(browser, unit_id)
            if done:
                with tally.lock:
                    tally.accepted[done[0]] = done[1]
                    tally.to_receive.append(done[0])
    tally.merge(counts)


def load(site: Site, clients: int, seconds: int) -> list[Row]:
    engine = checks.engine_for(site.database_url)
    unit_id = checks.unit_id(engine, "px_quynhon")
    codes = checks.some_codes(engine)
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    with ThreadPoolExecutor(clients) as pool:
        for n in range(clients):
            pool.submit(_person, site, tally, n, until, unit_id, codes)
    elapsed = time.monotonic() - started
    total = sum(tally.statuses.values())
    missing = checks.submissions_missing(engine, site.upload_dir, tally.accepted)
    classes = ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items()))
    unanswered = tally.statuses["no answer"] + tally.statuses["timeout"]
    return [
        ("load: clients x seconds", f"{clients} x {seconds}", "", True),
        ("load: requests (req/s)", f"{total} ({total / elapsed:.0f}/s)", "", True),
        ("load: status classes", classes, "", True),
        ("load: 5xx answers", str(tally.statuses["5xx"]), "0", tally.statuses["5xx"] == 0),
        ("load: no answer (or none in 30 s)", str(unanswered), "0", unanswered == 0),
        ("load: submissions accepted", str(len(tally.accepted)), "> 0", bool(tally.accepted)),
        ("load: officer receipts", str(tally.received), "", True),
        ("load: accepted but not stored", str(missing), "0", missing == 0),
    ]


def _submitted(site: Site, count: int, threads: int = 10) -> list[int]:
    engine = checks.engine_for(site.database_url)
    unit_id = checks.unit_id(engine, "px_quynhon")

    def one(n: int) -> list[int]:
        browser = Browser(site.base)
        if not browser.log_in(CITIZENS[n % len(CITIZENS)]):
            return []
        ids = []
        for _ in range(n, count, threads):
            done = traffic.submit_online(browser, unit_id)
            if done:
                ids.append(done[0])
        return ids

    with ThreadPoolExecutor(threads) as pool:
        return [i for ids in pool.map(one, range(threads)) for i in ids]


def races(site: Site, pairs: int) -> list[Row]:
    """Two desk officers decide the same submitted dossier at once: receive vs refuse."""
    dossier_ids = _submitted(site, pairs)
    receiver, refuser = Browser(site.base), Browser(site.base)
    receiver.log_in(OFFICER)
    refuser.log_in(SECOND_OFFICER)
    winners: Counter[int] = Counter()
    errors = 0
    for dossier_id in dossier_ids:
        first = traffic.decide(receiver, dossier_id, "receive")
        second = traffic.decide(refuser, dossier_id, "refuse")
        if not first or not second:
            errors += 1
            continue
        gate = threading.Barrier(2)

        def fire(
            browser: Browser, action: str, prepared: tuple[str, str, str], gate: threading.Barrier
        ) -> int:
            gate.wait(timeout=30)
            return traffic.post_decision(browser, action, prepared)

        with ThreadPoolExecutor(2) as pool:
            a = pool.submit(fire, receiver, "receive", first, gate)
            b = pool.submit(fire, refuser, "refuse", second, gate)
            statuses = (a.result(timeout=60), b.result(timeout=60))
        winners[dossier_id] = sum(1 for s in statuses if s == 302)
        errors += sum(1 for s in statuses if s >= 500 or s <= 0)  # <= 0: no answer
    engine = checks.engine_for(site.database_url)
    events = checks.decisions_per_dossier(engine, dossier_ids)
    one_winner = sum(1 for d in dossier_ids if winners[d] == 1)
    double = sum(1 for n in events.values() if n > 1)
    duplicates = checks.duplicate_codes(engine)
    n = len(dossier_ids)
    return [
        ("races: conflicting pairs", f"{n} of {pairs}", str(pairs), n == pairs),
        ("races: exactly one winner", str(one_winner), str(n), one_winner == n),
        ("races: 5xx or no answer", str(errors), "0", errors == 0),
        ("races: double decision events", str(double), "0", double == 0),
        ("races: duplicate dossier codes", str(duplicates), "0", duplicates == 0),
    ]


def fuzz(examples: int, timeout: int, postgres_url: str | None = None) -> list[Row]:
    """The fuzz test at a larger budget; on PostgreSQL too when `postgres_url` is given."""
    started = time.monotonic()
    env = {**os.environ, "VPUB_FUZZ_EXAMPLES": str(examples)}
    if postgres_url:
        env["TEST_POSTGRES_URL"] = postgres_url
    try:
        done = subprocess.run(
            [
                str(BIN / "pytest"),
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/web/test_no_server_error.py",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        passed, tail = done.returncode == 0, (done.stdout.strip().splitlines() or [""])[-1]
    except subprocess.TimeoutExpired:
        passed, tail = False, f"timed out after {timeout} s"
    duration = time.monotonic() - started
    return [
        (f"fuzz: {examples} examples/route", tail[:60], "passed", passed),
        ("fuzz: duration", f"{duration:.0f} s", f"< {timeout} s", duration < timeout),
    ]
