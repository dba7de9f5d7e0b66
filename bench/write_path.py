"""Statements and time of the write path's use cases (online submission, reception
"receive"), with an optional pyinstrument profile: `python -m bench.write_path --help`.

Not a test: it builds its own database (a temporary SQLite file, or the PostgreSQL URL
given, whose tables it drops and re-creates), prepares drafts, then submits and receives
each one, counting the statements the service sends and timing it. Findings: PROFILE.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from vpub_onestop import clock, create_app
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Procedure, RequiredDocument, User

SEED_DIR = Path(__file__).resolve().parent.parent / "vpub_onestop" / "seed"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROCEDURE = "1.001193"  # the demo catalogue's marriage registration at the commune centre
UNIT = "px_quynhon"


class StatementLog:
    """Every statement the engine sends while `recording` is on."""

    def __init__(self) -> None:
        self.recording = False
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.recording:
            self.statements.append(" ".join(statement.split())[:160])

    @contextmanager
    def record(self) -> Iterator[list[str]]:
        self.statements = []
        self.recording = True
        try:
            yield self.statements
        finally:
            self.recording = False


def _seed() -> None:
    from vpub_onestop.services.accounts import create_user
    from vpub_onestop.services.calendar_admin import import_calendar
    from vpub_onestop.services.catalogue_import import import_catalogue

    import_calendar(json.loads((SEED_DIR / "calendar-vn.json").read_text(encoding="utf-8")))
    import_catalogue(json.loads((SEED_DIR / "procedures-demo.json").read_text(encoding="utf-8")))
    create_user("bench.citizen", "password-123", "Công dân thử", Role.CITIZEN)
    create_user("bench.desk", "password-123", "Cán bộ một cửa", Role.RECEPTION, agency_key=UNIT)


def _drafts(n: int, start: datetime) -> list[int]:
    from vpub_onestop.services import portal
    from vpub_onestop.services.applicants import Applicant

    citizen = _actor("bench.citizen")
    procedure = db.session.scalars(select(Procedure.id).where(Procedure.code == PROCEDURE)).one()
    unit = db.session.scalars(select(Agency.id).where(Agency.key == UNIT)).one()
    documents = db.session.scalars(
        select(RequiredDocument.id).where(
            RequiredDocument.procedure_id == procedure, RequiredDocument.mandatory.is_(True)
        )
    ).all()
    applicant = Applicant(
        name="Nguyễn Thị Hồng Nhung",
        id_number="052190001234",
        phone="0905123456",
        email="nhung@example.com",
        address="Phường Quy Nhơn, tỉnh Gia Lai",
    )
    details = portal.DraftDetails(
        procedure_id=procedure, receiving_unit_id=unit, applicant=applicant
    )
    uploads = [portal.Upload(f"giay-to-{d}.pdf", PDF, d) for d in documents]
    return [portal.save_draft(citizen, details, uploads, now=start) for _ in range(n)]


def _actor(username: str) -> Any:
    user = db.session.scalars(select(User).where(User.username == username)).one()
    return actor_for(user)


def _versions(app: Any, ids: list[int]) -> dict[int, int]:
    from vpub_onestop.models import Dossier

    with app.app_context():
        rows = db.session.execute(select(Dossier.id, Dossier.version).where(Dossier.id.in_(ids)))
        return {i: v for i, v in rows}  # noqa: C416


def _measure(
    app: Any, label: str, log: StatementLog, ids: list[int], call: Callable[[int, int], Any]
) -> dict[str, Any]:
    """Each call in an app context of its own, as a request has (nothing cached)."""
    versions = _versions(app, ids)
    counts: list[int] = []
    times: list[float] = []
    cpu: list[float] = []
    sample: list[str] = []
    for dossier_id in ids:
        with log.record() as statements:
            started, cpu_started = time.perf_counter(), time.process_time()
            call(dossier_id, versions[dossier_id])
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        counts.append(len(statements))
        sample = sample or list(statements)
    return {
        "use case": label,
        "statements": f"{min(counts)}–{max(counts)}",
        "ms p50": round(statistics.median(times), 2),
        "ms mean": round(statistics.fmean(times), 2),
        # This process's CPU only: steadier than wall time on a shared machine.
        "cpu ms mean": round(statistics.fmean(cpu), 2),
        "sample": sample,
    }


def _http_calls(app: Any) -> tuple[Callable[[int, int], Any], Callable[[int, int], Any]]:
    """The two POSTs as the pages send them, each by a signed-in client (CSRF off)."""
    clients = {}
    for username in ("bench.citizen", "bench.desk"):
        client = app.test_client()
        answer = client.post("/dang-nhap", data={"username": username, "password": "password-123"})
        assert answer.status_code == 302, answer.status_code
        clients[username] = client

    def submit(i: int, v: int) -> Any:
        answer = clients["bench.citizen"].post(f"/ho-so-cua-toi/{i}/nop", data={"version": v})
        assert answer.status_code == 302, answer.status_code

    def receive(i: int, v: int) -> Any:
        answer = clients["bench.desk"].post(
            f"/mot-cua/ho-so/{i}/tiep-nhan", data={"receive-version": v}
        )
        assert answer.status_code == 302, answer.status_code

    return submit, receive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("-n", type=int, default=100, help="dossiers submitted and received")
    parser.add_argument("--profile", help="write pyinstrument's text report to this file")
    parser.add_argument("--statements", action="store_true", help="print each statement")
    parser.add_argument(
        "--http", action="store_true", help="through the pages' POST routes (test client)"
    )
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="vpub-write-path-")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=args.db or f"sqlite:///{tmp}/bench.sqlite",
        UPLOAD_DIR=f"{tmp}/uploads",
        OUTBOX_AUTOSEND=False,  # delivery is a worker's job, not the request's
        RATELIMIT_ENABLED=False,
        WTF_CSRF_ENABLED=False,
    )
    from vpub_onestop.services import portal, reception

    start = datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ)
    clock.set_source(lambda: start + timedelta(minutes=5))
    log = StatementLog()
    with app.app_context():
        db.drop_all()
        db.create_all()
        _seed()
        event.listen(db.engine, "before_cursor_execute", log)
        ids = _drafts(args.n, start)
        citizen, desk = _actor("bench.citizen"), _actor("bench.desk")

    def service_submit(i: int, v: int) -> Any:
        with app.app_context():
            portal.submit(citizen, i, expected_version=v)

    def service_receive(i: int, v: int) -> Any:
        with app.app_context():
            reception.receive_dossier(desk, i, expected_version=v)

    submit: Callable[[int, int], Any] = service_submit
    receive: Callable[[int, int], Any] = service_receive
    if args.http:
        submit, receive = _http_calls(app)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    results = [
        _measure(app, "submit", log, ids, submit),
        _measure(app, "receive", log, ids, receive),
    ]
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(show_all=False), encoding="utf-8")
    for result in results:
        sample = result.pop("sample")
        print(result)
        if args.statements:
            for statement in sample:
                print("   ", statement)
    with app.app_context():
        db.drop_all()


if __name__ == "__main__":
    main()
