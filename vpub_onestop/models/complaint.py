"""Feedback and complaints (phản ánh, kiến nghị) about the handling of procedures, recorded by
the receiving one-stop unit. They feed Circular 01 indicators 7 and 8 and the Decision 766
satisfaction figure (docs/indicators.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vpub_onestop import clock
from vpub_onestop.models.base import Base

if TYPE_CHECKING:
    from vpub_onestop.models.dossier import Dossier
    from vpub_onestop.models.org import Agency


class Complaint(Base):
    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_unit_received", "unit_id", "received_at"),
        Index("ix_complaint_unit_due", "unit_id", "handling_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20))  # domain.complaints.CHANNELS
    sender_name: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    # Verified = checked and found well-founded; only a verified complaint costs indicator 7.
    verified: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # A local date: handled on time when handled on or before it (local dates compared).
    handling_due_on: Mapped[date]
    handled_at: Mapped[datetime | None]
    # Stored when handled (domain.complaints.handled_on_time) so indicator 8 is one SQL sum.
    handled_on_time: Mapped[bool | None]
    handling_note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Agency] = relationship()
    dossier: Mapped[Dossier | None] = relationship()
