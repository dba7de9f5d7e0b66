"""A throwaway PostgreSQL cluster of the runner's own: `initdb` in a temporary folder, a
free loopback port, restartable (the crash phase restarts it under load), removed on exit.

PostgreSQL refuses to run as root: as root, its commands run as the `postgres` system user
(as `.ci/run` does), which must be able to reach the temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.reliability.server import free_port

PG_ROOT = Path("/usr/lib/postgresql")
COMMAND_TIMEOUT_SECONDS = 120


def server_bin() -> Path | None:
    """The newest installed server's bin folder (`initdb`, `pg_ctl`), or None."""
    found = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """`start()` creates and starts it; `restart()` stops it the hard way and starts it
    again; `remove()` stops it and deletes every file."""

    def __init__(self) -> None:
        bin_dir = server_bin()
        if bin_dir is None:
            raise RuntimeError(f"no PostgreSQL server found (initdb) under {PG_ROOT}")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="vpub-reliability-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["su", "postgres", "-c", shlex.join(command)]
        subprocess.run(
            command,
            check=True,
            capture_output=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            cwd=self.root,
        )

    def start(self) -> None:
        if not self.data.exists():
            if self.as_root:
                self.root.chmod(0o755)  # the postgres user must reach its data folder
                self.data.mkdir()
                shutil.chown(self.data, "postgres", "postgres")
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c fsync=off"
            " -c max_connections=200"
        )
        log = str(self.data / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, down_seconds: float) -> float:
        """Stop it as a crash would (`immediate`: connections cut, no checkpoint, recovery at
        the next start), leave it down `down_seconds`, start it. Returns how long it was
        unreachable."""
        started = time.monotonic()
        self.stop("immediate")
        time.sleep(down_seconds)
        self.start()
        return time.monotonic() - started

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")  # fails when already stopped, or never started
        shutil.rmtree(self.root, ignore_errors=True)
