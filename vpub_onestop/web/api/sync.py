"""The status feed another system pulls (docs/architecture.md#status-feed): the status
changes of the dossiers the caller may see, in commit order, after the consumer's cursor.

Pulling numbers the changes committed since the last pull (services/status_feed.sequence),
then reads: the same cursor always gives the same page, and a consumer that keeps the
`next_cursor` of each page sees every change once, in order, across restarts. The feed
carries no personal data (codes, status codes, channels, moments), as the national portal
receives it; a system client needs the `sync:read` operation, a person the administrator's
or the supervisor's role. A system client reads its agency's dossiers, as the dossier list
does (web/api/dossiers.acting_actor, access.visibility.visible_dossiers); only a client the
administrator also granted `sync:province` reads the whole province (docs/api.md#status-feed).
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.status_feed import MAX_PAGE, page_after
from vpub_onestop.services import status_feed
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.auth import current_caller, forbidden, requires
from vpub_onestop.web.api.dossier_schemas import FEED_EVENT
from vpub_onestop.web.api.dossiers import acting_actor
from vpub_onestop.web.api.inputs import query_fields

openapi.tag(
    "sync",
    _l(
        "Dòng sự kiện trạng thái cho Cổng Dịch vụ công quốc gia: "
        "mọi thay đổi trạng thái, theo thứ tự."
    ),
)
GRANT = "sync:read"
PROVINCE_GRANT = "sync:province"
DEFAULT_LIMIT = 100
# The feed's positions are a 32-bit integer column (models/status_feed.py): a cursor past
# it names no change and must be refused as input, not sent to the database.
_CURSOR_MAX = 2**31 - 1


@bp.get("/sync/events")
@requires(GRANT)
@openapi.operation(
    "/sync/events",
    "get",
    operation_id="syncEvents",
    summary=_l("Các thay đổi trạng thái sau con trỏ, cũ nhất trước"),
    description=_l(
        "Bắt đầu với `after=0`; giữ `next_cursor` của câu trả lời và gửi lại làm `after` "
        "lần sau. Các thay đổi được đánh số theo thứ tự ghi nhận nên không bỏ sót, không "
        "lặp lại. Hệ thống khác nhận thay đổi của các hồ sơ thuộc cơ quan mình (những hồ sơ "
        "danh sách hồ sơ của nó liệt kê); được cấp thêm `sync:province` thì nhận của toàn tỉnh."
    ),
    tag="sync",
    grant=GRANT,
    parameters=(
        openapi.query(
            "after",
            {"type": "integer", "minimum": 0, "maximum": _CURSOR_MAX, "default": 0},
            _l("Vị trí cuối cùng đã đọc."),
        ),
        openapi.query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    ),
    responses={
        **openapi.ok(
            "The next changes (none when the consumer is up to date).",
            {
                "type": "object",
                "required": ["events", "next_cursor"],
                "properties": {
                    "events": {"type": "array", "items": FEED_EVENT},
                    "next_cursor": {"type": "integer", "minimum": 0},
                },
            },
        ),
        **openapi.problems(401, 403, 422),
    },
)
def sync_events() -> Response:
    caller = current_caller()
    if caller.actor is not None and caller.actor.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise forbidden(_l("Dòng sự kiện trạng thái dành cho hệ thống được cấp quyền."))
    fields = query_fields()
    after = fields.integer("after", minimum=0, maximum=_CURSOR_MAX) or 0
    limit = fields.integer("limit", minimum=1, maximum=MAX_PAGE) or DEFAULT_LIMIT
    fields.check()
    status_feed.sequence()
    agency_wide = caller.is_system and not caller.may(PROVINCE_GRANT)
    page = page_after(after, limit, seen_by=acting_actor()[0] if agency_wide else None)
    return jsonify({"events": page.events, "next_cursor": page.next_cursor})
