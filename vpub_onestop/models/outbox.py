"""Notification outbox, the per-unit daily dossier counter and the slips' yearly numbers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.base import Base


class OutboxMessage(Base):
    """Written in the same transaction as the change it announces; sent after commit."""

    __tablename__ = "outbox_message"
    # The backlog and its oldest message (/metrics) read this index alone.
    __table_args__ = (Index("ix_outbox_message_pending", "sent_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))  # email | sms | webhook
    # A webhook's recipient is its subscription's name; the URL is read at each try, so a
    # corrected address serves the retries still pending.
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    # Set for messages that must go out once only (e.g. "overdue" from the sweep).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    sent_at: Mapped[datetime | None]
    # Who delivered it: "smtp", or "database" for SMS (the default provider records only).
    provider: Mapped[str | None] = mapped_column(String(20))
    # A delivery run holds the row from claim to outcome (services/outbox.py).
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A webhook's receiver that failed is tried again only after a pause
    # (domain/national_feed.retry_delay); email and SMS leave it empty.
    next_attempt_at: Mapped[datetime | None]
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_subscription.id"))


class DossierCounter(Base):
    """Daily sequence per receiving unit; incremented atomically, never max()+1."""

    __tablename__ = "dossier_counter"

    unit_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class SlipCounter(Base):
    """Yearly sequence per unit and numbered form (Mẫu 02 at the counter); incremented
    atomically, never max()+1, so two officers printing at once get two numbers."""

    __tablename__ = "slip_counter"

    unit_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    form: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
