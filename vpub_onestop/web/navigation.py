"""The navigation bar per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from flask_babel.speaklater import LazyString
from flask_login import current_user

from vpub_onestop.domain.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: Any
    endpoint: str


# A menu entry names a page: where the same words label a field elsewhere ("Thủ tục":
# procedure / procedures), the menu's English comes from the context "menu".
CATALOGUE = NavItem(LazyString(lambda: pgettext("menu", "Thủ tục")), "public.catalogue")
LOOKUP = NavItem(_l("Tra cứu"), "public.lookup")
# One entry for the monitoring area: its pages (deadlines, report, indicators,
# satisfaction) have their own tabs, and the bar must fit a 1280-px screen.
MONITORING = (NavItem(_l("Theo dõi, báo cáo"), "monitor.dashboard"),)
REGISTER = NavItem(_l("Sổ theo dõi"), "slips.register_form")
COMPLAINTS = NavItem(_l("Phản ánh, kiến nghị"), "complaints.index")
# Every dossier of the unit / of the agency's open steps, filtered (web/staff_lists.py).
# Reception's bar is full at 1280 px: its desk pages and home page link the unit's list.
UNIT_LIST = NavItem(_l("Hồ sơ đơn vị"), "lists.unit_dossiers")
AGENCY_LIST = NavItem(_l("Hồ sơ của cơ quan"), "lists.agency_dossiers")
ANONYMOUS = (CATALOGUE, LOOKUP, NavItem(_l("Đăng ký"), "account.register"))
BY_ROLE: dict[Role, tuple[NavItem, ...]] = {
    Role.CITIZEN: (
        CATALOGUE,
        NavItem(_l("Hồ sơ của tôi"), "citizen.my_dossiers"),
        LOOKUP,
        NavItem(_l("Tài khoản"), "account.profile"),
    ),
    # Staff find any dossier of theirs with the search box beside the entries (web/search.py),
    # code included: the public lookup, which needs the applicant's key, is not theirs.
    Role.RECEPTION: (
        NavItem(_l("Chờ tiếp nhận"), "desk.queue"),
        NavItem(_l("Tiếp nhận tại quầy"), "desk.counter"),
        NavItem(LazyString(lambda: pgettext("menu", "Trả kết quả")), "desk.returns"),
        REGISTER,
        COMPLAINTS,
    ),
    Role.SPECIALIST: (NavItem(_l("Công việc"), "work.tasks"), AGENCY_LIST),
    Role.LEADER: (NavItem(_l("Công việc"), "work.tasks"), AGENCY_LIST),
    Role.UNIT_HEAD: (
        *MONITORING,
        NavItem(_l("Chờ tiếp nhận"), "desk.queue"),
        UNIT_LIST,
        REGISTER,
    ),
    # Managers open the complaint register from the monitoring area's tabs.
    Role.SUPERVISOR: (*MONITORING, REGISTER),
    Role.ADMIN: (*MONITORING, REGISTER, NavItem(_l("Quản trị"), "admin.home")),
}


def nav_items() -> list[tuple[Any, str, bool]]:
    """(label, url, is_current) of the signed-in role's entries (or the visitor's)."""
    signed_in = current_user.is_authenticated
    items = BY_ROLE.get(Role(current_user.role), ()) if signed_in else ANONYMOUS
    return [
        (item.label, url_for(item.endpoint), request.endpoint == item.endpoint) for item in items
    ]


def register(app: Any) -> None:
    from vpub_onestop.web.search import staff_search_shown

    app.context_processor(
        lambda: {"nav_items": nav_items, "staff_search_shown": staff_search_shown}
    )
