"""The measures that are not request rates: the deadline sweep over the open backlog (wall
time and peak memory of `flask sweep`) and the app workers' peak resident memory."""

from __future__ import annotations

import subprocess
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from bench.load.wrk import Measure
from bench.perf.measures import Line
from bench.reliability.server import BIN, ROOT, Site
from vpub_onestop.access.state_sql import dossier_open
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, SweepRun

TIME = "/usr/bin/time"
SWEEP_TIMEOUT_SECONDS = 1800
SWEEP = "Deadline sweep, open backlog"
RSS = "Worker RSS peak"


def sweep(site: Site, app: Flask) -> Line:
    """`flask sweep` as cron runs it; the first run on a freshly generated database flags
    the whole overdue backlog, a later run only what changed (said in the note)."""
    with app.app_context():
        backlog = db.session.scalar(select(func.count()).select_from(Dossier).where(dossier_open()))
        first = not db.session.scalar(select(func.count()).select_from(SweepRun))
        db.session.remove()
    done = subprocess.run(
        [TIME, "-f", "BENCH_TIME %e %M", str(BIN / "flask"), "--app", "wsgi", "sweep"],
        cwd=ROOT,
        env=site.env,
        capture_output=True,
        text=True,
        timeout=SWEEP_TIMEOUT_SECONDS,
    )
    line = next((x for x in done.stderr.splitlines() if x.startswith("BENCH_TIME ")), "")
    seconds, peak_kb = (float(x) for x in line.split()[1:3]) if line else (0.0, 0.0)
    note = f"{'first' if first else 'repeat'} run, {backlog:,} open; peak {peak_kb / 1024:.0f} MB"
    if done.returncode != 0:
        note += f"; FAILED ({done.stderr.strip().splitlines()[-1][:60]})"
    ms = seconds * 1000
    return Line(SWEEP, "< 10 s", Measure(1, seconds, 0, ms, ms, ms), note=note)


def worker_peak_rss(site: Site) -> Line:
    """The highest resident memory any app worker reached during the run (VmHWM)."""
    peaks = []
    for pid in site.worker_pids():
        status = Path(f"/proc/{pid}/status").read_text()
        for row in status.splitlines():
            if row.startswith("VmHWM:"):
                peaks.append(int(row.split()[1]) / 1024)
    note = f"{max(peaks):.0f} MB (workers: {', '.join(f'{p:.0f}' for p in peaks)})"
    return Line(RSS, "< 250 MB", note=note)
