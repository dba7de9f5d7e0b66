"""Citizen ratings (Decree 61 Art. 31), counter guidance and manually entered indicators."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vpub_onestop import clock
from vpub_onestop.models.base import Base


class Rating(Base):
    """One rating per dossier; unit and moment copied here so reports aggregate in SQL."""

    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_unit_rated", "receiving_unit_id", "rated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), unique=True)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    rated_at: Mapped[datetime] = mapped_column(default=clock.now)
    comment: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[RatingAnswer]] = relationship(cascade="all, delete-orphan")


class RatingAnswer(Base):
    __tablename__ = "rating_answer"
    __table_args__ = (UniqueConstraint("rating_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(20))  # domain.satisfaction.CRITERIA keys
    score: Mapped[int]  # domain.satisfaction.Answer values: 3, 2, 1


class CounterGuidance(Base):
    """An incomplete file at the counter: Mẫu 02 printed, no dossier created, guidance logged."""

    __tablename__ = "counter_guidance"
    __table_args__ = (
        UniqueConstraint("unit_id", "number_year", "number_seq", name="uq_counter_guidance_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_phone: Mapped[str | None] = mapped_column(String(20))
    applicant_address: Mapped[str | None] = mapped_column(String(300))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    # The slip's number (docs/domain.md#identifiers): the n-th Mẫu 02 the unit gave out in
    # the local year of `at`, allocated once from SlipCounter and printed on every reprint.
    number_year: Mapped[int]
    number_seq: Mapped[int]


class ManualIndicator(Base):
    """Circular 01 indicators that our data cannot compute, entered by a manager."""

    __tablename__ = "manual_indicator"
    __table_args__ = (
        UniqueConstraint("unit_id", "user_id", "period_start", "period_end", "indicator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None = unit
    period_start: Mapped[date]
    period_end: Mapped[date]
    indicator: Mapped[str] = mapped_column(String(40))
    points: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(default=clock.now)
