"""Outgoing webhooks: a status change is pushed, signed, to a real HTTP receiver on
loopback; a receiver that fails twice gets the event on the third try, after the pauses
the backoff asks for; the admin's delivery log shows every try."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Clock, free_port
from tests.services.support import actor, counter_receipt, dossier_version, fresh, procedure_id
from vpub_onestop.domain.errors import PermissionDenied, ValidationError
from vpub_onestop.domain.national_feed import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_valid,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage, WebhookAttempt
from vpub_onestop.services import outbox, reception, webhooks


@dataclass
class Receiver:
    """An HTTP endpoint that answers 500 to its first `failures` requests, then 204."""

    url: str
    failures: int = 0
    bodies: list[bytes] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    port = free_port()
    state = Receiver(url=f"http://127.0.0.1:{port}/hooks/vpub")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.bodies.append(body)
            state.headers.append(dict(self.headers.items()))
            status = 500 if len(state.answered) < state.failures else 204
            state.answered.append(status)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _webhook_rows() -> list[OutboxMessage]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.channel == "webhook")
            .order_by(OutboxMessage.id)
        )
    )


def _log() -> list[WebhookAttempt]:
    db.session.rollback()
    return list(db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id)))


def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try(
    app: Flask, receiver: Receiver, frozen_clock: Clock
) -> None:
    receiver.failures = 2
    with app.app_context():
        _, secret = webhooks.create_subscription(
            actor("admin.ttpvhcc"),
            webhooks.SubscriptionInput("Cổng DVC tỉnh", receiver.url, "dossier.status_changed"),
        )
        dossier = counter_receipt(actor("reception.px_quynhon"), procedure_id("1.000894"))
        code = fresh(dossier.id).code
        [message] = _webhook_rows()

        outbox.deliver_pending()  # first try: 500
        assert receiver.answered == [500]
        # Straight away nothing goes: the receiver gets a minute's rest.
        outbox.deliver_pending()
        assert receiver.answered == [500]

        frozen_clock.advance(minutes=1)
        outbox.deliver_pending()  # second try: 500, then two minutes' rest
        assert receiver.answered == [500, 500]
        frozen_clock.advance(minutes=1)
        outbox.deliver_pending()
        assert receiver.answered == [500, 500]

        frozen_clock.advance(minutes=1)
        outbox.deliver_pending()  # third try: accepted
        assert receiver.answered == [500, 500, 204]
        frozen_clock.advance(hours=1)
        outbox.deliver_pending()  # delivered once: never again
        assert len(receiver.answered) == 3

        [row] = _webhook_rows()
        assert row.id == message.id and row.sent_at is not None and row.attempts == 3
        log = [(a.attempt, a.delivered, a.response_code) for a in _log()]
        assert log == [(1, False, 500), (2, False, 500), (3, True, 204)]
        first, second, _ = _log()
        assert first.next_try_at is not None and second.next_try_at is not None
        assert (first.next_try_at - first.at).total_seconds() == 60
        assert (second.next_try_at - second.at).total_seconds() == 120

    # What the receiver checks: the signature over "<timestamp>.<body>" with the secret
    # it was given, on the very bytes it received.
    body, headers = receiver.bodies[-1], receiver.headers[-1]
    assert signature_valid(secret, int(headers[TIMESTAMP_HEADER]), body, headers[SIGNATURE_HEADER])
    assert not signature_valid(
        "another-secret", int(headers[TIMESTAMP_HEADER]), body, headers[SIGNATURE_HEADER]
    )
    event = json.loads(body)
    assert (event["dossier_code"], event["status_code"], event["channel"]) == (code, 2, 1)
    # Every try carried the same event (a receiver can drop a repeat by its id).
    assert len({json.loads(b)["id"] for b in receiver.bodies}) == 1


def test_the_filter_keeps_only_the_asked_status_codes(app: Flask, receiver: Receiver) -> None:
    with app.app_context():
        webhooks.create_subscription(
            actor("admin.ttpvhcc"),
            webhooks.SubscriptionInput("Ứng dụng di động", receiver.url, "*:4"),
        )
        desk = actor("reception.px_quynhon")
        dossier = counter_receipt(desk, procedure_id("1.000894"))
        assert _webhook_rows() == []  # received (2) is not asked for
        reception.dispatch_dossier(desk, dossier.id, expected_version=dossier_version(dossier.id))
        outbox.deliver_pending()
    assert [json.loads(b)["status_code"] for b in receiver.bodies] == [4]


def test_only_an_admin_subscribes_and_a_bad_address_is_named(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(PermissionDenied):
            webhooks.create_subscription(
                actor("leader.px_quynhon"),
                webhooks.SubscriptionInput("X", "https://example.org/hook"),
            )
        with pytest.raises(ValidationError) as refused:
            webhooks.create_subscription(
                actor("admin.ttpvhcc"),
                webhooks.SubscriptionInput("X", "ftp://example.org/hook", "dossier.moved:11"),
            )
    assert set(refused.value.field_errors) == {"url", "event_filter"}
