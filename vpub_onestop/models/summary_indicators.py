"""The indicators' read model (docs/indicators.md#stored-scores): per local day a dossier
was processed, the per-dossier scores summed (domain.indicator_flows), for the receiving
unit and, separately, for each officer rated on it; per local day of rating, the
applicants' ratings (docs/indicators.md#stored-facts). Kept by the transition path with the
daily summary (services.summary), rebuilt by `flask summary rebuild`; the indicators page
sums a period's days instead of scoring every dossier again."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Double, String
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop.models.base import Base
from vpub_onestop.models.summary import DossierKeys


class Scores:
    """The scores both tables sum after their keys (domain.indicator_flows's
    OFFICER_MEASURES), so a score cannot be added to one and forgotten in the other."""

    processed: Mapped[int] = mapped_column(default=0)
    c1: Mapped[int] = mapped_column(default=0)
    # Indicator 2 is a mean per dossier: its sum is a real number (read snapped to 1e-9).
    c2_sum: Mapped[float] = mapped_column(Double, default=0)
    c2_dossiers: Mapped[int] = mapped_column(default=0)
    c3: Mapped[int] = mapped_column(default=0)
    c7: Mapped[int] = mapped_column(default=0)  # as if no complaint were verified


class DailyIndicatorSummary(Scores, Base):
    __tablename__ = "daily_indicator_summary"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    procedure_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    net_seconds: Mapped[float] = mapped_column(Double, default=0)
    e_result: Mapped[int] = mapped_column(default=0)


class DailyOfficerSummary(Scores, Base):
    __tablename__ = "daily_officer_summary"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    procedure_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)


class DailyRatingSummary(DossierKeys, Base):
    """Ratings (Decree 61/2018 Art. 31) per local day of rating and the rated dossier's
    unit, procedure and channel: how many, and their answers in the three tallies of
    domain.satisfaction. Kept where a rating is saved (services.summary_ratings)."""

    __tablename__ = "daily_rating_summary"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ratings: Mapped[int] = mapped_column(default=0)
    very: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[int] = mapped_column(default=0)
    unsatisfied: Mapped[int] = mapped_column(default=0)
