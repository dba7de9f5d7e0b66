"""The measured rows: each page under load for `seconds`, right after the floor's matching
request (a primary-key read for reads, a one-row insert for writes) for as long, so each
ratio compares two figures taken under the same contention."""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bench.load.wrk import Measure, Request, run_serial, run_wrk
from bench.perf.sessions import form_posts, signed_in
from bench.perf.targets import CITIZEN, Targets
from bench.reliability.server import Site

FEW = 5  # fewer answers than this in a window: the page is timed serially instead
SERIAL = 3
DRAIN_PROBES = 4


def drain(base: str) -> None:
    """Wait until the requests wrk left queued (it stops sending, the workers go on with
    what they accepted) are answered, so the next measure starts on idle workers."""
    with ThreadPoolExecutor(DRAIN_PROBES) as pool:
        list(pool.map(lambda _: run_serial(base, "/healthz", "", 1), range(DRAIN_PROBES)))


@dataclass(frozen=True)
class Line:
    name: str
    target: str
    app: Measure | None = None
    floor: Measure | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.app is None or self.floor is None or not self.floor.rps:
            return None
        return self.app.rps / self.floor.rps


LOOKUP = "Public lookup vs PK read"
SEARCH = "Staff search"
SUBMISSION = "Online submission vs insert"
RECEIPT = "Reception receive vs insert"
WRITES = (SUBMISSION, RECEIPT)
EXPORT = "Excel export, large drill-down"

# (row name, target from the issue, session's username or "", path key or list builder)
READS: tuple[tuple[str, str, str, str], ...] = (
    ("Reception queue /mot-cua/tiep-nhan", "p95 < 50 ms", "reception.{unit}", "queue"),
    ("Agency task list /xu-ly", "p95 < 50 ms", "leader.{agency}", "tasks"),
    ("Deadline dashboard, province", "p95 < 250 ms", "supervisor.ttpvhcc", "dashboard"),
    ("Statistics report, one year", "< 1 s", "supervisor.ttpvhcc", "report_year"),
    ("Statistics report, one month", "< 300 ms", "supervisor.ttpvhcc", "report_month"),
    ("Indicators, one year", "< 1 s", "supervisor.ttpvhcc", "indicators_year"),
    ("Register (Mẫu 06), busy month", "< 2 s", "reception.{unit}", "register"),
)


class Runner:
    def __init__(
        self,
        app: Site,
        floor: Site,
        targets: Targets,
        seconds: int,
        wants: Callable[[str], bool] = lambda _name: True,
    ) -> None:
        self.app, self.floor, self.targets, self.seconds = app, floor, targets, seconds
        self.wants = wants  # `--only` (bench/perf/selection.py)
        rng = random.Random(3)
        ids = list(targets.floor_ids)
        rng.shuffle(ids)
        self.floor_reads = [Request("GET", f"/read/{i}") for i in ids]
        self.floor_inserts = [Request("POST", "/insert")]
        self.cookies: dict[str, str] = {}

    def cookie(self, username: str) -> str:
        if username not in self.cookies:
            self.cookies[username] = signed_in(self.app.base, username).cookie_header()
        return self.cookies[username]

    def _pair(
        self, requests: list[Request], cookie: str, write: bool
    ) -> tuple[Measure, Measure, str]:
        floor_list = self.floor_inserts if write else self.floor_reads
        floor = run_wrk(self.floor.base, floor_list, self.seconds)
        app = run_wrk(self.app.base, requests, self.seconds, cookie)
        drain(self.app.base)
        if app.requests < FEW and not write:
            # Seconds per request: wrk's window saw too few answers; time a few in a row.
            app = run_serial(self.app.base, requests[0].path, cookie, SERIAL)
            drain(self.app.base)
            return app, floor, f"{SERIAL} in a row"
        return app, floor, ""

    def reads(self) -> list[Line]:
        lines = []
        t = self.targets
        for name, target, who, key in READS:
            if not self.wants(name):
                continue
            username = who.format(unit=t.unit_key, agency=t.agency_key)
            requests = [Request("GET", t.paths[key])]
            if key == "register":  # a PDF an officer prints: one at a time, never in parallel
                floor = run_wrk(self.floor.base, self.floor_reads, self.seconds)
                app = run_serial(self.app.base, requests[0].path, self.cookie(username), SERIAL)
                drain(self.app.base)
                how = f"{SERIAL} in a row"
            else:
                app, floor, how = self._pair(requests, self.cookie(username), write=False)
            what = "busy month " + t.busy_month if key == "register" else ""
            lines.append(Line(name, target, app, floor, "; ".join(filter(None, (what, how)))))
        if self.wants(LOOKUP):
            lookups = [Request("GET", path) for path in t.lookups]
            app, floor, how = self._pair(lookups, "", write=False)
            lines.append(Line(LOOKUP, "≥ 0.6×", app, floor, how))
        if not self.wants(SEARCH):
            return lines
        if t.search_path is None:
            lines.append(Line(SEARCH, "", note="not built"))
        else:
            search = [Request("GET", t.search_path)]
            cookie = self.cookie(f"reception.{t.unit_key}")
            app, floor, how = self._pair(search, cookie, write=False)
            lines.append(Line(SEARCH, "", app, floor, how))
        return lines

    def writes(self) -> list[Line]:
        t = self.targets
        # (row, who signs in, the page holding the form, the form's action, fresh work)
        forms = (
            (SUBMISSION, CITIZEN, "/ho-so-cua-toi/{id}/xem-lai", "/ho-so-cua-toi/{id}/nop",
             t.fresh.drafts),
            (RECEIPT, f"reception.{t.unit_key}", "/mot-cua/kiem-tra/{id}",
             "/mot-cua/ho-so/{id}/tiep-nhan", t.fresh.submitted),
        )  # fmt: skip
        lines = []
        for name, username, page, action, items in forms:
            if not self.wants(name):
                continue
            browser = signed_in(self.app.base, username)
            requests, cookie = form_posts(browser, page, action, items, action)
            app, floor, _how = self._pair(requests, cookie, write=True)
            note = "pool exhausted: repeats refused" if app.requests > len(requests) else ""
            lines.append(Line(name, "≥ 0.4×", app, floor, note))
        return lines

    def export(self, count: int = 2) -> Line:
        path = self.targets.paths["export"]
        cookie = self.cookie("supervisor.ttpvhcc")
        app = run_serial(self.app.base, path, cookie, count)
        drain(self.app.base)
        days = self.targets.drill_days
        return Line(EXPORT, "streamed, < 10 s", app, note=f"{days} days received")


Step = Callable[[], list[Line]]
