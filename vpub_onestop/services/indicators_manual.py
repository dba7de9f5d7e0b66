"""Circular 01 indicators our data cannot compute (5, 6, 8), entered by a manager for a unit
and a period ("nhập thủ công"); entering again for the same unit and period edits the row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from vpub_onestop import clock
from vpub_onestop.domain.errors import PermissionDenied, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, ManualIndicator
from vpub_onestop.services.uow import unit_of_work

MANUAL_INDICATORS = ("c5", "c6", "c8")
MANAGERS = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.ADMIN)
NOTE_MAX_LENGTH = 500


def may_enter_for(actor: Actor, unit_id: int) -> bool:
    """Supervisors and administrators for any unit; a unit head for the own unit only."""
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    return actor.role is Role.UNIT_HEAD and actor.agency_id == unit_id


def save_manual_indicator(
    actor: Actor,
    unit_id: int,
    period_start: date,
    period_end: date,
    indicator: str,
    points: int,
    note: str | None = None,
    *,
    now: datetime | None = None,
) -> ManualIndicator:
    if not may_enter_for(actor, unit_id) or actor.user_id is None:
        raise PermissionDenied("Bạn không có quyền nhập chỉ số cho đơn vị này.")
    errors: dict[str, str] = {}
    if indicator not in MANUAL_INDICATORS:
        errors["indicator"] = "Chỉ nhập thủ công các chỉ số 5, 6 và 8."
    if points not in (0, 1, 2):
        errors["points"] = "Điểm là 0, 1 hoặc 2."
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX_LENGTH:
        errors["note"] = f"Ghi chú tối đa {NOTE_MAX_LENGTH} ký tự."
    if period_end < period_start:
        errors["period"] = "Kỳ đánh giá không hợp lệ."
    if errors:
        raise ValidationError("Vui lòng kiểm tra lại chỉ số nhập thủ công.", errors)
    now = now or clock.now()
    with unit_of_work() as session:
        unit = session.get(Agency, unit_id)
        if unit is None or not unit.is_one_stop_unit:
            raise ValidationError("Đơn vị phải là một Bộ phận Một cửa.", {"unit": "Chọn đơn vị."})
        row = session.scalars(
            select(ManualIndicator).where(
                ManualIndicator.unit_id == unit_id,
                ManualIndicator.user_id.is_(None),
                ManualIndicator.period_start == period_start,
                ManualIndicator.period_end == period_end,
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
