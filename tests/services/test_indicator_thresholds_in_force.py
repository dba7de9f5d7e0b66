"""A report is graded with the indicator thresholds in force on its period's last day
(docs/policies.md#effective-dates): raising a threshold from next month leaves this month's
grading alone, and a report of a period after the change uses the new figure."""

from __future__ import annotations

from datetime import date

from flask import Flask

from tests.conftest import Clock
from tests.services.support import actor, local, unit_id
from vpub_onestop.access.policies import policy_version
from vpub_onestop.extensions import db
from vpub_onestop.models import Complaint
from vpub_onestop.queries.indicators import unit_scorecards
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.services.complaints import (
    ComplaintInput,
    ComplaintUpdate,
    record_complaint,
    update_complaint,
)
from vpub_onestop.services.policy_settings import schedule_policy

DESK = "reception.px_quynhon"
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))


def _ten_complaints(received: date, due: date, late_on: date) -> None:
    """Ten complaints due on `due`: nine handled that day, one on `late_on` (90 % on time)."""
    for n in range(10):
        now = local(received.year, received.month, received.day, 9)
        complaint_id = record_complaint(
            actor(DESK),
            unit_id("px_quynhon"),
            ComplaintInput(
                received_on=received,
                channel="phone",
                content="Cán bộ hướng dẫn chưa đầy đủ, phải đi lại nhiều lần.",
                handling_due_on=due,
                sender_name="Trần Văn An",
            ),
            now=now,
        )
        version = db.session.get(Complaint, complaint_id).version  # type: ignore[union-attr]
        db.session.rollback()
        handled = late_on if n == 0 else due
        update_complaint(
            actor(DESK),
            complaint_id,
            ComplaintUpdate(version=version, verified=False, handled_on=handled),
            now=local(late_on.year, late_on.month, late_on.day, 16),
        )


def _c8(period: Period, today: date) -> str:
    cards = unit_scorecards(build_scope(unit_id("px_quynhon")), period, today)
    card = next(c for c in cards if c.key == unit_id("px_quynhon"))
    return str(card.scores["c8"].points)


def test_a_threshold_raised_next_month_leaves_this_months_grading(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        # March: ten complaints due Fri 13/3, nine handled that day, one on Mon 16/3:
        # 9 / 10 = 90 % on time. Thông tư 01/2018 defaults (config): 100 % for 2 points,
        # 90 % for 1 point, so March earns 1 point.
        frozen_clock.set(local(2026, 3, 2, 8))
        _ten_complaints(date(2026, 3, 2), date(2026, 3, 13), date(2026, 3, 16))
        assert _c8(MARCH, date(2026, 3, 31)) == "1"

        # On 20/3 the province raises the "1 point" threshold to 95 % from 1/4/2026.
        frozen_clock.set(local(2026, 3, 20, 9))
        schedule_policy(
            actor("admin.ttpvhcc"),
            "indicator8_one_percent",
            "95",
            date(2026, 4, 1),
            "Quyết định của UBND tỉnh nâng chuẩn chỉ số 8",
            policy_version("indicator8_one_percent"),
        )

        # April: the same 90 % (due Fri 10/4, one handled Mon 13/4) is below 95 %: 0.
        frozen_clock.set(local(2026, 4, 1, 8))
        _ten_complaints(date(2026, 4, 1), date(2026, 4, 10), date(2026, 4, 13))

        # Read on 15/5, after the change took effect: March was graded under 90 % and
        # keeps its 1 point; April is graded under 95 % and gets 0.
        frozen_clock.set(local(2026, 5, 15, 9))
        assert _c8(MARCH, date(2026, 5, 15)) == "1"
        assert _c8(APRIL, date(2026, 5, 15)) == "0"
