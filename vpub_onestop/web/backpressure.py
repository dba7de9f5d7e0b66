"""Back-pressure for slow synchronous work (docs/architecture.md#busy).

A PDF form, the register (Mẫu 06) or an export holds a worker for a noticeable time. When
every worker is busy rendering, the fast pages (queues, lookups, forms) wait behind them.
`@slow_work` lets at most `SLOW_WORK_SLOTS` such requests run at once on this machine; a
request that finds every slot taken waits up to `SLOW_WORK_WAIT_SECONDS`, then is answered
503 with `Retry-After` ("Hệ thống đang bận, vui lòng thử lại sau ít giây"), and the other
workers keep answering the fast pages. `/metrics` shows the slots, how many are taken and
how many requests were turned away.

Why lock files and not a semaphore in memory: gunicorn's default workers are processes
that serve one request each, so a per-process semaphore would never see a second request.
An exclusive `flock` on one of N files is shared by every process and thread of the
machine (two opens of a file are two locks, even in one process), and the kernel drops it
when its worker dies, so a `kill -9` never loses a slot. Background jobs (RQ, when Redis
is configured) are not bounded here: they do not hold a web worker.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import ServiceUnavailable

from vpub_onestop.observability.metrics import add_collector

EXTENSION_KEY = "vpub_slow_work"
POLL_SECONDS = 0.05  # how often a waiting request looks for a free slot

View = TypeVar("View", bound=Callable[..., Any])


class SlowWorkSlots:
    """N lock files; holding an exclusive lock on one of them is holding a slot."""

    def __init__(self, folder: Path, slots: int, wait_seconds: float) -> None:
        self.folder = folder
        self.paths = [folder / f"slot-{n}.lock" for n in range(slots)]
        self.wait_seconds = wait_seconds
        self.rejected: Counter[str] = Counter()  # by endpoint, in this process
        self._counter_lock = threading.Lock()

    def _open(self, path: Path) -> int:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def try_take(self) -> int | None:
        """A free slot's file descriptor (closing it frees the slot), or None."""
        for path in self.paths:
            fd = self._open(path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None

    def take(self) -> int | None:
        """A slot, waiting up to `wait_seconds` for one; None when none came free."""
        deadline = time.monotonic() + self.wait_seconds
        fd = self.try_take()
        while fd is None and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            fd = self.try_take()
        return fd

    def in_flight(self) -> int:
        """Slots taken right now by any worker of the machine (a shared lock is refused on
        a taken slot; probes never refuse one another)."""
        taken = 0
        for path in self.paths:
            if not path.exists():
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                taken += 1
            finally:
                os.close(fd)
        return taken

    def count_rejection(self, endpoint: str) -> None:
        with self._counter_lock:
            self.rejected[endpoint] += 1

    def metric_lines(self) -> Iterable[str]:
        with self._counter_lock:
            rejected = sorted(self.rejected.items())
        yield "# HELP vpub_slow_work_slots Slow requests (PDF, exports) allowed at once."
        yield "# TYPE vpub_slow_work_slots gauge"
        yield f"vpub_slow_work_slots {len(self.paths)}"
        yield "# HELP vpub_slow_work_in_flight Slow requests running now on this machine."
        yield "# TYPE vpub_slow_work_in_flight gauge"
        yield f"vpub_slow_work_in_flight {self.in_flight()}"
        yield (
            "# HELP vpub_slow_work_rejected_total Slow requests answered 503 because every"
            " slot was taken (this worker)."
        )
        yield "# TYPE vpub_slow_work_rejected_total counter"
        for endpoint, count in rejected:
            yield f'vpub_slow_work_rejected_total{{endpoint="{endpoint}"}} {count}'


def default_folder(app: Flask) -> Path:
    """One folder per installation: every worker started from this instance folder shares
    it (two databases served from one checkout share the machine's cores, and the slots)."""
    digest = hashlib.sha256(app.instance_path.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"vpub-slow-work-{digest}"


def init_app(app: Flask) -> None:
    slots = int(app.config.get("SLOW_WORK_SLOTS", 0))
    if slots <= 0:
        return  # no bound
    folder = Path(app.config.get("SLOW_WORK_LOCK_DIR") or default_folder(app))
    bound = SlowWorkSlots(folder, slots, float(app.config.get("SLOW_WORK_WAIT_SECONDS", 1)))
    app.extensions[EXTENSION_KEY] = bound
    add_collector(app, bound.metric_lines)


def slots() -> SlowWorkSlots | None:
    found: SlowWorkSlots | None = current_app.extensions.get(EXTENSION_KEY)
    return found


def slow_work(when: Callable[..., bool] | None = None) -> Callable[[View], View]:
    """Decorator for a slow view (under `@login_required`, so that a visitor is sent to
    sign in without taking a slot). `when(**view_args)` limits the bound to some calls of
    the view, e.g. its exports but not its HTML page."""

    def decorate(view: View) -> View:
        @wraps(view)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            bound = slots()
            if bound is None or (when is not None and not when(**kwargs)):
                return view(*args, **kwargs)
            fd = bound.take()
            if fd is None:
                bound.count_rejection(request.endpoint or "unknown")
                raise ServiceUnavailable(retry_after=current_app.config["BUSY_RETRY_AFTER_SECONDS"])
            try:
                result = view(*args, **kwargs)
            except BaseException:
                os.close(fd)
                raise
            if isinstance(result, Response) and result.is_streamed:
                result.call_on_close(lambda: os.close(fd))  # held until the body is sent
            else:
                os.close(fd)
            return result

        return bounded  # type: ignore[return-value]

    return decorate


def is_export(fmt: str | None = None, **_: Any) -> bool:
    """`when=` for the monitoring views: their .xlsx/.csv exports are slow, the page is not."""
    return fmt is not None
