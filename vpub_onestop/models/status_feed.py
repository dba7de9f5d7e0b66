"""The status feed other systems pull, and the webhooks that push it
(docs/architecture.md#status-feed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.base import Base

_UNSEQUENCED = text("position IS NULL")


class StatusFeedEntry(Base):
    """One status change of a dossier as the national portal records it, written in the
    transaction of the change (services/status_feed.py). `position` is given after the
    commit, in commit order, and is what a consumer's cursor counts; `id` is the entry's
    identity (the webhooks' event id)."""

    __tablename__ = "status_feed_entry"
    __table_args__ = (
        # The sequencer's work list: a handful of entries at any moment.
        Index(
            "ix_status_feed_entry_unsequenced",
            "id",
            postgresql_where=_UNSEQUENCED,
            sqlite_where=_UNSEQUENCED,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int | None] = mapped_column(unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    dossier_code: Mapped[str | None] = mapped_column(String(60))
    event_id: Mapped[int] = mapped_column(ForeignKey("dossier_event.id"))
    national_code: Mapped[int]
    previous_code: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(30))
    channel_code: Mapped[int]
    occurred_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    appointment_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]


class WebhookSubscription(Base):
    """A system that wants the feed pushed to it. The secret signs each delivery; the
    receiver holds the same secret, so it is kept as given (a hash could not sign)."""

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))
    # domain/national_feed.py `matches`: event types, optionally ":" and status codes.
    event_filter: Mapped[str] = mapped_column(String(200), default="*")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Two admins changing one subscription at once: the second is told to reload.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class WebhookAttempt(Base):
    """The delivery log the admin reads: one row per try of one outbox message."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (Index("ix_webhook_attempt_subscription_at", "subscription_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id"))
    attempt: Mapped[int]
    at: Mapped[datetime]
    delivered: Mapped[bool]
    response_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    next_try_at: Mapped[datetime | None]
