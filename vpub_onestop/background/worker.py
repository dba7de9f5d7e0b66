"""The worker process (`flask worker`, `make worker`): an RQ worker that runs each job in
the app's context, and keeps the periodic work going (docs/architecture.md#background-work).

* Each job runs in a forked child (RQ's `Worker`), so the memory a big export took goes back
  to the system when the job ends; the child drops the database connections it inherited
  and opens its own. `--simple` runs jobs in the worker process itself (RQ `SimpleWorker`).
* Periodic work needs no cron and no extra process: whenever the worker beats its heart
  (after every job, and at least every IDLE_WAKE_SECONDS while idle), it enqueues the deadline
  sweep and an outbox retry if their interval has passed. A Redis key set with NX and an
  expiry of the interval is the gate, so any number of workers, on any number of machines,
  start one sweep per interval between them, and a restart does not start an extra one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask
from redis.exceptions import RedisError
from rq import SimpleWorker, Worker
from rq.worker import BaseWorker

from vpub_onestop.background import queue as jobs_queue
from vpub_onestop.background import tasks

log = logging.getLogger(__name__)

# RQ's worker blocks on the queue for (worker_ttl - 15) seconds between heartbeats.
IDLE_WAKE_SECONDS = 30
PERIODIC_KEY = "vpub:periodic:{name}"


def periodic_work(app: Flask) -> list[tuple[str, int, Callable[[], Any]]]:
    """(name, interval in seconds, job) for each periodic job that is switched on."""
    planned = [
        ("sweep", int(app.config.get("SWEEP_INTERVAL_SECONDS", 0)), tasks.sweep),
        ("outbox", int(app.config.get("OUTBOX_RETRY_SECONDS", 0)), tasks.deliver_outbox),
        ("job-files", 3600, tasks.purge_job_files),
    ]
    return [(name, seconds, func) for name, seconds, func in planned if seconds > 0]


def enqueue_due(app: Flask) -> list[str]:
    """Enqueue each periodic job whose interval has passed; the names of those enqueued."""
    started = []
    client = jobs_queue.connection(app)
    for name, seconds, func in periodic_work(app):
        if client.set(PERIODIC_KEY.format(name=name), "1", nx=True, ex=seconds):
            with app.app_context():
                jobs_queue.enqueue(func)
            started.append(name)
    return started


class _InAppContext:
    """Mixed into RQ's worker classes: jobs run with the app's context pushed."""

    app: Flask
    parent_pid: int

    def perform_job(self, *args: Any, **kwargs: Any) -> Any:
        from vpub_onestop.extensions import db
        from vpub_onestop.reporting_db import reporting_engine

        with self.app.app_context():
            if os.getpid() != self.parent_pid:
                # A forked child: any pooled connection belongs to the parent.
                for engine in (db.engine, reporting_engine()):
                    if engine is not None:
                        engine.dispose(close=False)
            try:
                return super().perform_job(*args, **kwargs)  # type: ignore[misc]
            finally:
                db.session.remove()

    def heartbeat(self, *args: Any, **kwargs: Any) -> Any:
        result = super().heartbeat(*args, **kwargs)  # type: ignore[misc]
        if kwargs.get("pipeline") is None and len(args) < 2 and os.getpid() == self.parent_pid:
            try:
                for name in enqueue_due(self.app):
                    log.info("periodic job queued: %s", name)
            except RedisError as exc:  # RQ's own loop reports and retries the connection
                log.warning("periodic jobs not queued: %r", exc)
        return result

    def handle_work_horse_killed(self, job: Any, *args: Any) -> None:
        """A job killed from outside (timeout, out of memory): its page must not say
        "running" for ever."""
        if job.func_name == f"{tasks.__name__}.build_job_file" and job.args:
            from vpub_onestop.services.jobs import fail_job

            with self.app.app_context():
                fail_job(int(job.args[0]))
        super().handle_work_horse_killed(job, *args)  # type: ignore[misc]


class AppWorker(_InAppContext, Worker):
    pass


class InProcessAppWorker(_InAppContext, SimpleWorker):
    pass


def make_worker(
    app: Flask, queues: Sequence[str] = jobs_queue.QUEUES, *, simple: bool = False
) -> BaseWorker:
    """A worker on `queues` (names, in priority order) bound to `app`."""
    cls: type[AppWorker | InProcessAppWorker] = InProcessAppWorker if simple else AppWorker
    worker = cls(
        list(queues),
        connection=jobs_queue.connection(app),
        worker_ttl=IDLE_WAKE_SECONDS + 15,
    )
    worker.app = app
    worker.parent_pid = os.getpid()
    return worker


def run_worker(
    app: Flask, queues: Sequence[str] = jobs_queue.QUEUES, *, burst: bool, simple: bool = False
) -> bool:
    """Work until stopped (or, with `burst`, until the queues are empty); whether any job
    ran."""
    return bool(make_worker(app, queues, simple=simple).work(burst=burst, logging_level="INFO"))
