"""How gunicorn serves the app: the numbers `gunicorn.conf.py` uses, computed from the
machine, each overridable from the environment. The README's "Production" section says how
to run it.

- **Sync workers.** Each request holds one worker from start to end. The app's work is
  database round trips and PDF/Excel rendering, not waiting on slow clients (the reverse
  proxy buffers them), and SQLite connections must not be shared between green threads:
  plain processes are the safe and fast choice on both databases.
- **Workers = 2 × cores + 1** (gunicorn's own advice for sync workers: while one worker
  waits on the database another uses the core), capped by memory: half the machine is left
  to PostgreSQL, Redis and the background worker, and each web worker is budgeted
  `WORKER_MEMORY_MB` (250 MB: a worker peaks near 160 MB, more during a large export).
  `WEB_CONCURRENCY` sets the number outright; the app reads the same variable (the rate
  limiter refuses per-process counters with more than one worker).
- **Timeouts.** A request that runs past `GUNICORN_TIMEOUT` (30 s) has its worker killed
  and replaced; long work (big exports, bulk PDFs) belongs in the background worker.
- **Recycling.** A worker is replaced after `GUNICORN_MAX_REQUESTS` (1000) requests, plus a
  random jitter of up to a tenth, so that memory a large export left fragmented is given
  back and the workers do not all restart at the same moment.
- **Preloading.** The app is imported once in the master and the workers are forked from
  it: start-up errors (a bad setting) stop the server before it listens, a recycled worker
  starts in milliseconds instead of re-importing WeasyPrint and the rest, and the workers
  share the imported code's memory. The price: nothing opened before the fork may be used
  by two processes, so each worker drops the database connections it inherited
  (`after_fork`); and a code change needs a full restart (not `kill -HUP`).
  `GUNICORN_PRELOAD=0` turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WORKER_MEMORY_MB = 250
DEFAULT_TIMEOUT = 30
DEFAULT_MAX_REQUESTS = 1000


@dataclass(frozen=True)
class ServingPlan:
    workers: int
    timeout: int
    graceful_timeout: int
    max_requests: int
    max_requests_jitter: int
    preload_app: bool


def worker_count(
    cores: int | None, memory_mb: int | None, environ: Mapping[str, str] = os.environ
) -> int:
    """2 × cores + 1, at most as many as half the memory allows, at least 1;
    `WEB_CONCURRENCY` wins when set."""
    explicit = environ.get("WEB_CONCURRENCY", "").strip()
    if explicit:
        return max(1, int(explicit))
    wanted = 2 * (cores or 1) + 1
    if memory_mb:
        wanted = min(wanted, memory_mb // 2 // WORKER_MEMORY_MB)
    return max(1, wanted)


def physical_memory_mb() -> int | None:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
    except (ValueError, OSError, AttributeError):
        return None


def plan(
    cores: int | None = None,
    memory_mb: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> ServingPlan:
    """The plan for this machine (`cores`/`memory_mb` default to what it has)."""
    cores = cores if cores is not None else os.cpu_count()
    memory_mb = memory_mb if memory_mb is not None else physical_memory_mb()
    timeout = int(environ.get("GUNICORN_TIMEOUT", str(DEFAULT_TIMEOUT)))
    max_requests = int(environ.get("GUNICORN_MAX_REQUESTS", str(DEFAULT_MAX_REQUESTS)))
    return ServingPlan(
        workers=worker_count(cores, memory_mb, environ),
        timeout=timeout,
        graceful_timeout=timeout,
        max_requests=max_requests,
        max_requests_jitter=max_requests // 10,
        preload_app=environ.get("GUNICORN_PRELOAD", "1").strip().lower()
        not in {"0", "false", "no", "off"},
    )


def after_fork(app: Any) -> None:
    """In a new worker: forget the pooled connections inherited from the master (without
    closing them: they are the master's), so that no two processes talk on one socket."""
    from vpub_onestop.extensions import db
    from vpub_onestop.reporting_db import reporting_engine

    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # another app started from this folder (a benchmark's floor app)
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
        replica = reporting_engine()
        if replica is not None:
            replica.dispose(close=False)
