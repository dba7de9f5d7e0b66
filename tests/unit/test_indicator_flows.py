"""The scores one processed dossier stores for its unit and its officers
(domain.indicator_flows, docs/indicators.md#stored-scores), worked by hand from Circular
01/2018 (annex: early 2, on time 1, late 0; no contact 2, one 1, more 0) and Decision 766
(time from receipt to result less the applicant's supplement waits)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.daily_flows import DossierFacts, StepFacts
from vpub_onestop.domain.indicator_flows import officer_flows, unit_flows
from vpub_onestop.domain.status import DossierState, TaskState


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=LOCAL_TZ)


def _step(agency: int, timeliness: str | None, assignee: int) -> StepFacts:
    done = TaskState.DONE if timeliness else TaskState.IN_PROGRESS
    return StepFacts(agency, done, _at(2, 10), _at(9, 9), _at(10, 9), timeliness, assignee)


# Received Mon 2/3 09:00 by officer 5, result Thu 12/3 10:00, early; asked twice for
# documents (3/3 09:00 -> 4/3 09:00 and 5/3 09:00 -> 6/3 09:00); two rated steps (officer
# 7 early, officer 8 late) and one officer 9 never finished; a released result.
DOSSIER = DossierFacts(
    unit_id=1,
    procedure_id=2,
    channel="online",
    state=DossierState.RESULT_READY,
    received_at=_at(2, 9),
    finished_at=_at(12, 10),
    due_at=_at(16, 9),
    timeliness="early",
    supplement_requests=2,
    pauses=((_at(3, 9), _at(4, 9)), (_at(5, 9), _at(6, 9))),
    steps=(_step(10, "early", 7), _step(11, "late", 8), _step(12, None, 9)),
    released_result=True,
    receivers=(5,),
)
DAY = date(2026, 3, 12)


def test_the_unit_stores_the_dossiers_scores_on_the_day_it_finished() -> None:
    flows = unit_flows(DOSSIER)
    assert flows == {
        (DAY, "processed"): 1,
        (DAY, "c1"): 2,  # early
        (DAY, "c2_sum"): 1.0,  # steps early (2) and late (0): mean 1
        (DAY, "c2_dossiers"): 1,
        (DAY, "c3"): 0,  # two supplement requests: more than one contact
        (DAY, "c7"): 2,  # early, no verified complaint (read when the page is)
        # 10 days 1 hour from 2/3 09:00 to 12/3 10:00, less two closed waits of a day:
        # 8 days 1 hour = 694,800 s.
        (DAY, "net_seconds"): 694_800.0,
        (DAY, "e_result"): 1,
    }


def test_each_officer_is_scored_on_own_steps_or_the_route() -> None:
    flows = officer_flows(DOSSIER)
    common = {"processed": 1, "c1": 2, "c3": 0, "c7": 2, "c2_dossiers": 1}
    expected = {
        7: {**common, "c2_sum": 2.0},  # own step early
        8: {**common, "c2_sum": 0.0},  # own step late
        5: {**common, "c2_sum": 1.0},  # received it, no step: the whole route's mean
    }  # officer 9's step is not rated: not scored on this dossier
    found: dict[int, dict[str, float]] = {}
    for (day, officer, measure), n in flows.items():
        assert day == DAY
        found.setdefault(officer, {})[measure] = n
    assert found == expected


def test_open_and_voided_dossiers_store_nothing() -> None:
    still_open = replace(DOSSIER, state=DossierState.PROCESSING, finished_at=None, timeliness=None)
    voided = replace(DOSSIER, state=DossierState.VOIDED)
    for facts in (still_open, voided):
        assert not unit_flows(facts) and not officer_flows(facts)
