"""The home page's "your day" panel (queries/officer_day.py): each figure in words, and the
link to the list it counts (the desk's and the agency's tabs, the staff lists, the
dashboard's drill-downs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries.officer_day import DayCount, OfficerDay, officer_day
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web.workspace import now_utc

LABELS: dict[str, Any] = {
    "cho-kiem-tra": _l("Hồ sơ trực tuyến chờ kiểm tra"),
    "cho-chuyen": _l("Hồ sơ chờ chuyển xử lý"),
    "rut-ho-so": _l("Yêu cầu rút hồ sơ chờ xác nhận"),
    "cho-tra": _l("Kết quả đã chuyển về, chờ trả cho người dân"),
    "cho-phan-cong": _l("Hồ sơ chờ phân công"),
    "cho-phe-duyet": _l("Dự thảo chờ phê duyệt"),
    "dang-xu-ly": _l("Hồ sơ đang xử lý"),
    "tra-lai": _l("Hồ sơ bị trả lại để làm lại"),
    "hom-nay": _l("Đến hạn hôm nay"),
    "qua-han": _l("Quá hạn"),
}
# The page each figure opens, by role group and key.
_DESK_TABS = {"cho-kiem-tra": "desk.queue", "cho-chuyen": "desk.queue"}


@dataclass(frozen=True)
class DayLink:
    key: str
    label: Any
    count: int
    url: str
    urgent: bool  # overdue work: shown in red when there is any


@dataclass(frozen=True)
class DaySection:
    key: str
    title: Any
    links: list[DayLink]


def _endpoint(role: Role, key: str) -> str:
    if role in (Role.RECEPTION, Role.UNIT_HEAD):
        if key in ("hom-nay", "qua-han"):
            return "lists.unit_dossiers"
        return _DESK_TABS.get(key, "desk.returns")
    if role in (Role.SPECIALIST, Role.LEADER):
        if key in ("hom-nay", "qua-han", "tra-lai"):
            return "lists.agency_dossiers"
        return "work.tasks"
    return "monitor.dossiers"


def _links(role: Role, counts: list[DayCount]) -> list[DayLink]:
    return [
        DayLink(
            c.key,
            LABELS[c.key],
            c.count,
            url_for(_endpoint(role, c.key), **c.args),
            c.key == "qua-han" and c.count > 0,
        )
        for c in counts
    ]


def day_sections(actor: Actor) -> list[DaySection]:
    """The panel's sections for `actor` (none for a citizen)."""
    if actor.role is Role.CITIZEN:
        return []
    day: OfficerDay = officer_day(db.session(), actor, now=now_utc(), cal=load_work_calendar())
    sections = [
        DaySection("cho-toi", _l("Đang chờ tôi xử lý"), _links(actor.role, day.waiting)),
        DaySection("thoi-han", _l("Thời hạn"), _links(actor.role, day.deadlines)),
        DaySection("tra-ve", _l("Được trả về để tôi xử lý"), _links(actor.role, day.returned)),
    ]
    return [section for section in sections if section.links]
