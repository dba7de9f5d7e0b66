"""A sweep that meets a backlog (the first run after installation, or after the sweep was
down for days): every overdue dossier and step is flagged and announced exactly once, and
a second run sends nothing."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select, update

from bench.backlog import insert_overdue
from tests.services.support import local, procedure_id, unit_id
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, OutboxMessage, RouteStep, StepTask
from vpub_onestop.services.accounts import create_user
from vpub_onestop.services.sweep import run_sweep

BACKLOG = 3000
NOW = local(2026, 3, 20, 10)


def _overdue_backlog(n: int) -> tuple[int, int]:
    """n dossiers in processing at the commune centre, each with its one step assigned to a
    specialist; all of them past their due moments (received in January). Written in bulk:
    the sweep reads rows, however they came."""
    unit, marriage = unit_id("px_quynhon"), procedure_id("1.001193")
    step = db.session.scalars(select(RouteStep.id).where(RouteStep.procedure_id == marriage)).one()
    head = create_user(
        "unit_head.px_quynhon",
        "password-123",
        "Trưởng bộ phận một cửa",
        Role.UNIT_HEAD,
        agency_key="px_quynhon",
        email="truong.bophan@example.com",
    )
    specialist = create_user(
        "specialist.backlog",
        "password-123",
        "Chuyên viên tồn đọng",
        Role.SPECIALIST,
        agency_key="px_quynhon",
        email="chuyenvien@example.com",
    )
    insert_overdue(
        range(n),
        unit=unit,
        procedure=marriage,
        step=step,
        assignee=specialist,
        received=local(2026, 1, 5, 9),
        prefix="BACKLOG",
        spacing=timedelta(minutes=1),
    )
    db.session.commit()
    return head, specialist


def _outbox_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def test_a_backlog_is_announced_once_and_a_second_run_sends_nothing(app: Flask) -> None:
    with app.app_context():
        _overdue_backlog(BACKLOG)

        first = run_sweep(NOW)

        assert (first.dossiers_overdue, first.tasks_overdue) == (BACKLOG, BACKLOG)
        # The unit head hears about each dossier, the specialist about each step: once.
        assert first.messages == 2 * BACKLOG
        per_recipient = dict(
            db.session.execute(
                select(OutboxMessage.recipient, func.count(func.distinct(OutboxMessage.subject)))
                .where(OutboxMessage.dedupe_key.like("sweep:%"))
                .group_by(OutboxMessage.recipient)
            ).all()
        )
        assert per_recipient == {
            "truong.bophan@example.com": BACKLOG,
            "chuyenvien@example.com": BACKLOG,
        }
        one = db.session.scalars(
            select(OutboxMessage.body).where(OutboxMessage.subject.like("[BACKLOG-0000007] Hồ sơ%"))
        ).one()
        # 5/1/2026 09:00 + 5 days + 7 minutes, in Vietnamese local time.
        assert "hạn 09:07 ngày 10/01/2026" in one
        flagged = db.session.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.deadline_flag == "overdue")
        )
        assert flagged == BACKLOG

        second = run_sweep(NOW + timedelta(hours=1))

        assert second.messages == 0
        assert (second.dossiers_overdue, second.tasks_overdue) == (0, 0)
        assert _outbox_rows() == 2 * BACKLOG


def test_items_whose_flags_were_lost_are_not_announced_twice(app: Flask) -> None:
    """Flags cleared behind the sweep's back (a restore of the dossiers from a backup taken
    before the run, say): the next run flags everything again, but every message it would
    write is already in the outbox, so it writes none and says so."""
    with app.app_context():
        _overdue_backlog(BACKLOG)
        run_sweep(NOW)
        for model in (Dossier, StepTask):
            db.session.execute(update(model).values(deadline_flag=None))
        db.session.commit()

        again = run_sweep(NOW + timedelta(hours=1))

        assert (again.dossiers_overdue, again.tasks_overdue) == (BACKLOG, BACKLOG)
        assert again.messages == 0
        assert _outbox_rows() == 2 * BACKLOG
