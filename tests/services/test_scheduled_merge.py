"""A merger confirmed before its effective day waits for it (docs/domain.md#scheduled-merge):
nothing moves until the daily schedule (the sweep) reaches that day, then everything moves
in one transaction exactly as an immediate merger; a cancel stops it; a change made
meanwhile that stands against it makes the run refuse it whole, saying why."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Clock
from tests.services.support import actor, local, unit_id
from vpub_onestop.domain.errors import StaleDossier, ValidationError
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, ScheduledMerge, User
from vpub_onestop.models.admin_audit import AdminChange
from vpub_onestop.services.agency_merge_confirm import MergeRequest, merge_agencies
from vpub_onestop.services.agency_merge_schedule import cancel_scheduled_merge
from vpub_onestop.services.sweep import run_sweep

# Monday 16/3/2026: the merger's first day; the centre's last day is Sunday 15/3.
EFFECTIVE = date(2026, 3, 16)


def _versions(*keys: str) -> dict[int, int]:
    db.session.expire_all()
    rows = db.session.scalars(select(Agency).where(Agency.key.in_(keys)))
    return {row.id: row.version for row in rows}


def _merge(source: str, into: str, effective: date = EFFECTIVE) -> int:
    return merge_agencies(
        actor("admin.ttpvhcc"),
        MergeRequest(
            sources=[unit_id(source)],
            versions=_versions(source, into),
            effective=effective,
            reason="Nghị quyết 1664/NQ-UBTVQH15",
            target_id=unit_id(into),
        ),
    )


def _agency_of(username: str) -> int | None:
    db.session.expire_all()
    return db.session.scalar(select(User.agency_id).where(User.username == username))


def _schedule() -> ScheduledMerge:
    db.session.expire_all()
    return db.session.scalars(select(ScheduledMerge)).one()


def _actions(key: str) -> list[str]:
    return list(
        db.session.scalars(
            select(AdminChange.action)
            .where(AdminChange.object_type == "agency", AdminChange.object_id == str(unit_id(key)))
            .order_by(AdminChange.id)
        )
    )


def test_nothing_moves_before_the_day_and_everything_on_it(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 3, 2, 9))
        old, survivor = unit_id("px_quynhon"), unit_id("px_quynhonnam")
        assert _merge("px_quynhon", "px_quynhonnam") == survivor
        assert _schedule().status == "scheduled"
        assert _actions("px_quynhon") == ["merge_scheduled"]
        # The evening before: the daily run leaves it waiting.
        frozen_clock.set(local(2026, 3, 15, 23, 30))
        run_sweep()
        centre = db.session.get(Agency, old)
        assert (centre.valid_to, centre.merged_into_id) == (None, None)
        assert _agency_of("reception.px_quynhon") == old
        # Its day: the first run moves the desk's officers and links the successor.
        frozen_clock.set(local(2026, 3, 16, 0, 30))
        run_sweep()
        centre = db.session.get(Agency, old)
        assert (centre.valid_to, centre.merged_into_id) == (date(2026, 3, 15), survivor)
        assert centre.merged_on == EFFECTIVE
        assert _agency_of("reception.px_quynhon") == survivor
        assert _agency_of("leader.px_quynhon") == survivor
        assert _schedule().status == "done"
        assert _actions("px_quynhon") == ["merge_scheduled", "merge"]
        # A second run the same day finds nothing left to do.
        run_sweep()
        assert _actions("px_quynhon") == ["merge_scheduled", "merge"]


def test_a_cancelled_merger_never_moves_anything(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 3, 2, 9))
        _merge("px_quynhon", "px_quynhonnam")
        shown = _schedule().version
        admin = actor("admin.ttpvhcc")
        with pytest.raises(ValidationError):
            cancel_scheduled_merge(admin, _schedule().id, shown, "  ")  # a reason is needed
        cancel_scheduled_merge(admin, _schedule().id, shown, "Quyết định hủy bỏ số 9")
        # A second administrator's page, opened before the cancel, is told to reload.
        with pytest.raises(StaleDossier):
            cancel_scheduled_merge(admin, _schedule().id, shown, "Hủy lần nữa")
        frozen_clock.set(local(2026, 3, 16, 8))
        run_sweep()
        assert _schedule().status == "cancelled"
        assert _agency_of("reception.px_quynhon") == unit_id("px_quynhon")
        assert db.session.get(Agency, unit_id("px_quynhon")).merged_into_id is None
        assert _actions("px_quynhon") == ["merge_scheduled", "merge_cancelled"]


def test_an_agency_waiting_for_a_merger_cannot_be_merged_elsewhere(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 3, 2, 9))
        _merge("px_quynhon", "px_quynhonnam")
        with pytest.raises(ValidationError) as refused:
            _merge("px_quynhon", "ttpvhcc", effective=date(2026, 3, 2))
        assert "đã có lịch sáp nhập từ ngày 16/03/2026" in refused.value.field_errors["sources"]
        assert _agency_of("reception.px_quynhon") == unit_id("px_quynhon")


def test_a_successor_merged_elsewhere_meanwhile_makes_the_run_refuse_it_whole(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        frozen_clock.set(local(2026, 3, 2, 9))
        _merge("px_quynhon", "px_quynhonnam")
        # Before the day, the successor itself is merged into the province centre, at once.
        _merge("px_quynhonnam", "ttpvhcc", effective=date(2026, 3, 2))
        frozen_clock.set(local(2026, 3, 16, 8))
        run_sweep()
        row = _schedule()
        assert row.status == "refused"
        assert row.refusal == [
            {
                "message": "Cơ quan tiếp nhận «%(name)s» đã được sáp nhập vào cơ quan khác.",
                "params": {"name": "Trung tâm Phục vụ hành chính công phường Quy Nhơn Nam"},
            }
        ]
        # Nothing half-done: the centre is open, its officers and its link untouched.
        centre = db.session.get(Agency, unit_id("px_quynhon"))
        assert (centre.valid_to, centre.merged_into_id) == (None, None)
        assert _agency_of("reception.px_quynhon") == unit_id("px_quynhon")
        assert _actions("px_quynhon") == ["merge_scheduled", "merge_refused"]
