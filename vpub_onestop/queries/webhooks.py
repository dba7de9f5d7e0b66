"""What the administrator reads about webhooks: each subscription with its backlog, and
its delivery log (docs/architecture.md#webhooks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Subquery, and_, func, select

from vpub_onestop.domain.delivery import MAX_ATTEMPTS
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, OutboxMessage, WebhookAttempt, WebhookSubscription

LOG_LINES = 200


@dataclass(frozen=True)
class SubscriptionLine:
    id: int
    client_name: str
    url: str
    event_filter: str
    active: bool
    created_at: datetime
    version: int
    delivered: int
    waiting: int  # queued or being retried
    given_up: int  # every try failed


@dataclass(frozen=True)
class AttemptLine:
    at: datetime
    dossier_code: str | None
    message_id: int
    attempt: int
    delivered: bool
    response_code: int | None
    error: str | None
    next_try_at: datetime | None


def _counts() -> Subquery:
    sent = OutboxMessage.sent_at.is_not(None)
    open_ = and_(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
    dead = and_(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts >= MAX_ATTEMPTS)
    return (
        select(
            OutboxMessage.subscription_id.label("sid"),
            func.count().filter(sent).label("delivered"),
            func.count().filter(open_).label("waiting"),
            func.count().filter(dead).label("given_up"),
        )
        .where(OutboxMessage.subscription_id.is_not(None))
        .group_by(OutboxMessage.subscription_id)
        .subquery()
    )


def subscription_lines(subscription_id: int | None = None) -> list[SubscriptionLine]:
    counts = _counts()
    stmt = (
        select(
            WebhookSubscription.id,
            WebhookSubscription.client_name,
            WebhookSubscription.url,
            WebhookSubscription.event_filter,
            WebhookSubscription.active,
            WebhookSubscription.created_at,
            WebhookSubscription.version,
            func.coalesce(counts.c.delivered, 0),
            func.coalesce(counts.c.waiting, 0),
            func.coalesce(counts.c.given_up, 0),
        )
        .outerjoin(counts, counts.c.sid == WebhookSubscription.id)
        .order_by(WebhookSubscription.client_name, WebhookSubscription.id)
    )
    if subscription_id is not None:
        stmt = stmt.where(WebhookSubscription.id == subscription_id)
    return [SubscriptionLine(*row) for row in db.session.execute(stmt)]


def delivery_log(subscription_id: int, limit: int = LOG_LINES) -> list[AttemptLine]:
    """The latest tries, newest first."""
    stmt = (
        select(
            WebhookAttempt.at,
            Dossier.code,
            WebhookAttempt.message_id,
            WebhookAttempt.attempt,
            WebhookAttempt.delivered,
            WebhookAttempt.response_code,
            WebhookAttempt.error,
            WebhookAttempt.next_try_at,
        )
        .join(OutboxMessage, OutboxMessage.id == WebhookAttempt.message_id)
        .outerjoin(Dossier, Dossier.id == OutboxMessage.dossier_id)
        .where(WebhookAttempt.subscription_id == subscription_id)
        .order_by(WebhookAttempt.at.desc(), WebhookAttempt.id.desc())
        .limit(limit)
    )
    return [AttemptLine(*row) for row in db.session.execute(stmt)]
