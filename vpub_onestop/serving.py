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

import gc
import logging
import os
import sys
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


def prepare_master(app: Any) -> None:
    """In the preloaded master, once, before the first fork: do the work every worker would
    otherwise do on its first requests, then set the heap aside from the collector.

    gunicorn replaces a worker every GUNICORN_MAX_REQUESTS requests. A fresh worker compiled
    the page templates and loaded the catalogues again (80 ms on its first page), and every
    full collection in a worker walked the 190,000 objects the imports made (115–150 ms,
    every few hundred requests, and again when the worker exited): under load those pauses
    were the public lookup's p95 (bench/PROFILE.md, "The tail"). Compiled templates and
    catalogues made here are inherited; `gc.freeze()` moves everything alive into a
    generation the collector never visits, so a worker's collections see only its own
    objects and the pages the workers share stay shared (copy-on-write)."""
    if "babel" in getattr(app, "extensions", {}):  # not a benchmark's floor app
        warm(app)
    gc.collect()
    gc.freeze()


def before_fork() -> None:
    """Objects the master made since the last fork join the frozen ones (cheap)."""
    gc.freeze()


def warm(app: Any) -> None:
    """Compile every page template and load each language's catalogue and locale data."""
    from flask_babel import force_locale, get_translations
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    env = app.jinja_env
    for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".txt"))):
        env.get_template(name)
    with app.test_request_context("/"):
        for language in app.config.get("LANGUAGES", ("vi",)):
            with force_locale(language):
                get_translations()


def leave_quickly() -> None:
    """In a worker that ends cleanly (recycled, or the server stopping): flush the logs and
    leave without the interpreter's teardown, which freed every inherited object one by one
    (touching, and so copying, the pages shared with the master: ~70 ms during which the
    master had not yet started the replacement). The app keeps nothing in memory that
    must outlive a request: the database and the outbox hold it. Errors exit as gunicorn
    chose, so that it still sees a worker that failed to boot."""
    error = sys.exc_info()[1]
    if not isinstance(error, SystemExit) or error.code not in (0, None):
        return
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
