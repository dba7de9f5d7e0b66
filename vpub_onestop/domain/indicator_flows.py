"""What one processed dossier adds to the indicators' daily summary
(docs/indicators.md#stored-scores), decided from its facts alone, on the local day it
finished: the per-dossier scores of Circular 01/2018 (indicators 1, 2, 3 and 7 as if no
complaint were verified; a verified complaint is found when the page is read, since it can
come long after the dossier finished) and the Decision 766 inputs (time net of the
supplement waits, an electronic result). The points are domain.indicators' rules; which
dossier counts as processed is domain.counting's.

The applicants' ratings (Decree 61/2018 Art. 31; Decision 766 group 5) are counted on the
local day of rating, in the three tallies of domain.satisfaction, unless the dossier was
voided.

Per officer (Circular 01/2018 Art. 14), the same scores for each officer who received the
dossier at the counter or worked a rated step of it; indicator 2 is the officer's own
steps, or the dossier's whole route for a counter officer without a step on it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from vpub_onestop.domain import counting, satisfaction
from vpub_onestop.domain import indicators as rules
from vpub_onestop.domain.counting import FactTerms
from vpub_onestop.domain.daily_flows import DossierFacts, StepFacts, local_day
from vpub_onestop.domain.timeliness import Timeliness

# The stored measures (models.summary.DailyIndicatorSummary, DailyOfficerSummary).
PROCESSED, C1, C2_SUM, C2_DOSSIERS, C3, C7 = (
    "processed",
    "c1",
    "c2_sum",
    "c2_dossiers",
    "c3",
    "c7",
)
NET_SECONDS, E_RESULT = "net_seconds", "e_result"
UNIT_MEASURES = (PROCESSED, C1, C2_SUM, C2_DOSSIERS, C3, C7, NET_SECONDS, E_RESULT)
OFFICER_MEASURES = (PROCESSED, C1, C2_SUM, C2_DOSSIERS, C3, C7)

RATINGS = "ratings"
RATING_MEASURES = (RATINGS, *satisfaction.BANDS)

UnitKey = tuple[date, str]  # (day, measure)
OfficerKey = tuple[date, int, str]  # (day, officer, measure)


def processed_day(facts: DossierFacts) -> date | None:
    """The local day the dossier counts as processed on, or None (not processed, voided)."""
    terms = FactTerms(facts, facts.pauses)
    if not counting.counted(terms):
        return None
    moment = counting.flow_counts(terms, counting.PROCESSED)
    return None if moment is None else local_day(moment)


def _rated(steps: tuple[StepFacts, ...]) -> list[Timeliness]:
    return [Timeliness(s.timeliness) for s in steps if s.timeliness is not None]


def _step_mean(steps: list[Timeliness]) -> float | None:
    """Indicator 2 of a set of steps: their points' mean (None without a rated step)."""
    if not steps:
        return None
    return sum(rules.timeliness_points(t) for t in steps) / len(steps)


def _scores(facts: DossierFacts, c2: float | None) -> Counter[str]:
    rating = Timeliness(facts.timeliness)
    out: Counter[str] = Counter()
    out[PROCESSED] = 1
    out[C1] = rules.indicator1(rating)
    out[C3] = rules.indicator3(facts.supplement_requests)
    out[C7] = rules.indicator7(rating, verified_complaint=False)
    if c2 is not None:
        out[C2_SUM] += c2  # type: ignore[assignment]
        out[C2_DOSSIERS] = 1
    return out


def net_seconds(facts: DossierFacts) -> float:
    """Receipt to result, less the closed supplement waits (Decision 766's average time)."""
    assert facts.received_at is not None and facts.finished_at is not None
    total = (facts.finished_at - facts.received_at).total_seconds()
    return total - sum((end - start).total_seconds() for start, end in facts.pauses if end)


def unit_flows(facts: DossierFacts) -> Counter[UnitKey]:
    """The dossier's scores, for the unit that received it."""
    day = processed_day(facts)
    if day is None:
        return Counter()
    out: Counter[UnitKey] = Counter(
        {(day, k): n for k, n in _scores(facts, _step_mean(_rated(facts.steps))).items()}
    )
    if facts.received_at is not None:
        out[(day, NET_SECONDS)] += net_seconds(facts)  # type: ignore[assignment]
    if facts.released_result:
        out[(day, E_RESULT)] = 1
    return out


def officer_flows(facts: DossierFacts) -> Counter[OfficerKey]:
    """The dossier's scores for each officer rated on it (once per officer)."""
    day = processed_day(facts)
    if day is None:
        return Counter()
    own: dict[int, list[Timeliness]] = {}
    for step in facts.steps:
        if step.assignee_id is not None and step.timeliness is not None:
            own.setdefault(step.assignee_id, []).append(Timeliness(step.timeliness))
    for officer in facts.receivers:
        own.setdefault(officer, [])
    route = _step_mean(_rated(facts.steps))
    out: Counter[OfficerKey] = Counter()
    for officer, steps in own.items():
        c2 = _step_mean(steps) if steps else route
        for measure, n in _scores(facts, c2).items():
            out[(day, officer, measure)] += n
    return out


def rating_flows(facts: DossierFacts) -> Counter[UnitKey]:
    """The dossier's rating, if any: one rating and its answers by tally."""
    if facts.rating is None or not counting.counted(FactTerms(facts)):
        return Counter()
    day = local_day(facts.rating.rated_at)
    out: Counter[UnitKey] = Counter({(day, RATINGS): 1})
    for score in facts.rating.scores:
        out[(day, satisfaction.band(score))] += 1
    return out
