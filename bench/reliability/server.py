"""A throwaway database and a gunicorn on a free loopback port, cleaned up on exit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 60
SEED_TIMEOUT_SECONDS = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Site:
    """Database + upload folder + environment for the app; `start()` runs gunicorn."""

    def __init__(
        self, database_url: str | None, workers: int = 2, timeout: int = 60, app: str = "wsgi:app"
    ) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="vpub-reliability-"))
        self.timeout, self.app = timeout, app
        self.database_url = database_url or f"sqlite:///{self.folder / 'bench.sqlite'}"
        self.upload_dir = self.folder / "uploads"
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "VPUB_CONFIG": "development",
            "SECRET_KEY": "reliability-runner-" + os.urandom(16).hex(),
            "DATABASE_URL": self.database_url,
            "UPLOAD_DIR": str(self.upload_dir),
            "WEB_CONCURRENCY": str(workers),
            "OUTBOX_AUTOSEND": "0",
            # Load from one address: the limits would answer 429 to everyone.
            "RATELIMIT_LOGIN": "100000 per minute",
            "RATELIMIT_LOOKUP": "100000 per minute",
            "RATELIMIT_REGISTER": "100000 per minute",
            "LOGIN_LOCKOUT_ATTEMPTS": "100000",
            "LOG_LEVEL": "WARNING",
        }

    def flask(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return done.stdout

    def prepare(self, dossiers: int) -> None:
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self.flask("db", "upgrade", timeout=SEED_TIMEOUT_SECONDS)
        self.flask("seed-demo", "--dossiers", str(dossiers), timeout=SEED_TIMEOUT_SECONDS)

    def start(self, probe: str = "/thu-tuc") -> None:
        log = open(self.folder / "gunicorn.log", "ab")  # noqa: SIM115 (lives with the process)
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--no-control-socket",
                self.app,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + probe, timeout=5):
                    return
            except urllib.error.HTTPError:  # an answer, even a 404, means it is serving
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in {START_TIMEOUT_SECONDS} s")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_one_worker(self) -> int | None:
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
