"""The Prometheus `/metrics` page (text exposition format 0.0.4).

* Request latency: a histogram by endpoint and status class, kept in this process.
  Under gunicorn each worker keeps its own, and a scrape reaches one worker: the counts
  are that worker's (docs/architecture.md#observability says how to read them).
* The outbox backlog and the age of its oldest message, the sweep's last duration and the
  items it left flagged overdue: read from the database at scrape time, so every worker
  answers the same.

Protected by a bearer token (`METRICS_TOKEN`): unset, the page does not exist (404);
without the token 401, with a wrong one 403.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, abort, current_app, request

from vpub_onestop import clock
from vpub_onestop.extensions import db
from vpub_onestop.queries.operations import last_sweep, outbox_backlog

EXTENSION_KEY = "vpub_metrics"
COLLECTORS_KEY = "vpub_metrics_collectors"  # more lines from other parts of the app
# Seconds; from a cached page to a slow PDF or export.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

bp = Blueprint("metrics", __name__)


@dataclass
class _Series:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: int = 0
    seconds: float = 0.0


class LatencyHistogram:
    """Request durations by (endpoint, status class); safe across a worker's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._series: dict[tuple[str, str], _Series] = {}

    def observe(self, endpoint: str, status: int, seconds: float) -> None:
        key = (endpoint, f"{status // 100}xx")
        with self._lock:
            series = self._series.setdefault(key, _Series())
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    series.counts[i] += 1
            series.total += 1
            series.seconds += seconds

    def lines(self, name: str) -> Iterable[str]:
        with self._lock:
            snapshot = sorted(
                (key, list(s.counts), s.total, s.seconds) for key, s in self._series.items()
            )
        yield f"# HELP {name} Time to answer a request, by endpoint and status class."
        yield f"# TYPE {name} histogram"
        for (endpoint, status), counts, total, seconds in snapshot:
            labels = f'endpoint="{_escape(endpoint)}",status="{status}"'
            for bound, count in zip(BUCKETS, counts, strict=True):
                yield f'{name}_bucket{{{labels},le="{bound}"}} {count}'
            yield f'{name}_bucket{{{labels},le="+Inf"}} {total}'
            yield f"{name}_sum{{{labels}}} {seconds:.6f}"
            yield f"{name}_count{{{labels}}} {total}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = LatencyHistogram()
    app.extensions[COLLECTORS_KEY] = []
    app.register_blueprint(bp)


def add_collector(app: Flask, lines: Callable[[], Iterable[str]]) -> None:
    """Another part of the app publishes its own series (web/backpressure.py: slow work)."""
    app.extensions.setdefault(COLLECTORS_KEY, []).append(lines)


def observe_request(endpoint: str, status: int, seconds: float) -> None:
    histogram: LatencyHistogram | None = current_app.extensions.get(EXTENSION_KEY)
    if histogram is not None:
        histogram.observe(endpoint, status, seconds)


@bp.get("/metrics")
def metrics_page() -> Response:
    _check_token()
    lines = [
        *current_app.extensions[EXTENSION_KEY].lines("vpub_http_request_duration_seconds"),
        *_database_lines(),
    ]
    for collector in current_app.extensions.get(COLLECTORS_KEY, []):
        lines.extend(collector())
    return Response("\n".join(lines) + "\n", content_type=CONTENT_TYPE)


def _check_token() -> None:
    expected = current_app.config.get("METRICS_TOKEN") or ""
    if not expected:
        abort(404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        abort(Response("bearer token required\n", 401, {"WWW-Authenticate": "Bearer"}))
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        abort(Response("wrong token\n", 403))


def _gauge(name: str, help_text: str, value: float) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {value:g}"]


def _database_lines() -> list[str]:
    session = db.session()
    backlog = outbox_backlog(session)
    age = 0.0
    if backlog.oldest_created_at is not None:
        age = max(0.0, (clock.now() - backlog.oldest_created_at).total_seconds())
    lines = [
        *_gauge(
            "vpub_outbox_pending_messages", "Notifications queued, not sent yet.", backlog.pending
        ),
        *_gauge(
            "vpub_outbox_oldest_pending_age_seconds",
            "Age of the oldest notification not sent yet (0 when none).",
            round(age, 3),
        ),
    ]
    sweep = last_sweep(session)
    if sweep is not None:
        lines += [
            *_gauge(
                "vpub_sweep_last_duration_seconds",
                "How long the last deadline sweep took.",
                sweep.duration_ms / 1000,
            ),
            *_gauge(
                "vpub_sweep_last_finished_timestamp_seconds",
                "When the last deadline sweep ended (Unix time).",
                round(sweep.finished_at.timestamp()),
            ),
            *_gauge(
                "vpub_dossiers_overdue",
                "Dossiers flagged overdue by the last sweep.",
                sweep.dossiers_overdue,
            ),
            *_gauge(
                "vpub_steps_overdue",
                "Processing steps flagged overdue by the last sweep.",
                sweep.tasks_overdue,
            ),
        ]
    session.rollback()  # end the read transaction (SQLite keeps a snapshot otherwise)
    return lines
