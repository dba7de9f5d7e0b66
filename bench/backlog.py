"""The deadline sweep and the drill-down export over a large overdue backlog:
`python -m bench.backlog STEP --db URL`, one step per process so that the peak RSS printed
is that step's own. Not a test; findings in PROFILE.md.

  prepare  a fresh schema with the demo catalogue and N overdue dossiers in processing at
           the commune centre, each with its step assigned (bulk-written: the sweep reads
           rows however they came); a unit head and the specialist have e-mail addresses
  reset    forget every deadline flag and the sweep's messages (to time a first run again)
  sweep    one run of the sweep at --now, then a second one; time, messages, peak RSS
  export   the "overdue" drill-down as CSV and as Excel through the page, as a supervisor

On a database built by `bench.generate`, skip `prepare`: `reset`, then `sweep`/`export`
(the supervisor account is added when missing).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update

from vpub_onestop import clock, create_app
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Dossier, OutboxMessage, Procedure, RouteStep, StepTask
from vpub_onestop.models import User as UserRow

SEED_DIR = Path(__file__).resolve().parent.parent / "vpub_onestop" / "seed"
UNIT, PROCEDURE = "px_quynhon", "1.001193"
SUPERVISOR = "bench.supervisor"
PASSWORD = "password-123"
BATCH = 5000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def prepare(n: int) -> None:
    from vpub_onestop.services.accounts import create_user
    from vpub_onestop.services.calendar_admin import import_calendar
    from vpub_onestop.services.catalogue_import import import_catalogue

    db.drop_all()
    db.create_all()
    import_calendar(json.loads((SEED_DIR / "calendar-vn.json").read_text(encoding="utf-8")))
    import_catalogue(json.loads((SEED_DIR / "procedures-demo.json").read_text(encoding="utf-8")))
    create_user(
        "bench.head", PASSWORD, "Trưởng bộ phận", Role.UNIT_HEAD, agency_key=UNIT, email="h@v.n"
    )
    specialist = create_user(
        "bench.specialist", PASSWORD, "Chuyên viên", Role.SPECIALIST, agency_key=UNIT, email="s@v.n"
    )
    unit = db.session.scalars(select(Agency.id).where(Agency.key == UNIT)).one()
    procedure = db.session.scalars(select(Procedure.id).where(Procedure.code == PROCEDURE)).one()
    step = db.session.scalars(select(RouteStep.id).where(RouteStep.procedure_id == procedure)).one()
    for start in range(0, n, BATCH):
        insert_overdue(
            range(start, min(n, start + BATCH)),
            unit=unit,
            procedure=procedure,
            step=step,
            assignee=specialist,
            received=_moment("2026-01-05T09:00"),
            prefix="BENCH",
            spacing=timedelta(seconds=1),
        )
        db.session.commit()
    print(f"prepared {n:,} overdue dossiers, each with an overdue step")


def insert_overdue(
    numbers: range,
    *,
    unit: int,
    procedure: int,
    step: int,
    assignee: int,
    received: datetime,
    prefix: str,
    spacing: timedelta,
) -> list[int]:
    """Dossiers in processing, numbered `numbers`, each with its one step in progress and
    assigned to `assignee`, all received at `received` and due 5 days later (plus `spacing`
    per number), their step 4 days later: the rows the services would hold for such a
    backlog (the clock running, so each step's copy of it too: services/step_clock.py),
    written in bulk. Returns the dossiers' ids. (The sweep's backlog test uses it too.)"""
    rows = [
        {
            "code": f"{prefix}-{i:07d}",
            "procedure_id": procedure,
            "receiving_unit_id": unit,
            "channel": "direct",
            "state": DossierState.PROCESSING,
            "applicant_name": "Nguyễn Văn An",
            "created_at": received,
            "submitted_at": received,
            "received_at": received,
            "due_at": received + timedelta(days=5) + i * spacing,
            "original_due_at": received + timedelta(days=5) + i * spacing,
            "appointment_at": received + timedelta(days=5) + i * spacing,
        }
        for i in numbers
    ]
    ids = list(db.session.scalars(insert(Dossier).returning(Dossier.id), rows).all())
    running = clock_runs(DossierState.PROCESSING)
    db.session.execute(
        insert(StepTask),
        [
            {
                "dossier_id": dossier_id,
                "route_step_id": step,
                "stage": 1,
                "agency_id": unit,
                "name": "Đăng ký kết hôn",
                "state": TaskState.IN_PROGRESS,
                "assignee_id": assignee,
                "arrived_at": received,
                "due_at": received + timedelta(days=4),
                "original_due_at": received + timedelta(days=4),
                "clock_running": running,
                "data": {},
            }
            for dossier_id in ids
        ],
    )
    return ids


def reset() -> None:
    for model in (Dossier, StepTask):
        db.session.execute(
            update(model).where(model.deadline_flag.is_not(None)).values(deadline_flag=None)
        )
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.dedupe_key.like("sweep:%")))
    db.session.commit()
    print("flags and sweep messages forgotten")


def sweep(now: datetime) -> None:
    from vpub_onestop.services.sweep import run_sweep

    for label, moment in (("first run", now), ("second run", now + timedelta(minutes=5))):
        started, cpu = time.perf_counter(), time.process_time()
        result = run_sweep(moment)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{label}: {elapsed:.1f} s (this process's CPU {cpu:.1f} s), {result}, "
            f"peak RSS {_peak_rss_mb():.0f} MB"
        )


def _supervisor() -> None:
    from vpub_onestop.services.accounts import create_user

    if db.session.scalar(select(UserRow.id).where(UserRow.username == SUPERVISOR)) is None:
        create_user(SUPERVISOR, PASSWORD, "Giám sát", Role.SUPERVISOR)
    db.session.commit()


def export(app: Any) -> None:
    with app.app_context():
        _supervisor()
    client = app.test_client()
    answer = client.post("/dang-nhap", data={"username": SUPERVISOR, "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    for fmt in ("csv", "xlsx"):
        started, cpu = time.perf_counter(), time.process_time()
        answer = client.get(f"/theo-doi/ho-so.{fmt}?loai=overdue")
        size = len(answer.get_data())  # reads the whole stream
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"export {fmt}: HTTP {answer.status_code}, {size / 1e6:.1f} MB in {elapsed:.1f} s "
            f"(this process's CPU {cpu:.1f} s), peak RSS {_peak_rss_mb():.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=("prepare", "reset", "sweep", "export"))
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("-n", type=int, default=40_000, help="dossiers prepared")
    parser.add_argument("--now", default="2026-03-20T10:00", help="local moment of the run")
    args = parser.parse_args()
    now = _moment(args.now)
    clock.set_source(lambda: now)
    # The backlog has no files: an upload folder for the run only, removed after it.
    with tempfile.TemporaryDirectory(prefix="vpub-backlog-") as uploads:
        app = create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=args.db,
            UPLOAD_DIR=uploads,
            OUTBOX_AUTOSEND=False,
            RATELIMIT_ENABLED=False,
            WTF_CSRF_ENABLED=False,
        )
        if args.step == "export":
            export(app)
            return
        with app.app_context():
            if args.step == "prepare":
                prepare(args.n)
            elif args.step == "reset":
                reset()
            else:
                sweep(now)


if __name__ == "__main__":
    main()
