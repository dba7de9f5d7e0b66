"""CPU time, statements and an optional pyinstrument profile of whole requests (every hook,
the session, CSRF, rendering) through the app's WSGI callable, on a generated database, in
the settings `make bench` serves it with: `python -m bench.request_profile --help`.

Not a test and not a load: one request after another in this process, so the figures are
the app's own work per request (steadier than requests/s on a shared machine). `lookup`
asks the public lookup for real codes and keys; `submit` and `receive` post the real forms
(CSRF token and version copied from the page, as the runner does) on fresh work added to
the database. Findings: PROFILE.md.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from bench.generate.fresh import add_fresh_work
from bench.perf.sessions import hidden_fields
from bench.perf.targets import CITIZEN
from vpub_onestop import create_app
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Dossier

WARM_UP = 30
BATCH = 50
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def bench_app(url: str) -> Flask:
    """The app as the runner's gunicorn serves it (bench/reliability/server.py: development
    settings, limits raised for a load from one address, no mail sent in the request)."""
    return create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY="request-profile",
        OUTBOX_AUTOSEND=False,
        RATELIMIT_LOGIN="100000 per minute",
        RATELIMIT_LOOKUP="100000 per minute",
        LOGIN_LOCKOUT_ATTEMPTS=100000,
        LOG_LEVEL="WARNING",
    )


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/dang-nhap").get_data(as_text=True)
    token = CSRF.search(page)
    data = {
        "username": username,
        "password": "demo1234",
        "csrf_token": token.group(1) if token else "",
    }
    answer = client.post("/dang-nhap", data=data)
    assert answer.status_code == 302, answer.status_code
    return client


def lookups(app: Flask, count: int) -> list[Callable[[], int]]:
    with app.app_context():
        top = int(db.session.scalar(select(func.max(Dossier.id))) or 0)
        sample = random.Random(5).sample(range(1, top + 1), min(top, count * 2))
        pairs = db.session.execute(
            select(Dossier.code, Dossier.lookup_key).where(
                Dossier.id.in_(sample), Dossier.code.is_not(None)
            )
        ).all()[:count]
        db.session.remove()
    client = app.test_client()
    return [partial(_get, client, "/tra-cuu", {"ma": str(c), "khoa": str(k)}) for c, k in pairs]


def _get(client: FlaskClient, path: str, query: dict[str, str]) -> int:
    return client.get(path, query_string=query).status_code


def _post(client: FlaskClient, path: str, form: dict[str, str], cookie: str) -> int:
    return client.post(path, data=form, headers={"Cookie": cookie}).status_code


def _busiest_unit(app: Flask) -> str:
    with app.app_context():
        unit_id = db.session.execute(
            select(Dossier.receiving_unit_id, func.count())
            .group_by(Dossier.receiving_unit_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        key = db.session.scalar(select(Agency.key).where(Agency.id == unit_id))
        db.session.remove()
    return str(key)


def form_posts(app: Flask, kind: str, count: int) -> list[Callable[[], int]]:
    unit = _busiest_unit(app)
    drafts, submitted = (count, 0) if kind == "submit" else (0, count)
    fresh = add_fresh_work(app, CITIZEN, unit, drafts, submitted, seed=int(time.time()))
    if kind == "submit":
        who, page, action, items = (
            CITIZEN,
            "/ho-so-cua-toi/{id}/xem-lai",
            "/ho-so-cua-toi/{id}/nop",
            fresh.drafts,
        )
    else:
        who, page, action, items = (
            f"reception.{unit}",
            "/mot-cua/kiem-tra/{id}",
            "/mot-cua/ho-so/{id}/tiep-nhan",
            fresh.submitted,
        )
    client = signed_in(app, who)
    first = items[0][0]
    fields = hidden_fields(
        client.get(page.format(id=first)).get_data(as_text=True), action.format(id=first)
    )
    version = next(name for name in fields if name.endswith("version"))
    # As wrk does: every POST carries the cookie the form's page left, never the answer's
    # (which would pile up one flash message per request in the session).
    session = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert session is not None, "no session cookie after signing in"
    cookie = f"{session.key}={session.value}"
    sender = app.test_client(use_cookies=False)
    return [
        partial(_post, sender, action.format(id=i), {**fields, version: str(v)}, cookie)
        for i, v in items
    ]


def measure(calls: list[Callable[[], int]], log: list[str]) -> dict[str, Any]:
    cpu: list[float] = []
    counts: list[int] = []
    statuses: dict[int, int] = {}
    for call in calls:
        log.clear()
        started = time.process_time()
        status = call()
        cpu.append((time.process_time() - started) * 1000)
        counts.append(len(log))
        statuses[status] = statuses.get(status, 0) + 1
    # The best mean of 50 in a row: the figure least disturbed by the other processes.
    batches = [cpu[i : i + BATCH] for i in range(0, len(cpu), BATCH)]
    return {
        "requests": len(calls),
        "statuses": statuses,
        "cpu ms mean": round(statistics.fmean(cpu), 3),
        "cpu ms best of batches": round(min(statistics.fmean(b) for b in batches), 3),
        "statements": f"{min(counts)}–{max(counts)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=("lookup", "submit", "receive"))
    parser.add_argument("--db", required=True, help="a generated database's URL")
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--profile", help="write pyinstrument's text report to this file")
    parser.add_argument("--statements", action="store_true", help="print the last request's")
    parser.add_argument(
        "--calls", action="store_true", help="Python function calls per request (cProfile)"
    )
    parser.add_argument("--all", action="store_true", help="the profile with every frame")
    args = parser.parse_args()
    app = bench_app(args.db)
    make = lookups if args.what == "lookup" else (lambda a, n: form_posts(a, args.what, n))
    calls = make(app, args.n + WARM_UP)
    log: list[str] = []
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_a: log.append(" ".join(statement.split())[:200]),
        )
    measure(calls[:WARM_UP], log)  # first renders compile templates, fill caches
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
    if args.calls:
        # A count that does not move with the machine's load: the steadiest comparison.
        import cProfile
        import pstats

        counter = cProfile.Profile()
        counter.enable()
        measure(calls[WARM_UP:], log)
        counter.disable()
        total = pstats.Stats(counter).total_calls  # type: ignore[attr-defined]
        print(args.what, {"function calls per request": round(total / args.n)})
        return
    result = measure(calls[WARM_UP:], log)
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(show_all=args.all), encoding="utf-8")
    print(args.what, result)
    if args.statements:
        print("\n".join(f"    {s}" for s in log))


if __name__ == "__main__":
    main()
