"""Circular 01 indicators our data cannot compute (5 and 6), entered by a manager for a unit
and a period ("nhập thủ công"); entering again for the same unit and period edits the row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain import formatting
from vpub_onestop.domain.errors import (
    N_,
    PermissionDenied,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, ManualIndicator, User
from vpub_onestop.services.uow import unit_of_work

MANUAL_INDICATORS = ("c5", "c6")  # 8 comes from the complaint record
MANAGERS = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.ADMIN)
NOTE_MAX_LENGTH = 500


def may_enter_for(actor: Actor, unit_id: int) -> bool:
    """Supervisors and administrators for any unit; a unit head for the own unit only."""
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    return actor.role is Role.UNIT_HEAD and actor.agency_id == unit_id


def _unit_period(unit_id: int, period_start: date, period_end: date) -> ColumnElement[bool]:
    return and_(
        ManualIndicator.unit_id == unit_id,
        ManualIndicator.user_id.is_(None),
        ManualIndicator.period_start == period_start,
        ManualIndicator.period_end == period_end,
    )


def entries_version(unit_id: int, period_start: date, period_end: date) -> str:
    """The version of a unit's manual entries for a period, as a page shows them (how many,
    and the moment of the last one): the form posts it back, so an entry made by another
    manager after the page was opened is not silently overwritten."""
    count, last = db.session.execute(
        select(func.count(ManualIndicator.id), func.max(ManualIndicator.entered_at)).where(
            _unit_period(unit_id, period_start, period_end)
        )
    ).one()
    return f"{count}@{last.isoformat() if last is not None else '-'}"


def _check_entries_version(
    session: Session, unit_id: int, period_start: date, period_end: date, expected: str | None
) -> None:
    if not expected:
        raise VersionMissing()
    if expected == entries_version(unit_id, period_start, period_end):
        return
    last = session.execute(
        select(ManualIndicator.entered_at, User.full_name)
        .join(User, User.id == ManualIndicator.entered_by_id)
        .where(_unit_period(unit_id, period_start, period_end))
        .order_by(ManualIndicator.entered_at.desc())
        .limit(1)
    ).first()
    if last is None:  # the entries were removed meanwhile
        raise StaleDossier(
            N_(
                "Chỉ số nhập thủ công của đơn vị trong kỳ này đã thay đổi sau khi bạn mở "
                "trang. Vui lòng tải lại trang để xem số liệu mới nhất rồi nhập lại."
            )
        )
    raise StaleDossier(
        N_(
            "Chỉ số nhập thủ công của đơn vị trong kỳ này đã được %(who)s cập nhật lúc "
            "%(at)s, sau khi bạn mở trang. Vui lòng tải lại trang để xem số liệu mới nhất "
            "rồi nhập lại.",
            who=last[1],
            at=formatting.moment(last[0]),
        )
    )


def save_manual_indicator(
    actor: Actor,
    unit_id: int,
    period_start: date,
    period_end: date,
    indicator: str,
    points: int,
    note: str | None = None,
    *,
    expected_version: str | None,
    now: datetime | None = None,
) -> ManualIndicator:
    """Enter (or correct) one indicator; `expected_version` is `entries_version` as the
    page showed it."""
    if not may_enter_for(actor, unit_id) or actor.user_id is None:
        raise PermissionDenied(N_("Bạn không có quyền nhập chỉ số cho đơn vị này."))
    errors: dict[str, str] = {}
    if indicator not in MANUAL_INDICATORS:
        errors["indicator"] = N_("Chỉ nhập thủ công các chỉ số 5 và 6.")
    if points not in (0, 1, 2):
        errors["points"] = N_("Điểm là 0, 1 hoặc 2.")
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX_LENGTH:
        errors["note"] = N_("Ghi chú tối đa %(n)s ký tự.", n=NOTE_MAX_LENGTH)
    if period_end < period_start:
        errors["period"] = N_("Kỳ đánh giá không hợp lệ.")
    if errors:
        raise ValidationError(N_("Vui lòng kiểm tra lại chỉ số nhập thủ công."), errors)
    now = now or clock.now()
    with unit_of_work() as session:
        unit = session.get(Agency, unit_id)
        if unit is None or not unit.is_one_stop_unit:
            raise ValidationError(
                N_("Đơn vị phải là một Bộ phận Một cửa."), {"unit": N_("Chọn đơn vị.")}
            )
        _check_entries_version(session, unit_id, period_start, period_end, expected_version)
        row = session.scalars(
            select(ManualIndicator).where(
                _unit_period(unit_id, period_start, period_end),
                ManualIndicator.indicator == indicator,
            )
        ).first()
        if row is None:
            row = ManualIndicator(
                unit_id=unit_id,
                user_id=None,
                period_start=period_start,
                period_end=period_end,
                indicator=indicator,
            )
            session.add(row)
        row.points = points
        row.note = note
        row.entered_by_id = actor.user_id
        row.entered_at = now
        session.flush()
        return row
