"""Administrator-editable calendar: yearly decisions, swaps and make-up days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop.models.base import Base


class CalendarYear(Base):
    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))  # decided | provisional
    basis: Mapped[str | None] = mapped_column(String(500))


class CalendarOverride(Base):
    __tablename__ = "calendar_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # off | work
    name: Mapped[str] = mapped_column(String(300))
    # The decision that moved the day (e.g. "Công văn 12729/VPCP-KGVX"); the administrator
    # must give one for each day added by hand (rows imported before it existed show the
    # year's basis).
    basis: Mapped[str | None] = mapped_column(String(500))

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class CalendarRevision(Base):
    """One row whose token changes with every edit of the two tables above, so that each
    process keeps its built calendar until the token moves (docs/architecture.md#calendar-cache)."""

    __tablename__ = "calendar_revision"
    ROW = 1  # the id of the single row

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
