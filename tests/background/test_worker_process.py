"""With REDIS_URL a request never talks to the mail server: its commit hands the delivery to
a worker. A real worker process (`flask worker --burst`, RQ forking a child per job) then
delivers to a real SMTP server and runs the deadline sweep on its own schedule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask
from rq import Queue
from sqlalchemy import func, select

from tests.services.support import fresh
from tests.web.citizen.conftest import Mailbox
from tests.web.monitor.dashboard_story import build_open_work
from vpub_onestop.background import queue
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage, SweepRun, User
from vpub_onestop.services.uow import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
# The dashboard story's "now" (dashboard_story.NOW, Wed 11/3/2026 10:00); the worker's
# clock starts there and runs on by the few seconds the test takes.
STORY_NOW = "2026-03-11T10:00:00+07:00"


def _queue_mail(subject: str) -> None:
    with unit_of_work() as session:
        session.add(
            OutboxMessage(
                channel="email",
                recipient="nguoi.nop@example.com",
                subject=subject,
                body="Hồ sơ của Ông/Bà đã được tiếp nhận.",
            )
        )


def _run_worker(app: Flask, mail_port: int, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "VPUB_CONFIG": "testing",
        "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "TEST_REDIS_URL": app.config["REDIS_URL"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "DEMO_CLOCK_START": STORY_NOW,
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_commits_only_enqueue_and_a_worker_delivers_the_mail_and_runs_the_sweep(
    queued_app: Flask, smtp_sink: tuple[Mailbox, int], tmp_path: Path
) -> None:
    box, mail_port = smtp_sink
    with queued_app.app_context():
        ids = build_open_work()
        for username in ("specialist.px_quynhon", "unit_head.px_quynhon", "unit_head.ttpvhcc"):
            user = db.session.scalars(select(User).where(User.username == username)).one()
            user.email = f"{username}@example.com"
        db.session.commit()
        codes = {key: fresh(dossier_id).code for key, dossier_id in ids.items()}

        _queue_mail("Thông báo tiếp nhận số 1")
        _queue_mail("Thông báo tiếp nhận số 2")

        # Nothing went to the mail server in the "request": one delivery job waits, however
        # many commits queued mail meanwhile.
        assert box.messages == []
        waiting = Queue(queue.URGENT, connection=queue.connection())
        assert [job.func_name for job in waiting.jobs] == [
            "vpub_onestop.background.tasks.deliver_outbox"
        ]

    finished = _run_worker(queued_app, mail_port, tmp_path)
    assert finished.returncode == 0, finished.stderr[-3000:]

    with queued_app.app_context():
        # Every e-mail the story's commits queued (the applicants' receipts among them)
        # arrived once, ours included; text messages are recorded as sent (no gateway here).
        received = [(str(m["To"]), str(m["Subject"])) for m in box.messages]
        db.session.rollback()
        queued = db.session.execute(
            select(OutboxMessage.recipient, OutboxMessage.subject).where(
                OutboxMessage.channel == "email"
            )
        )
        assert sorted(received) == sorted(tuple(row) for row in queued)
        assert ("nguoi.nop@example.com", "Thông báo tiếp nhận số 1") in received
        assert ("nguoi.nop@example.com", "Thông báo tiếp nhận số 2") in received
        # The sweep ran on the worker's schedule and found, at the story's "now", the same
        # five the sweep's own test derives: D1 and D7 overdue and D2, D3 due within a
        # working day (to the unit head of their unit); D1's step overdue (its specialist).
        head = "unit_head.px_quynhon@example.com"
        specialist = "specialist.px_quynhon@example.com"
        deadline_mail = [(to, subject) for to, subject in received if "hạn" in subject]
        assert sorted(deadline_mail) == sorted(
            [
                (head, f"[{codes['D1']}] Hồ sơ đã quá hạn giải quyết"),
                (head, f"[{codes['D2']}] Hồ sơ sắp đến hạn giải quyết"),
                (head, f"[{codes['D3']}] Hồ sơ sắp đến hạn giải quyết"),
                ("unit_head.ttpvhcc@example.com", f"[{codes['D7']}] Hồ sơ đã quá hạn giải quyết"),
                (specialist, f"[{codes['D1']}] Bước «Đăng ký kết hôn» đã quá hạn xử lý"),
            ]
        )
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(SweepRun)) == 1
        assert fresh(ids["D1"]).deadline_flag == "overdue"
        unsent = (
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        )
        assert db.session.scalar(unsent) == 0
        assert Queue(queue.URGENT, connection=queue.connection()).count == 0
