"""The indicators' stored facts (docs/indicators.md#stored-facts) always say what the raw
rows say: the dossiers received with a component file (Decision 766 group 4) and the
applicants' ratings (group 5), after online submissions, counter receipts without scans, a
supplement that brings the first file, a draft's file removed, ratings given on the
citizen's page weeks after the result, and voids of a rated and of a digitised dossier —
for days, weeks, months and a year, for the province, one unit, one procedure and one
channel. And `flask summary rebuild` recomputes exactly what was kept. Runs on SQLite and,
with TEST_POSTGRES_URL, on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import delete, select, update

from tests.services.support import (
    actor,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    receipt_code_of,
    unit_id,
)
from tests.services.test_d766_online import PDF, _online_processed
from tests.services.test_indicator_summary_agrees import summary_rows
from tests.services.test_summary_agrees import _more_acts, _periods, _scopes, _void
from tests.web.monitor.month_story import DESK, MARRIAGE, asked_to_supplement, build_march
from vpub_onestop.domain.satisfaction import CRITERIA
from vpub_onestop.extensions import db
from vpub_onestop.models import DailyDossierSummary, DailyRatingSummary, Dossier, DossierFile
from vpub_onestop.queries import indicators_summary as summary
from vpub_onestop.queries.indicators_d766 import recount_digitised
from vpub_onestop.queries.indicators_report import build_indicators
from vpub_onestop.queries.satisfaction import Tally, build_satisfaction
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.services import closing, portal, supplements
from vpub_onestop.services.summary_rebuild import rebuild_summary, refresh_component_files

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))
DIGITISED = "Tỷ lệ hồ sơ có thành phần được số hóa"
SATISFIED = "Tỷ lệ đánh giá hài lòng, rất hài lòng"


def _assert_agrees() -> None:
    for scope in _scopes():
        for period in _periods():
            where = f"{scope.unit_ids[:1]} {scope.procedure_ids} {scope.channel} {period}"
            assert summary.digitised(scope, period) == recount_digitised(scope, period), where
            kept = Tally(*summary.rating_tally(scope, period))
            assert kept == build_satisfaction(scope, period).total, where
            db.session.rollback()
    # The stored "has a component file" always says what the files say.
    assert refresh_component_files(db.session) == 0
    db.session.rollback()


def _returned_and_rated(scores: dict[str, int], returned: Any, rated: Any) -> int:
    """An online dossier processed 5/3 (electronic result), returned at the counter, then
    rated by its owner on the citizen's page."""
    dossier_id = _online_processed(with_result=True)
    closing.return_result(
        actor(DESK),
        dossier_id,
        "counter",
        receipt_code=receipt_code_of(dossier_id),
        now=returned,
        expected_version=dossier_version(dossier_id),
    )
    portal.rate(actor("citizen1"), dossier_id, scores, now=rated)
    return dossier_id


def _supplied_with_a_scan() -> int:
    """Received at the counter on Mon 6/4 without a scan; the supplement brought on Thu 9/4
    comes with the first scanned document."""
    dossier_id = asked_to_supplement(local(2026, 4, 6, 9), local(2026, 4, 7, 9))
    supplements.supply_supplement(
        actor(DESK),
        dossier_id,
        scans=[("ban-sao-giay-khai-sinh.pdf", PDF)],
        now=local(2026, 4, 9, 9),
        expected_version=dossier_version(dossier_id),
    )
    return dossier_id


def _figures(period: Period) -> dict[str, Decimal | None]:
    report = build_indicators(build_scope(unit_id("px_quynhon")), period, local(2026, 6, 1))
    return {str(f.label): f.value for f in report.figures}


def test_the_stored_facts_equal_the_recount_and_the_page_shows_them(app: Flask) -> None:
    with app.test_request_context():  # the figures' labels are translated strings
        ids = build_march()
        very = dict.fromkeys((key for key, _ in CRITERIA), 3)
        # Returned 6/3, rated 7/3: every answer "very satisfied".
        rated_march = _returned_and_rated(very, local(2026, 3, 6, 9), local(2026, 3, 7, 20))
        _assert_agrees()
        # March at px_quynhon, by hand from the story (tests/web/monitor/month_story.py):
        # received F4, M1, M9, M2, M3, M4, M7, M5, M8 and the online dossier just rated
        # (received 2/3) — M10 is voided, M6 refused; the counter files were received
        # without scans, so only the online ones have a component file: F4, M3 and the
        # rated one, 3 of 10 = 30 %. Seven answers, all "very satisfied": 100 %.
        march = _figures(MARCH)
        assert march[DIGITISED] == Decimal("30.0")
        assert march[SATISFIED] == Decimal("100.0")

        _more_acts()
        scanned = _supplied_with_a_scan()
        # A draft whose only file is removed again holds no component file.
        draft = draft_with_documents(
            actor("citizen1"), procedure_id(MARRIAGE), unit_id("px_quynhon"), now=local(2026, 4, 9)
        )
        for file_id in db.session.scalars(
            select(DossierFile.id).where(DossierFile.dossier_id == draft)
        ):
            portal.remove_draft_file(
                actor("citizen1"), draft, file_id, expected_version=dossier_version(draft)
            )
        assert fresh(draft).has_component_file is False
        # Rated in April, weeks after its March result: counts in April, not in March.
        # Another online dossier received 2/3: March is now 4 with a file of 11 = 36.4 %.
        unsatisfied = dict.fromkeys((key for key, _ in CRITERIA), 1) | {"time": 2}
        _returned_and_rated(unsatisfied, local(2026, 3, 9, 9), local(2026, 4, 20, 9))
        _assert_agrees()
        assert _figures(MARCH)[DIGITISED] == Decimal("36.4")
        # April at px_quynhon: received the two dossiers of _more_acts (counter, no scan)
        # and the one supplied with a scan (counted on its day of receipt, 6/4): 1 of 3 =
        # 33.3 %. Seven answers, one "satisfied": 1 / 7 = 14.3 %.
        april = _figures(APRIL)
        assert april[DIGITISED] == Decimal("33.3")
        assert april[SATISFIED] == Decimal("14.3")

        # Voids take the facts out of every period: the rated March dossier and the one
        # digitised in April.
        _void(rated_march, local(2026, 4, 21, 9))
        _void(scanned, local(2026, 4, 21, 10))
        _void(ids["F4"], local(2026, 4, 21, 11))
        _assert_agrees()
        # March: 9 received left, 2 with a file (M3 and the dossier rated in April) =
        # 22.2 %; no answer left in March. April: 0 of 2.
        march, april = _figures(MARCH), _figures(APRIL)
        assert march[DIGITISED] == Decimal("22.2")
        assert march[SATISFIED] is None
        assert april[DIGITISED] == Decimal("0.0")


def test_a_rebuild_recomputes_the_kept_facts_and_repairs_a_wrong_flag(app: Flask) -> None:
    with app.test_request_context():
        build_march()
        _returned_and_rated(
            dict.fromkeys((key for key, _ in CRITERIA), 2), local(2026, 3, 6, 9), local(2026, 3, 8)
        )
        _supplied_with_a_scan()
        kept = summary_rows(DailyDossierSummary, DailyRatingSummary)
        assert kept["daily_rating_summary"]
        # A row written around services.files (an import, a hand edit): the rebuild sets the
        # flag from the files again and counts from it.
        db.session.execute(update(Dossier).values(has_component_file=False))
        for model in (DailyDossierSummary, DailyRatingSummary):
            db.session.execute(delete(model))
        db.session.commit()
        rebuild_summary()
        assert summary_rows(DailyDossierSummary, DailyRatingSummary) == kept
