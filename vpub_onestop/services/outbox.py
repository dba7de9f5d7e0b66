"""Delivery of the outbox: messages queued inside a transaction, sent after its commit.

Several workers may deliver at once (every web worker after its commits, the
`send-outbox` command from cron, RQ's delivery jobs when REDIS_URL is set). A worker first
*claims* a batch in one transaction (the claim is a conditional UPDATE, so two workers
never hold the same row; PostgreSQL's SKIP LOCKED lets the second take the next rows
instead of waiting), then sends outside any transaction, and records each outcome in a
transaction of its own. A claim older than CLAIM_TIMEOUT is treated as abandoned (the
worker crashed between claim and record) and the message is claimed again. Every claim
counts as an attempt, so a message that keeps failing, or keeps crashing its worker, stops
after MAX_ATTEMPTS.

Email goes through SMTP (`MAIL_*` settings). SMS goes through an `SmsProvider`; no gateway
is reachable here, so the default provider's delivery is the outbox row itself (provider
"database"). A deployment with a gateway registers its own provider in
`app.extensions[SMS_PROVIDER_KEY]`.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import Header
from email.message import Message
from email.mime.text import MIMEText
from typing import Protocol

from flask import current_app
from sqlalchemy import ColumnElement, and_, or_, select, update

from vpub_onestop import clock
from vpub_onestop.domain.delivery import MAX_ATTEMPTS
from vpub_onestop.domain.national_feed import WEBHOOK_CHANNEL
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage
from vpub_onestop.services import webhook_delivery
from vpub_onestop.services.uow import unit_of_work

log = logging.getLogger(__name__)
# Far longer than one send can take (the SMTP timeout is 10 s): only a dead worker's
# claim gets this old.
CLAIM_TIMEOUT = timedelta(minutes=10)
SMS_PROVIDER_KEY = "vpub_sms_provider"


class SmsProvider(Protocol):
    """Sends one text message; raises OSError (or a subclass) when the gateway fails."""

    name: str

    def send(self, recipient: str, body: str) -> None: ...


class DatabaseSmsProvider:
    """No gateway: the outbox row (recipient, text, time) is the record of the message."""

    name = "database"

    def send(self, recipient: str, body: str) -> None:
        return None


def sms_provider() -> SmsProvider:
    provider: SmsProvider = current_app.extensions.get(SMS_PROVIDER_KEY) or DatabaseSmsProvider()
    return provider


@dataclass(frozen=True)
class Outgoing:
    """A claimed message, read before the claim's transaction ended."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    attempts: int  # this claim's included
    subscription_id: int | None  # a webhook's


def after_commit() -> None:
    """What a commit does about the outbox (OUTBOX_AUTOSEND): without a job queue, deliver
    now, in the request; with one (REDIS_URL), only ask a worker to deliver, so no request
    waits on the mail server."""
    from vpub_onestop.background import queue

    if not queue.configured():
        deliver_pending()
        return
    if _anything_to_send(clock.now()):
        queue.request_delivery()


def _anything_to_send(moment: datetime) -> bool:
    """A read first: most commits queue nothing. It ends its read transaction, so that a
    unit of work can start next (on SQLite it takes the write lock)."""
    found = db.session.scalar(select(OutboxMessage.id).where(_claimable(moment)).limit(1))
    db.session.commit()
    return found is not None


def deliver_pending(limit: int = 100) -> int:
    """Claim up to `limit` messages, send them, record each outcome; the number sent."""
    worker = uuid.uuid4().hex
    sent = 0
    for message in claim_batch(worker, limit, clock.now()):
        if message.channel == WEBHOOK_CHANNEL:  # retried after a pause, not at the next run
            sent += webhook_delivery.deliver(
                message.id,
                message.subscription_id,
                message.body,
                message.attempts,
                worker,
                clock.now(),
            )
            continue
        error = _send(message)
        _record(message, worker, error, clock.now())
        sent += error is None
    return sent


def _claimable(moment: datetime) -> ColumnElement[bool]:
    return and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.attempts < MAX_ATTEMPTS,
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= moment),
        or_(
            OutboxMessage.claimed_at.is_(None),
            OutboxMessage.claimed_at < moment - CLAIM_TIMEOUT,
        ),
    )


def claim_batch(worker: str, limit: int, moment: datetime) -> list[Outgoing]:
    if not _anything_to_send(moment):
        return []
    with unit_of_work(send_outbox=False) as session:
        ids = list(
            session.scalars(
                select(OutboxMessage.id)
                .where(_claimable(moment))
                .order_by(OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has the write lock
            )
        )
        if not ids:
            return []
        # The condition is evaluated again on each row at write time: a row another
        # worker claimed in the meantime is left alone.
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _claimable(moment))
            .values(claimed_at=moment, claimed_by=worker, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        rows = session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.channel,
                OutboxMessage.recipient,
                OutboxMessage.subject,
                OutboxMessage.body,
                OutboxMessage.attempts,
                OutboxMessage.subscription_id,
            )
            .where(OutboxMessage.claimed_by == worker)
            .order_by(OutboxMessage.id)
        )
        return [Outgoing(*row) for row in rows]


def _send(message: Outgoing) -> str | None:
    """Send one message; the error text when it failed."""
    try:
        if message.channel == "email":
            _send_email(message)
        else:
            sms_provider().send(message.recipient, message.body)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("outbox %s to %s failed: %s", message.id, message.recipient, exc)
        return str(exc)[:500] or type(exc).__name__
    return None


def _record(message: Outgoing, worker: str, error: str | None, moment: datetime) -> None:
    """The outcome, on the row this worker still holds. A failed message is released so
    that the next run tries it again."""
    if error is None:
        provider = "smtp" if message.channel == "email" else sms_provider().name
        values: dict[str, object] = {"sent_at": moment, "provider": provider, "last_error": None}
    else:
        values = {"last_error": error, "claimed_at": None, "claimed_by": None}
    with unit_of_work(send_outbox=False) as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == worker)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def compose_email(sender: str, recipient: str, subject: str, body: str) -> Message:
    """The message as mail clients will read it back.

    The subject is encoded as one run of RFC 2047 words by `Header`: Python 3.11's default
    policy folds a long Vietnamese subject at a space and leaves that space between two
    encoded words, where every reader drops it ("sắp đến hạngiải quyết")."""
    email = MIMEText(body, "plain", "utf-8")
    email["From"] = sender
    email["To"] = recipient
    email["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]  # as email.header documents
    return email


def _send_email(message: Outgoing) -> None:
    cfg = current_app.config
    email = compose_email(
        cfg["MAIL_DEFAULT_SENDER"], message.recipient, message.subject, message.body
    )
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(email)
