"""One wrk run over a list of requests: requests/s and latency percentiles."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

WRK = "/usr/bin/wrk"
SCRIPT = Path(__file__).resolve().parent / "requests.lua"
CONNECTIONS = 4  # two sync workers, each with one request waiting behind the one it serves
REQUEST_TIMEOUT = "60s"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: str = ""

    def line(self) -> str:
        return f"{self.method}\t{self.path}\t{self.body}"


@dataclass(frozen=True)
class Measure:
    requests: int
    seconds: float
    errors: int  # non-2xx/3xx answers, socket errors and timeouts
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(
    base: str,
    requests: list[Request],
    seconds: int,
    cookie: str = "",
    connections: int = CONNECTIONS,
) -> Measure:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(r.line() for r in requests) + "\n")
    try:
        done = subprocess.run(
            [
                WRK,
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                REQUEST_TIMEOUT,
                "-s",
                str(SCRIPT),
                base,
                "--",
                listing.name,
                cookie,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        )
    finally:
        Path(listing.name).unlink(missing_ok=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Measure(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["status_errors"] + data["socket_errors"] + data["timeouts"],
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
    )


def run_serial(base: str, path: str, cookie: str, count: int) -> Measure:
    """`count` requests one after the other (exports, PDFs: seconds each, a few samples)."""
    timings: list[float] = []
    errors = 0
    started = time.perf_counter()
    for _ in range(count):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        begin = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                errors += response.status >= 400
        except OSError:
            errors += 1
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()

    def pick(q: float) -> float:
        return timings[min(len(timings) - 1, int(q * len(timings)))]

    return Measure(count, time.perf_counter() - started, errors, pick(0.5), pick(0.95), pick(0.99))
