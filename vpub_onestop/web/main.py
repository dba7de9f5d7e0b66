"""Home page (anonymous welcome or one card per role) and the health probe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import text
from werkzeug.wrappers import Response

from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.web import N_
from vpub_onestop.web.officer_day import day_sections

bp = Blueprint("main", __name__)


@dataclass(frozen=True)
class Page:
    """A page a role uses, named by its endpoint: a page that does not exist fails the
    home page's tests instead of showing a dead link."""

    label: Any
    endpoint: str
    description: Any = None

    @property
    def path(self) -> str:
        return url_for(self.endpoint)


@dataclass(frozen=True)
class HomeCard:
    title: Any
    description: Any
    pages: tuple[Page, ...]


PROCEDURES = Page(
    _l("Thủ tục hành chính"),
    "public.catalogue",
    _l("Danh mục thủ tục: thành phần hồ sơ, thời hạn giải quyết, phí và lệ phí."),
)
LOOKUP = Page(
    _l("Tra cứu hồ sơ"),
    "public.lookup",
    _l("Xem tình trạng giải quyết bằng mã hồ sơ ghi trên giấy tiếp nhận, hẹn trả kết quả."),
)
REGISTER = Page(
    _l("Sổ theo dõi hồ sơ"),
    "slips.register_form",
    _l("In sổ theo dõi hồ sơ (Mẫu 06) theo đơn vị và kỳ."),
)
UNIT_DOSSIERS = Page(
    _l("Hồ sơ của đơn vị"),
    "lists.unit_dossiers",
    _l("Mọi hồ sơ đơn vị đã tiếp nhận: lọc theo trạng thái, thủ tục, kênh, thời hạn, cơ quan."),
)
DEADLINES = Page(_l("Hồ sơ sắp đến hạn, quá hạn"), "monitor.dashboard")
REPORT = Page(_l("Thống kê, báo cáo"), "monitor.report")

_AGENCY_WORK = HomeCard(
    _l("Công việc của cơ quan"),
    _l(
        "Nhận hồ sơ được chuyển đến cơ quan, phân công, thẩm định, trình phê duyệt "
        "và chuyển kết quả về Bộ phận Một cửa, trong thời hạn của từng bước."
    ),
    (
        Page(_l("Hồ sơ cần xử lý, chờ phê duyệt"), "work.tasks"),
        Page(
            _l("Hồ sơ của cơ quan"),
            "lists.agency_dossiers",
            _l("Mọi hồ sơ cơ quan đang xử lý, lọc theo trạng thái, thủ tục, kênh và thời hạn."),
        ),
        LOOKUP,
    ),
)
_MONITORING = HomeCard(
    _l("Theo dõi, thống kê"),
    _l(
        "Theo dõi tiến độ giải quyết, hồ sơ sắp đến hạn và quá hạn, thống kê kết quả "
        "theo cơ quan và theo thủ tục."
    ),
    (DEADLINES, REPORT, REGISTER, LOOKUP),
)
HOME_CARDS: dict[Role, HomeCard] = {
    Role.CITIZEN: HomeCard(
        _l("Hồ sơ của tôi"),
        _l(
            "Nộp hồ sơ trực tuyến, theo dõi tiến độ giải quyết, bổ sung giấy tờ khi "
            "được yêu cầu và nhận kết quả."
        ),
        (PROCEDURES, Page(_l("Hồ sơ đã nộp"), "citizen.my_dossiers"), LOOKUP),
    ),
    Role.RECEPTION: HomeCard(
        _l("Bàn tiếp nhận"),
        _l(
            "Tiếp nhận hồ sơ tại quầy và trực tuyến, kiểm tra thành phần, yêu cầu bổ sung "
            "hoặc từ chối, in phiếu hẹn trả kết quả và trả kết quả cho người dân."
        ),
        (
            Page(_l("Hồ sơ chờ tiếp nhận"), "desk.queue"),
            Page(_l("Tiếp nhận tại quầy"), "desk.counter"),
            Page(_l("Hồ sơ chờ trả kết quả"), "desk.returns"),
            UNIT_DOSSIERS,
            REGISTER,
            LOOKUP,
        ),
    ),
    Role.SPECIALIST: _AGENCY_WORK,
    Role.LEADER: _AGENCY_WORK,
    Role.UNIT_HEAD: HomeCard(
        _MONITORING.title,
        _MONITORING.description,
        (*_MONITORING.pages[:1], UNIT_DOSSIERS, *_MONITORING.pages[1:]),
    ),
    Role.SUPERVISOR: _MONITORING,
    # The administrator keeps the accounts, agencies, catalogue, calendar and settings in
    # the administration area, and watches every unit.
    Role.ADMIN: HomeCard(
        _l("Quản trị"),
        _l(
            "Quản lý tài khoản, cơ quan, thủ tục, lịch làm việc và cấu hình; theo dõi tiến "
            "độ và thống kê của mọi đơn vị."
        ),
        (
            Page(
                _l("Khu quản trị"),
                "admin.home",
                _l("Tài khoản, cơ quan, thủ tục, lịch, cấu hình và nhật ký quản trị."),
            ),
            DEADLINES,
            REPORT,
            REGISTER,
            PROCEDURES,
        ),
    ),
}


@bp.get("/")
def home() -> str:
    if not current_user.is_authenticated:
        return render_template("main/home.html", public_pages=(PROCEDURES, LOOKUP))
    role = Role(current_user.role)
    card = HOME_CARDS[role]
    return render_template(
        "main/home.html",
        day=day_sections(actor_for(current_user._get_current_object())),
        card=card,
        pages=card.pages,
        role_label=gettext(role.label_vi),
        agency=current_user.agency,
    )


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """For a load balancer or a monitor: unauthenticated, cheap (a `SELECT 1`, a PING and a
    few counters), no personal data. 503 when the database, or the Redis of REDIS_URL, does
    not answer; the queue's backlog is reported, not judged."""
    from redis.exceptions import RedisError

    from vpub_onestop.background import queue

    body: dict[str, object] = {"database": "ok"}
    healthy = True
    try:
        db.session.execute(text("SELECT 1"))
        db.session.commit()  # end the read transaction at once
    except Exception as exc:  # any failure of the database is reported, never raised
        db.session.rollback()
        current_app.logger.warning("health check: database error %r", exc)
        body["database"], healthy = type(exc).__name__, False
    if queue.configured():
        try:
            queue.connection().ping()
            backlog = queue.backlog()
        except RedisError as exc:
            current_app.logger.warning("health check: Redis error %r", exc)
            body["redis"], healthy = type(exc).__name__, False
        else:
            body["redis"] = "ok"
            body["queue"] = {
                "waiting": backlog.waiting,
                "running": backlog.running,
                "failed": backlog.failed,
                "workers": backlog.workers,
            }
    else:
        body["redis"] = "not configured"
    body["status"] = "ok" if healthy else "error"
    return jsonify(body), 200 if healthy else 503


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
