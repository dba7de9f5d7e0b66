"""The reporting read model (docs/architecture.md#reporting-read-model): per local day,
receiving unit, procedure and channel (and, for steps, the agency holding the step), the
flows of domain.daily_flows. Kept by the transition path (services.summary), rebuilt from
the dossier rows by `flask summary rebuild`; the statistics sum it over a period's days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop.domain.dossier_clock import OPEN_STATES, ordered
from vpub_onestop.domain.status import ACTIVE_TASK_STATES
from vpub_onestop.models.base import Base
from vpub_onestop.models.dossier import Dossier, StepTask


class DossierCounts:
    """The dossier measures of domain.daily_flows (DOSSIER_MEASURES), one column each: the
    daily and the monthly table both take them from here, so a new count is never added to
    one and forgotten in the other."""

    # Flows (of the day, or summed over the month).
    received: Mapped[int] = mapped_column(default=0)
    early: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)
    stopped: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)
    repeat_supplement: Mapped[int] = mapped_column(default=0)
    # Open stocks: a day's net change (their sum up to a day is the stock at its end), a
    # closed month's level at its end.
    open_within: Mapped[int] = mapped_column(default=0)
    open_overdue: Mapped[int] = mapped_column(default=0)
    open_supplement: Mapped[int] = mapped_column(default=0)
    # Received with a component file, on the day of receipt (a flow; last, as the
    # migration that added it appended it).
    digitised: Mapped[int] = mapped_column(default=0)


class StepCounts:
    """The step measures of domain.daily_flows (STEP_MEASURES), shared like DossierCounts."""

    early: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)
    open_within: Mapped[int] = mapped_column(default=0)
    open_overdue: Mapped[int] = mapped_column(default=0)
    open_supplement: Mapped[int] = mapped_column(default=0)


class DossierKeys:
    """A dossier row's group after its day or month: the receiving unit, the procedure and
    the channel (docs/architecture.md#reporting-read-model)."""

    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    procedure_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)


class StepKeys:
    """A step row's group: the agency holding the step, then the dossier's group."""

    agency_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    procedure_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)


class DailyDossierSummary(DossierKeys, DossierCounts, Base):
    __tablename__ = "daily_dossier_summary"

    day: Mapped[date] = mapped_column(Date, primary_key=True)


class DailyStepSummary(StepKeys, StepCounts, Base):
    __tablename__ = "daily_step_summary"

    day: Mapped[date] = mapped_column(Date, primary_key=True)


class MonthlyDossierSummary(DossierKeys, DossierCounts, Base):
    """A closed month (docs/architecture.md#reporting-read-model): the month's flows summed,
    and the open stocks' *levels* at its end (the daily changes summed from the beginning),
    so a report reads one month's levels instead of every day before its period."""

    __tablename__ = "monthly_dossier_summary"

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day


class MonthlyStepSummary(StepKeys, StepCounts, Base):
    __tablename__ = "monthly_step_summary"

    month: Mapped[date] = mapped_column(Date, primary_key=True)


class SummaryMonth(Base):
    """The months the monthly tables hold: contiguous, from the first summarised month
    (services/summary_months.py closes them in order)."""

    __tablename__ = "summary_month"

    month: Mapped[date] = mapped_column(Date, primary_key=True)


# The steps that arrived since a moment (today's midnight): what moved since the stocks the
# summary keeps at that midnight (queries.stats_pending_now).
Index("ix_step_task_arrived_at", StepTask.arrived_at)


def _state_in(values: list[str]) -> str:
    return "state IN (" + ", ".join(f"'{value}'" for value in values) + ")"


OPEN_DOSSIERS = _state_in([state.value for state in ordered(OPEN_STATES)])
RUNNING_STEPS = _state_in(sorted(state.value for state in ACTIVE_TASK_STATES))

# The deadline dashboard counts the present (due today, due soon, overdue now), which no
# daily summary can hold: it reads the open dossiers and running steps from these two
# partial indexes alone (PostgreSQL index-only scans; the rows are never visited), so its
# cost is the open work's index entries, not the heap pages they sit on. The steps' index
# carries the step's copy of its dossier's clock (docs/architecture.md#step-clock-copy), so
# the whole province's steps are counted without joining their dossiers.
Index(
    "ix_dossier_open_dashboard",
    Dossier.receiving_unit_id,
    Dossier.state,
    Dossier.due_at,
    postgresql_include=["id", "procedure_id", "channel", "apologised_at", "received_at"],
    postgresql_where=text(OPEN_DOSSIERS),
    sqlite_where=text(OPEN_DOSSIERS),
)
Index(
    "ix_step_task_running_dashboard",
    StepTask.agency_id,
    StepTask.name,
    StepTask.assignee_id,
    StepTask.due_at,
    # Keys rather than INCLUDE, which SQLite ignores: there too the count is read from the
    # index alone (bench/PLANS.md, "third round").
    StepTask.clock_running,
    StepTask.state,
    postgresql_include=["dossier_id"],
    postgresql_where=text(RUNNING_STEPS),
    sqlite_where=text(RUNNING_STEPS),
)
