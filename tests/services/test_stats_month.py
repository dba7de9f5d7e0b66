"""The statistics of docs/domain.md#statistics reproduce a month counted by hand.

The story (tests/web/monitor/month_story.py) is played through the services; every
expected figure below was worked out from that story on paper, not by the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from tests.services.support import fresh, unit_id
from tests.web.monitor.month_story import build_march
from vpub_onestop.queries.stats import REPORT_KINDS
from vpub_onestop.queries.stats_lists import dossier_list
from vpub_onestop.queries.stats_report import build_report
from vpub_onestop.queries.stats_scope import Period, Window, build_scope
from vpub_onestop.services.clock import load_work_calendar

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28))
LATER = datetime(2026, 6, 1, tzinfo=UTC)  # the reports are read well after the month


def test_the_march_report_of_the_commune_centre_matches_the_hand_count(app: Flask) -> None:
    with app.app_context():
        build_march()
        total = build_report(build_scope(unit_id("px_quynhon")), MARCH, LATER).total
        # F1, F2, F5 were received in February and still open on 1/3; F3 closed on 27/2 and
        # F4, although submitted online in February, was only accepted on 2/3.
        assert total.carried_over == 3
        # Counter: M1, M4, M5, M7, M8, M9 (M10 was voided: it counts nowhere).
        assert total.received_direct == 6
        # Online: F4 (accepted 2/3) and M3; M6 was refused and never accepted.
        assert total.received_online == 2
        assert total.received_post == 1  # M2
        assert total.received == 9
        assert total.to_process == 12
        # Early: F1 (3/3 < 4/3), M2 (4/3 < 10/3), M9 (12/3 < 13/3 after two supplements) and
        # M4: approved 23/3, after its original due date 16/3, but the supplement interval
        # (10/3 to 17/3) is excluded: the due date restarted to 24/3, so it is early.
        assert total.early == 4
        assert total.on_time == 1  # M1: due 9/3 09:00, approved 9/3 15:00, the same day
        # Late: F2 (due 5/3, approved 9/3) and M3 (due 10/3, social insurance finished 11/3).
        assert total.late == 2
        assert total.processed == 7
        assert total.stopped == 1  # M7, withdrawn
        assert total.refused == 1  # M6, not among the received
        # On 31/3 at midnight: F4 (due 11/3) and F5 (due 10/3) are overdue; M5's due date
        # (23/3) has passed too, but the applicant still owes documents: in supplementation,
        # not overdue; M8 (due 6/4) is within time.
        assert total.pending_overdue == 2
        assert total.in_supplement == 1
        assert total.pending_within == 1
        assert total.processed + total.stopped + total.pending == total.to_process
        # 100 % − (2 late + 2 overdue) / 12 = 66.666… → 66.7 %
        assert str(total.on_time_ratio) == "66.7"
        # Decision 766: M9 needed two supplement requests, so it counts as late:
        # (4 early + 1 on time − 1) / 7 processed = 57.14… → 57.1 %
        assert str(total.d766_on_time_share) == "57.1"


def test_each_agency_is_rated_against_its_own_step(app: Flask) -> None:
    with app.app_context():
        build_march()
        report = build_report(build_scope(unit_id("px_quynhon")), MARCH, LATER)
        steps = {line.filters["co_quan"]: line.counts for line in report.steps}
        centre = steps[str(unit_id("px_quynhon"))]
        police = steps[str(unit_id("congan"))]
        insurance = steps[str(unit_id("bhxh"))]
        # The centre's own steps: early F1, M2, M3 (its 1-day share), M4, M9; on time M1;
        # late F2. Open at the end: M8 within time, M5 waiting for the applicant.
        assert (centre.early, centre.on_time, centre.late) == (5, 1, 1)
        assert (centre.pending_within, centre.pending_overdue, centre.in_supplement) == (1, 0, 1)
        # M3 counts once for the centre above, but the police finished its share early
        # while social insurance was late; F4 and F5 are overdue at the police.
        assert (police.early, police.late, police.pending_overdue) == (1, 0, 2)
        assert (insurance.early, insurance.late) == (0, 1)
        # The province's table holds the same steps: P1, at the provincial centre, was never
        # dispatched, so it has no step at any agency yet.
        province = build_report(build_scope(None), MARCH, LATER)
        assert {line.label: line.counts for line in province.steps} == {
            line.label: line.counts for line in report.steps
        }


def test_the_province_report_adds_the_other_centre_once(app: Flask) -> None:
    with app.app_context():
        build_march()
        report = build_report(build_scope(None), MARCH, LATER)
        # P1, received at the provincial centre on 3/3 and never dispatched, is one more
        # counter receipt and one more overdue dossier: 100 % − (2 + 3) / 13 = 61.5 %.
        assert report.total.received_direct == 7
        assert report.total.pending_overdue == 3
        assert str(report.total.on_time_ratio) == "61.5"
        units = {line.filters["don_vi"]: line.counts for line in report.by_unit}
        assert units[str(unit_id("ttpvhcc"))].received == 1
        assert units[str(unit_id("px_quynhon"))].received == 9
        fields = {line.label: line.counts.received for line in report.by_field}
        # M3 (the birth registration bundle) and the marriage registrations are "Hộ tịch"; F4 is
        # "Đăng ký, quản lý cư trú".
        assert fields == {"Hộ tịch": 9, "Đăng ký, quản lý cư trú": 1}


def test_february_ends_with_what_march_carries_over(app: Flask) -> None:
    with app.app_context():
        build_march()
        total = build_report(build_scope(unit_id("px_quynhon")), FEBRUARY, LATER).total
        # F1, F2, F3, F5 received at the counter; F3 done early on 27/2; F1, F2, F5 still
        # within time at midnight on 28/2 (their due dates are 4/3, 5/3 and 10/3).
        assert (total.received_direct, total.received_online) == (4, 0)
        assert (total.early, total.processed) == (1, 1)
        assert (total.pending_within, total.pending_overdue) == (3, 0)
        assert str(total.on_time_ratio) == "100.0"


def test_the_monthly_series_counts_each_month_apart(app: Flask) -> None:
    with app.app_context():
        build_march()
        months = build_report(build_scope(unit_id("px_quynhon")), MARCH, LATER).months
        # At least six months are drawn, ending with the report's month.
        assert [m for m, _, _ in months][-2:] == [date(2026, 2, 1), date(2026, 3, 1)]
        assert len(months) == 6
        assert months[-2][1:] == (4, 1)  # February: 4 received, F3 processed
        assert months[-1][1:] == (9, 7)


def test_every_figure_drills_down_to_the_dossiers_it_counts(app: Flask) -> None:
    with app.app_context():
        ids = build_march()
        scope = build_scope(unit_id("px_quynhon"))
        total = build_report(scope, MARCH, LATER).total
        window = Window(now=LATER, period=MARCH)
        for kind in REPORT_KINDS:
            listing = dossier_list(scope, kind, window, kind, load_work_calendar(), page=None)
            assert listing.total == getattr(total, kind), kind
            assert len(listing.table.rows) == listing.total
        overdue = dossier_list(
            scope, "pending_overdue", window, "", load_work_calendar(), page=None
        ).table.rows
        assert {row.values["code"] for row in overdue} == {
            fresh(ids["F4"]).code,
            fresh(ids["F5"]).code,
        }
