"""The reporting read model keeps one column per measure of domain.daily_flows, in the daily
and in the closed-month tables alike: a measure without its column in one of them would
break the summary's writes or leave a report's figure at zero for the closed months."""

from __future__ import annotations

import pytest
from sqlalchemy import Table

from vpub_onestop.domain.daily_flows import DOSSIER_MEASURES, STEP_MEASURES
from vpub_onestop.models import (
    DailyDossierSummary,
    DailyStepSummary,
    MonthlyDossierSummary,
    MonthlyStepSummary,
)


def _counted(table: Table) -> tuple[str, ...]:
    return tuple(column.name for column in table.columns if not column.primary_key)


@pytest.mark.parametrize(
    ("model", "measures"),
    [
        (DailyDossierSummary, DOSSIER_MEASURES),
        (MonthlyDossierSummary, DOSSIER_MEASURES),
        (DailyStepSummary, STEP_MEASURES),
        (MonthlyStepSummary, STEP_MEASURES),
    ],
)
def test_each_summary_table_counts_every_measure_and_nothing_else(
    model: type, measures: tuple[str, ...]
) -> None:
    table = model.__table__  # type: ignore[attr-defined]
    assert _counted(table) == measures
    # Every count starts at zero, so a row made for one measure reads 0 for the others.
    assert all(table.c[name].default.arg == 0 for name in measures)
    assert not any(table.c[name].nullable for name in measures)
