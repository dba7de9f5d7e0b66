"""The job queue: RQ on the Redis of `REDIS_URL` (docs/architecture.md#background-work).

Without `REDIS_URL` there is no queue: `configured()` says so and every caller keeps the
synchronous way (delivery after commit, exports in the request, the sweep from cron).

Two queues, so that a worker can be told which work it takes (`flask worker --queue`):
`urgent` (mail, the sweep) is always taken before `bulk` (exports, registers, imports).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

if TYPE_CHECKING:  # imported when first used: a web worker without Redis never loads them
    from redis import Redis
    from rq import Queue

log = logging.getLogger(__name__)

URGENT, BULK = "vpub-urgent", "vpub-bulk"
QUEUES = (URGENT, BULK)
_CONNECTION_KEY = "vpub_redis"
# Set while a delivery job waits in the queue: a thousand commits that each queued a
# message enqueue one delivery, not a thousand. The job clears it before it claims, so a
# message committed after that gets a job of its own. The expiry only matters if Redis lost
# the job: the next commit (or the worker's periodic retry) asks again.
DELIVERY_PENDING_KEY = "vpub:outbox:delivery-queued"
DELIVERY_PENDING_SECONDS = 300
# Health checks and enqueues never hang a request on an unreachable Redis.
SOCKET_TIMEOUT_SECONDS = 2


def configured(app: Flask | None = None) -> bool:
    return bool((app or current_app).config.get("REDIS_URL"))


def connection(app: Flask | None = None) -> Redis:
    """One client per app (a pool inside), made on first use."""
    from redis import Redis

    app = app or current_app
    client: Redis | None = app.extensions.get(_CONNECTION_KEY)
    if client is None:
        client = Redis.from_url(
            app.config["REDIS_URL"],
            socket_timeout=SOCKET_TIMEOUT_SECONDS,
            socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
        )
        app.extensions[_CONNECTION_KEY] = client
    return client


def queue(name: str = URGENT, app: Flask | None = None) -> Queue:
    from rq import Queue

    return Queue(name, connection=connection(app))


def enqueue(func: Callable[..., Any], *args: Any, queue_name: str = URGENT, **options: Any) -> str:
    """Put `func(*args)` on a queue; the RQ job's id. Raises RedisError when Redis is down."""
    timeout = int(current_app.config.get("JOB_TIMEOUT_SECONDS", 1800))
    options.setdefault("job_timeout", timeout)
    job = queue(queue_name).enqueue(func, *args, **options)
    return str(job.id)


def request_delivery() -> bool:
    """After a commit that left notifications to send: one delivery job, unless one is
    already waiting. Never raises: the messages are safe in the outbox, and the worker's
    periodic retry (or `flask send-outbox`) delivers them if Redis is down now."""
    from redis.exceptions import RedisError

    from vpub_onestop.background.tasks import deliver_outbox

    try:
        client = connection()
        if not client.set(DELIVERY_PENDING_KEY, "1", nx=True, ex=DELIVERY_PENDING_SECONDS):
            return False
        enqueue(deliver_outbox)
    except RedisError as exc:
        log.warning("outbox delivery not queued (Redis): %r", exc)
        return False
    return True


@dataclass(frozen=True)
class Backlog:
    waiting: int  # jobs in the queues, not started yet
    running: int
    failed: int
    workers: int


def backlog() -> Backlog:
    """Counts only (cheap: one LLEN or ZCARD per list, no registry clean-up on the way);
    raises RedisError when Redis is down."""
    from rq import Queue, Worker

    client = connection()
    queues = [Queue(name, connection=client) for name in QUEUES]
    return Backlog(
        waiting=sum(q.count for q in queues),
        running=sum(q.started_job_registry.get_job_count(cleanup=False) for q in queues),
        failed=sum(q.failed_job_registry.get_job_count(cleanup=False) for q in queues),
        workers=Worker.count(connection=client),
    )
