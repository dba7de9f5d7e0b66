"""An administrator's decision on a policy: from a day, a new value
(docs/policies.md#effective-dates). One transaction: the decision row, its audit, and a
new calendar revision so every process rebuilds its calendar with the policies in force.

A decision takes effect from tomorrow at the earliest: today's deadlines, windows and
appointments were computed under today's values, and a day keeps the value in force on it.
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from vpub_onestop.access.policies import decisions, local_today, policy_version
from vpub_onestop.domain.errors import N_, NotFound, StaleDossier, ValidationError, VersionMissing
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.policies import (
    BY_KEY,
    conflict_of_decision,
    parse_value,
    value_in_force,
)
from vpub_onestop.models import CalendarRevision, PolicySetting
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.calendar_admin import mark_calendar_changed
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.uow import unit_of_work

NOTE_MAX = 1000


def schedule_policy(
    actor: Actor,
    key: str,
    raw_value: str,
    effective_from: date | None,
    note: str,
    version: int | None,
) -> int:
    """Record that `key` takes `raw_value` from `effective_from`; returns the decision's
    id. `version` is the policy page's (access.policies.policy_version) when it was shown."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise NotFound(N_("Không có cấu hình này."))
    if version is None:
        raise VersionMissing()
    value, problem = parse_value(spec, raw_value)
    errors = {"value": problem} if problem is not None else {}
    today = local_today()
    if effective_from is None:
        errors["effective_from"] = N_("Nhập ngày áp dụng.")
    elif effective_from <= today:
        errors["effective_from"] = N_(
            "Ngày áp dụng phải sau hôm nay: các thời hạn đã tính theo giá trị đang áp dụng."
        )
    if not note.strip():
        errors["note"] = N_("Ghi căn cứ hoặc lý do thay đổi.")
    elif len(note) > NOTE_MAX:
        errors["note"] = N_("Tối đa %(n)s ký tự.", n=NOTE_MAX)
    if errors:
        raise ValidationError(N_("Chưa lưu được cấu hình."), errors)
    assert effective_from is not None
    with unit_of_work() as session:
        # One decision at a time: the calendar's revision row is the lock, and the page
        # must have shown the latest decision of this policy.
        session.get(CalendarRevision, CalendarRevision.ROW, with_for_update=True)
        if policy_version(key) != version:
            raise StaleDossier(
                N_(
                    "Cấu hình này vừa được quản trị viên khác thay đổi. Vui lòng tải lại "
                    "trang để xem giá trị mới nhất rồi thực hiện lại."
                )
            )
        # Under the lock: two administrators deciding two related policies at once cannot
        # together break a rule between them (docs/policies.md#consistency).
        scheduled = decisions()
        conflict = conflict_of_decision(scheduled, current_app.config, key, value, effective_from)
        if conflict is not None:
            raise ValidationError(N_("Chưa lưu được cấu hình."), {"value": conflict.message})
        default = current_app.config[spec.config_key]
        before = value_in_force(scheduled, key, effective_from, default)
        row = PolicySetting(
            key=key,
            effective_from=effective_from,
            value=value,
            note=note.strip(),
            recorded_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        record_admin_change(
            session,
            actor,
            "setting",
            key,
            "schedule",
            before={"value": before, "effective_from": effective_from},
            after={"value": value, "effective_from": effective_from},
            reason=note.strip(),
        )
        mark_calendar_changed(session)
        decision_id = row.id
    load_work_calendar()  # this process rebuilds now; the others at their next read
    return decision_id
