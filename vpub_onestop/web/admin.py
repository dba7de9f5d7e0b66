"""The administration area (/quan-tri): its home page, its navigation and the admin audit
list (docs/architecture.md#admin-audit). Administrators only: a visitor is sent to the
sign-in page, any other role gets 403.

Each section lives in its own blueprint module (web/admin_<part>.py) under the same URL
prefix; a section appears in the navigation once its page exists (its URL is in the
application's URL map), so a link never leads nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from vpub_onestop.domain import formatting
from vpub_onestop.domain.admin_audit import ACTIONS, FIELD_LABELS, OBJECT_TYPES
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.admin_audit import AuditFilters, audit_actors, audit_page, object_history
from vpub_onestop.queries.agency_merge import scheduled_merges
from vpub_onestop.web.admin_forms import AuditFilterForm
from vpub_onestop.web.errors import translated
from vpub_onestop.web.labels import label
from vpub_onestop.web.request_input import arg_text
from vpub_onestop.web.workspace import page_edge, page_number, page_size, page_url, roles_required

PREFIX = "/quan-tri"
bp = Blueprint("admin", __name__, url_prefix=PREFIX)


@dataclass(frozen=True)
class Section:
    label: Any
    path: str  # under PREFIX; shown only while a GET route answers it
    description: Any


SECTIONS = (
    Section(
        _l("Cơ quan"),
        "/co-quan",
        _l("Cây cơ quan, mã định danh, giờ làm việc; hợp nhất và đổi tên cơ quan."),
    ),
    Section(
        _l("Tài khoản"),
        "/tai-khoan",
        _l("Tạo, sửa, khóa tài khoản; đặt lại mật khẩu; nhập hàng loạt từ tệp CSV."),
    ),
    Section(
        _l("Thủ tục"),
        "/thu-tuc",
        _l("Danh mục thủ tục, thành phần hồ sơ, phí, quy trình; mỗi lần công bố là một phiên bản."),
    ),
    Section(
        _l("Lịch làm việc"),
        "/lich",
        _l("Ngày nghỉ, ngày làm bù và xác nhận lịch của năm."),
    ),
    Section(
        _l("Cấu hình"),
        "/cau-hinh",
        _l(
            "Các lựa chọn theo quy định (giờ làm việc, thời hạn bổ sung, ngưỡng chỉ số), "
            "có hiệu lực từ một ngày."
        ),
    ),
    Section(
        _l("Kết nối API"),
        "/api",
        _l("Mã truy cập API của các hệ thống khác: cấp mới, thu hồi."),
    ),
    Section(
        _l("Webhook"),
        "/webhook",
        _l("Đẩy trạng thái hồ sơ sang hệ thống khác: đăng ký, tạm dừng, nhật ký gửi."),
    ),
    Section(
        _l("Nhật ký quản trị"),
        "/nhat-ky",
        _l("Mọi thay đổi của quản trị viên: ai, khi nào, trước và sau."),
    ),
)


def _get_paths() -> frozenset[str]:
    """The paths with a GET route, read once per application (routes are fixed by then)."""
    paths = current_app.extensions.get("vpub_admin_paths")
    if paths is None:
        paths = frozenset(
            rule.rule.rstrip("/") or "/"
            for rule in current_app.url_map.iter_rules()
            if "GET" in (rule.methods or ())
        )
        current_app.extensions["vpub_admin_paths"] = paths
    return paths


def available_sections() -> list[tuple[Any, str, Any, bool]]:
    """(label, url, description, is_current) of each section whose page exists."""
    existing = _get_paths()
    here = request.path.rstrip("/")
    shown = []
    for section in SECTIONS:
        path = PREFIX + section.path
        if path in existing:
            current = here == path or here.startswith(path + "/")
            shown.append((section.label, path, section.description, current))
    return shown


def history_of(object_type: str, object_id: object) -> list[Any]:
    """An object's latest changes, for the `admin_history` macro (admin/_history.html)."""
    return object_history(object_type, object_id)


def audit_label(table: str, key: str | None) -> str:
    """The page-language label of an object type, action or field (unknown: the key)."""
    names = {"object": OBJECT_TYPES, "action": ACTIONS, "field": FIELD_LABELS}[table]
    if key is None:
        return ""
    known = names.get(key)
    return str(label(known)) if known is not None else key


def role_label(value: str) -> str:
    """A role's name in the page's language (a stored value no role has: itself)."""
    role = next((role for role in Role if role.value == value), None)
    return str(label(role.label_vi)) if role is not None else value


def admin_endpoints() -> frozenset[str]:
    """The endpoints that exist, so a page offers a link only to a page that answers."""
    return frozenset(current_app.view_functions)


bp.add_app_template_global(role_label, "role_label")
bp.add_app_template_filter(translated, "message")  # a service's Message, in the page's language
bp.add_app_template_global(admin_endpoints, "admin_endpoints")
# Globals, not a context processor: the macros of admin/_history.html and
# admin/_changes.html are imported without the page's context and still see them.
bp.add_app_template_global(available_sections, "admin_sections")
bp.add_app_template_global(history_of, "admin_history_of")
bp.add_app_template_global(audit_label, "audit_label")


@bp.get("")
@roles_required(Role.ADMIN)
def home() -> str:
    return render_template("admin/home.html", merges=scheduled_merges())


@bp.get("/nhat-ky")
@roles_required(Role.ADMIN)
def audit() -> str:
    form = AuditFilterForm(request.args)
    form.fill_choices(OBJECT_TYPES, audit_actors())
    valid = form.validate()
    filters = form.filters() if valid else AuditFilters()
    object_id = arg_text("ma", 80)  # an object page's "see all" link
    if object_id:
        filters = replace(filters, object_id=object_id)
    rows = audit_page(filters, page_number(), page_size(), page_edge())
    # Bad filters are shown next to their fields over the unfiltered list.
    return render_template("admin/audit.html", form=form, rows=rows, page_url=page_url)


def object_link(object_type: str, object_id: str) -> str | None:
    """The admin page of an audited object, when its section has one (else no link)."""
    endpoint = OBJECT_PAGES.get(object_type)
    if endpoint is None or endpoint[0] not in current_app.view_functions:
        return None
    arguments: dict[str, Any] = {endpoint[1]: object_id}
    return url_for(endpoint[0], **arguments)


# object type -> (endpoint, its id argument): the audit list links each row to its object.
OBJECT_PAGES: dict[str, tuple[str, str]] = {
    "user": ("admin_accounts.show", "user_id"),
    "procedure": ("admin_catalogue.procedure", "code"),
    "agency": ("admin_agencies.show", "agency_id"),
    "calendar": ("admin_calendar.index", "nam"),  # a calendar change names its year
    "setting": ("admin_settings.show", "key"),
}
bp.add_app_template_global(object_link, "admin_object_link")


@bp.app_template_filter("audit_date")
def audit_date(value: str) -> str:
    """An ISO date kept in the audit's JSON, as dd/mm/yyyy."""
    try:
        return formatting.day(date.fromisoformat(value))
    except ValueError:
        return value
