"""The complaint record and the Circular 01 indicators it feeds (7 and 8), on a real
session. Every expected figure is worked by hand from the Circular's text (comments)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, local, unit_id
from tests.web.monitor.month_story import MARRIAGE, add_managers, counter, dispatch, work
from vpub_onestop.domain.errors import PermissionDenied, StaleDossier, ValidationError
from vpub_onestop.extensions import db
from vpub_onestop.models import Complaint, Dossier
from vpub_onestop.queries.indicators import Scorecard, unit_scorecards
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.services.complaints import (
    ComplaintInput,
    ComplaintUpdate,
    record_complaint,
    update_complaint,
)

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
END_OF_MARCH = local(2026, 3, 31, 16)
DESK = "reception.px_quynhon"


def _complaint(
    received: date, due: date, dossier_code: str | None = None, now: datetime = END_OF_MARCH
) -> int:
    return record_complaint(
        actor(DESK),
        unit_id("px_quynhon"),
        ComplaintInput(
            received_on=received,
            channel="phone",
            content="Cán bộ hướng dẫn chưa đầy đủ, phải đi lại nhiều lần.",
            handling_due_on=due,
            dossier_code=dossier_code,
            sender_name="Trần Văn An",
        ),
        now=now,
    )


def _settle(complaint_id: int, verified: bool, handled: date | None, now: datetime) -> None:
    version = db.session.get(Complaint, complaint_id).version  # type: ignore[union-attr]
    db.session.rollback()
    update_complaint(
        actor(DESK),
        complaint_id,
        ComplaintUpdate(version=version, verified=verified, handled_on=handled),
        now=now,
    )


def _three_dossiers() -> dict[str, int]:
    """Marriage registration, 5 working days, received Mon 2/3/2026 09:00: due Mon 9/3
    09:00. One approved Fri 6/3 (early), one Mon 9/3 15:00 (the due day: on time), one Tue
    10/3 (late). Each has one step, at the commune centre, due with the dossier."""
    ids = {}
    for name, approved in (
        ("early", local(2026, 3, 6, 10)),
        ("on_time", local(2026, 3, 9, 15)),
        ("late", local(2026, 3, 10, 10)),
    ):
        ids[name] = counter(MARRIAGE, local(2026, 3, 2, 9))
        dispatch(ids[name], local(2026, 3, 2, 9, 30))
        work(ids[name], "px_quynhon", local(2026, 3, 3, 8), approved)
    return ids


def _card() -> Scorecard:
    cards = unit_scorecards(build_scope(unit_id("px_quynhon")), MARCH, date(2026, 4, 15))
    return next(c for c in cards if c.key == unit_id("px_quynhon"))


def _points(card: Scorecard, key: str) -> str:
    return str(card.scores[key].points)


def test_indicator_seven_comes_from_timeliness_and_verified_complaints(app: Flask) -> None:
    with app.app_context():
        ids = _three_dossiers()
        card = _card()
        # Indicator 1: 2 + 1 + 0 = 3 / 3 = 1.0; indicator 2 (one step each, same dates): 1.0.
        assert (_points(card, "c1"), _points(card, "c2")) == ("1.0", "1.0")
        # Indicator 7 without any complaint and without any rating: (2 + 1 + 0) / 3 = 1.0.
        assert _points(card, "c7") == "1.0"
        code = db.session.get(Dossier, ids["early"]).code  # type: ignore[union-attr]
        complaint_id = _complaint(date(2026, 3, 12), date(2026, 3, 26), dossier_code=code)
        # Received but not verified: the early dossier still scores 2.
        assert _points(_card(), "c7") == "1.0"
        _settle(complaint_id, verified=True, handled=None, now=local(2026, 3, 16, 9))
        # Verified: the early dossier scores 0: (0 + 1 + 0) / 3 = 0.333 -> 0.3.
        assert _points(_card(), "c7") == "0.3"


def test_indicator_eight_nine_of_ten_handled_on_time_gives_one(app: Flask) -> None:
    with app.app_context():
        # Ten complaints received Mon 2/3, due Fri 13/3. Nine handled by the due date (one
        # of them ON the due date), one on Mon 16/3: 90 % -> 1 point.
        for n in range(10):
            handled = date(2026, 3, 16) if n == 0 else date(2026, 3, 13 if n == 1 else 10)
            complaint_id = _complaint(date(2026, 3, 2), date(2026, 3, 13))
            _settle(complaint_id, verified=False, handled=handled, now=END_OF_MARCH)
        card = _card()
        assert (_points(card, "c8"), card.scores["c8"].basis) == ("1", 10)


def test_indicator_eight_open_complaints_past_their_date_are_late(app: Flask) -> None:
    with app.app_context():
        # One handled on time; one never handled, due Fri 20/3: late when read on 15/4.
        done = _complaint(date(2026, 3, 2), date(2026, 3, 13))
        _settle(done, verified=False, handled=date(2026, 3, 12), now=END_OF_MARCH)
        _complaint(date(2026, 3, 6), date(2026, 3, 20))
        # 1 on time of 2 judged = 50 %: 0 points.
        assert _points(_card(), "c8") == "0"
        # Read on 13/3, only the first one is judged (the other is not due yet): 100 % -> 2.
        cards = unit_scorecards(build_scope(unit_id("px_quynhon")), MARCH, date(2026, 3, 13))
        card = next(c for c in cards if c.key == unit_id("px_quynhon"))
        assert (_points(card, "c8"), card.scores["c8"].basis) == ("2", 1)


def test_a_complaint_handled_late_in_the_evening_of_its_due_day_is_on_time(
    app: Flask,
) -> None:
    with app.app_context():
        complaint_id = _complaint(date(2026, 3, 2), date(2026, 3, 13))
        # Recorded on the due day itself at 22:30 local (15:30 UTC): the local date decides.
        _settle(
            complaint_id, verified=False, handled=date(2026, 3, 13), now=local(2026, 3, 13, 22, 30)
        )
        stored = db.session.get(Complaint, complaint_id)
        assert stored is not None and stored.handled_on_time is True


def test_verification_keeps_who_and_when(app: Flask) -> None:
    with app.app_context():
        complaint_id = _complaint(date(2026, 3, 2), date(2026, 3, 13))
        _settle(complaint_id, verified=True, handled=None, now=local(2026, 3, 5, 10))
        stored = db.session.get(Complaint, complaint_id)
        assert stored is not None
        assert stored.verified and stored.verified_by_id == actor(DESK).user_id
        assert stored.verified_at == local(2026, 3, 5, 10)
        _settle(complaint_id, verified=False, handled=None, now=local(2026, 3, 6, 10))
        db.session.expire_all()
        stored = db.session.get(Complaint, complaint_id)
        assert stored is not None and stored.verified_at is None and not stored.verified


def test_only_the_units_own_officers_record(app: Flask) -> None:
    with app.app_context():
        add_managers()
        data = ComplaintInput(date(2026, 3, 2), "direct", "Nội dung", date(2026, 3, 13))
        # The head of the centre records too; supervisors only read (web test).
        head = actor("unit_head.px_quynhon")
        assert record_complaint(head, unit_id("px_quynhon"), data, now=END_OF_MARCH)
        for username in ("unit_head.ttpvhcc", "supervisor.ttpvhcc"):
            with pytest.raises(PermissionDenied):
                record_complaint(actor(username), unit_id("px_quynhon"), data, now=END_OF_MARCH)
        for username in ("specialist.px_quynhon", "reception.ttpvhcc", "leader.px_quynhon"):
            with pytest.raises(PermissionDenied):
                record_complaint(actor(username), unit_id("px_quynhon"), data, now=END_OF_MARCH)
        assert len(db.session.scalars(select(Complaint.id)).all()) == 1


def test_wrong_input_is_refused_with_the_reasons(app: Flask) -> None:
    with app.app_context():
        other_unit = counter(MARRIAGE, local(2026, 3, 3, 9), desk="reception.ttpvhcc")
        code = db.session.get(Dossier, other_unit).code  # type: ignore[union-attr]
        data = ComplaintInput(
            received_on=date(2026, 4, 2),  # after "today" (31/3)
            channel="fax",
            content="   ",
            handling_due_on=date(2026, 4, 1),  # before the receipt date
            dossier_code=code,  # received by another unit
        )
        with pytest.raises(ValidationError) as refused:
            record_complaint(actor(DESK), unit_id("px_quynhon"), data, now=END_OF_MARCH)
        assert refused.value.field_errors == {
            "channel": "Chọn kênh tiếp nhận.",
            "content": "Nhập nội dung phản ánh, kiến nghị.",
            "received_on": "Ngày tiếp nhận không được sau hôm nay.",
            "handling_due_on": "Hạn xử lý không được trước ngày tiếp nhận.",
            "dossier_code": "Không có hồ sơ mã này do đơn vị tiếp nhận.",
        }


def test_a_stale_update_is_refused(app: Flask) -> None:
    with app.app_context():
        complaint_id = _complaint(date(2026, 3, 2), date(2026, 3, 13))
        change = ComplaintUpdate(version=1, verified=True, handled_on=None)
        update_complaint(actor(DESK), complaint_id, change, now=END_OF_MARCH)
        with pytest.raises(StaleDossier):
            update_complaint(actor(DESK), complaint_id, change, now=END_OF_MARCH)
