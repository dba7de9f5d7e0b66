"""Home page (anonymous welcome or one card per role) and the health probe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.web import N_

bp = Blueprint("main", __name__)


@dataclass(frozen=True)
class Page:
    """A page a role will use; `path` is known only for pages whose address is fixed."""

    label: Any
    path: str | None = None
    description: Any = None


@dataclass(frozen=True)
class HomeCard:
    title: Any
    description: Any
    pages: tuple[Page, ...]


PROCEDURES = Page(
    _l("Thủ tục hành chính"),
    "/thu-tuc",
    _l("Danh mục thủ tục: thành phần hồ sơ, thời hạn giải quyết, phí và lệ phí."),
)
LOOKUP = Page(
    _l("Tra cứu hồ sơ"),
    "/tra-cuu",
    _l("Xem tình trạng giải quyết bằng mã hồ sơ ghi trên giấy tiếp nhận, hẹn trả kết quả."),
)

_AGENCY_WORK = HomeCard(
    _l("Công việc của cơ quan"),
    _l(
        "Nhận hồ sơ được chuyển đến cơ quan, phân công, thẩm định, trình phê duyệt "
        "và chuyển kết quả về Bộ phận Một cửa, trong thời hạn của từng bước."
    ),
    (Page(_l("Hồ sơ cần xử lý, chờ phê duyệt"), "/xu-ly"), LOOKUP),
)
_MONITORING = HomeCard(
    _l("Theo dõi, thống kê"),
    _l(
        "Theo dõi tiến độ giải quyết, hồ sơ sắp đến hạn và quá hạn, thống kê kết quả "
        "theo cơ quan và theo thủ tục."
    ),
    (
        Page(_l("Hồ sơ sắp đến hạn, quá hạn"), "/theo-doi"),
        Page(_l("Thống kê, báo cáo"), "/theo-doi/bao-cao"),
        LOOKUP,
    ),
)
HOME_CARDS: dict[Role, HomeCard] = {
    Role.CITIZEN: HomeCard(
        _l("Hồ sơ của tôi"),
        _l(
            "Nộp hồ sơ trực tuyến, theo dõi tiến độ giải quyết, bổ sung giấy tờ khi "
            "được yêu cầu và nhận kết quả."
        ),
        (PROCEDURES, Page(_l("Hồ sơ đã nộp"), "/ho-so-cua-toi"), LOOKUP),
    ),
    Role.RECEPTION: HomeCard(
        _l("Bàn tiếp nhận"),
        _l(
            "Tiếp nhận hồ sơ tại quầy và trực tuyến, kiểm tra thành phần, yêu cầu bổ sung "
            "hoặc từ chối, in phiếu hẹn trả kết quả và trả kết quả cho người dân."
        ),
        (
            Page(_l("Hồ sơ chờ tiếp nhận"), "/mot-cua/tiep-nhan"),
            Page(_l("Tiếp nhận tại quầy"), "/mot-cua/tai-quay"),
            Page(_l("Hồ sơ chờ trả kết quả"), "/mot-cua/tra-ket-qua"),
            LOOKUP,
        ),
    ),
    Role.SPECIALIST: _AGENCY_WORK,
    Role.LEADER: _AGENCY_WORK,
    Role.UNIT_HEAD: _MONITORING,
    Role.SUPERVISOR: _MONITORING,
    Role.ADMIN: HomeCard(
        _l("Quản trị"),
        _l(
            "Quản lý cơ quan, tài khoản người dùng, danh mục thủ tục và quy trình xử lý, "
            "lịch làm việc và ngày nghỉ."
        ),
        (Page(_l("Cơ quan và tài khoản")), Page(_l("Thủ tục và quy trình")), PROCEDURES),
    ),
}


@bp.get("/")
def home() -> str:
    if not current_user.is_authenticated:
        return render_template("main/home.html", public_pages=_linked(PROCEDURES, LOOKUP))
    role = Role(current_user.role)
    card = HOME_CARDS[role]
    return render_template(
        "main/home.html",
        card=card,
        pages=_linked(*card.pages),
        role_label=gettext(role.label_vi),
        agency=current_user.agency,
    )


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any failure of the database is reported, never raised
        db.session.rollback()
        current_app.logger.warning("health check: database error %r", exc)
        return jsonify(status="error", database=type(exc).__name__), 503
    return jsonify(status="ok", database="ok"), 200


def _linked(*pages: Page) -> list[tuple[Page, bool]]:
    """Each page with whether it already exists, so the home never links to a 404."""
    return [(page, page.path is not None and _route_exists(page.path)) for page in pages]


def _route_exists(path: str) -> bool:
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True


# The domain's role labels (Vietnamese) are shown through gettext(role.label_vi); they are
# listed here so that pybabel extracts them. A test checks that each one has a translation.
ROLE_LABELS = (
    N_("Công dân / tổ chức"),
    N_("Cán bộ tiếp nhận và trả kết quả"),
    N_("Chuyên viên xử lý"),
    N_("Lãnh đạo"),
    N_("Giám đốc Trung tâm"),
    N_("Giám sát (Văn phòng UBND)"),
    N_("Quản trị hệ thống"),
)
