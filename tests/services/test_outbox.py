"""The outbox under several delivery workers: every queued message reaches the real SMTP
server exactly once, and a worker that died holding messages does not lose them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from tests.conftest import Clock
from tests.web.citizen.conftest import Mailbox, free_port
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage
from vpub_onestop.services import outbox
from vpub_onestop.services.uow import unit_of_work

QUEUED = 40
DELIVERERS = 4  # as many as the gunicorn workers of the PostgreSQL deployment


@pytest.fixture
def smtp_sink(app: Flask) -> Iterator[Mailbox]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield box
    finally:
        controller.stop()


def _queue(count: int) -> list[str]:
    subjects = [f"Thông báo số {n}" for n in range(count)]
    with unit_of_work() as session:
        for n, subject in enumerate(subjects):
            session.add(
                OutboxMessage(
                    channel="email",
                    recipient=f"nguoi{n}@example.com",
                    subject=subject,
                    body="Hồ sơ của Ông/Bà đã được tiếp nhận.",
                )
            )
    return subjects


def _rows() -> list[OutboxMessage]:
    db.session.rollback()  # a fresh snapshot (SQLite keeps the old one otherwise)
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_four_workers_at_once_send_every_message_exactly_once(
    app: Flask, smtp_sink: Mailbox
) -> None:
    with app.app_context():
        subjects = _queue(QUEUED)
    start = threading.Barrier(DELIVERERS)
    sent_by_worker: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        # Each worker as a separate web worker would be: its own app context and session.
        try:
            with app.app_context():
                start.wait()
                total = 0
                while sent := outbox.deliver_pending(limit=5):
                    total += sent
                sent_by_worker.append(total)
        except BaseException as error:  # reported by the test below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(DELIVERERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(smtp_sink.subjects()) == sorted(subjects)  # each one, once
    assert len(sent_by_worker) == DELIVERERS
    assert sum(sent_by_worker) == QUEUED
    with app.app_context():
        rows = _rows()
        assert all(row.sent_at is not None and row.provider == "smtp" for row in rows)
        # One claim each: no message was claimed twice, no attempt count was lost.
        assert [row.attempts for row in rows] == [1] * QUEUED


def test_messages_held_by_a_crashed_worker_go_out_once_the_claim_expires(
    app: Flask, smtp_sink: Mailbox, frozen_clock: Clock
) -> None:
    claimed_at = frozen_clock.now
    with app.app_context():
        _queue(2)
        # A worker claims both, then dies before sending anything.
        assert len(outbox.claim_batch("worker-that-died", 10, claimed_at)) == 2

        # While the claim is fresh nobody else sends them: no double send.
        frozen_clock.advance(minutes=5)
        assert outbox.deliver_pending() == 0
        assert smtp_sink.subjects() == []

        later = frozen_clock.set(claimed_at + outbox.CLAIM_TIMEOUT + timedelta(minutes=1))
        assert outbox.deliver_pending() == 2
        assert sorted(smtp_sink.subjects()) == ["Thông báo số 0", "Thông báo số 1"]
        rows = _rows()
        # The dead worker's claim counted as an attempt.
        assert [row.attempts for row in rows] == [2, 2]
        assert all(row.sent_at == later for row in rows)


def test_a_long_vietnamese_subject_arrives_with_every_space(app: Flask, smtp_sink: Mailbox) -> None:
    # Long enough that the header must be folded over several lines; the fold once fell at
    # the space between "hạn" and "giải", which mail readers then dropped.
    subject = "[000.00.22.H39-260316-0001] Hồ sơ sắp đến hạn giải quyết tại Bộ phận Một cửa"
    body = "Kính gửi Ông/Bà Nguyễn Văn An,\nHồ sơ của Ông/Bà sắp đến hạn giải quyết.\n"
    with app.app_context():
        with unit_of_work() as session:
            session.add(
                OutboxMessage(
                    channel="email",
                    recipient="nguoi.nop@example.com",
                    subject=subject,
                    body=body,
                )
            )
        outbox.deliver_pending()
    [received] = smtp_sink.messages
    assert str(received["Subject"]) == subject
    assert received.get_content() == body
