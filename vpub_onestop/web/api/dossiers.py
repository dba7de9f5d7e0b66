"""Dossiers through the API (docs/api.md#dossiers): a citizen's submission, the list and
one dossier as the caller's pages show them, and the state changes their buttons make.

A person's token acts as the person (the same rules, the same scope as their pages). A
system client's token reads the dossiers its agency received (`dossiers:read`), with the
events as the public lookup shows them (no staff names, no internal notes); it neither
submits nor acts on a dossier: those stay with people. A specialist's or a leader's token
does the agency's work on a step as the task page does (web/api/step_acts.py).
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState
from vpub_onestop.domain.visibility import PUBLIC_LOOKUP
from vpub_onestop.extensions import db
from vpub_onestop.queries.api_dossiers import (
    ListFilters,
    dossier_detail,
    dossier_id_by_code,
    dossier_page,
)
from vpub_onestop.services.api_transitions import CALLS, TransitionRequest, fire
from vpub_onestop.web.api import bp, openapi, paging
from vpub_onestop.web.api.auth import current_caller, forbidden, requires
from vpub_onestop.web.api.dossier_schemas import DOSSIER, DOSSIER_SUMMARY, TRANSITION
from vpub_onestop.web.api.inputs import Fields, json_object, query_fields
from vpub_onestop.web.api.problems import ApiProblem
from vpub_onestop.web.api.step_acts import STEP_ACTS, act_on_step

openapi.tag(
    "dossiers", _l("Hồ sơ: nộp, liệt kê, xem, xử lý (như các trang của người gọi cho phép).")
)
READ, WRITE = "dossiers:read", "dossiers:write"
CODE_MAX_LENGTH = 60
NOTE_MAX_LENGTH = 2000
_STATES = sorted(state.value for state in DossierState)


def acting_actor() -> tuple[Actor, bool]:
    """The rules' actor for this caller, and whether it reads as the public does. A system
    client reads as the one-stop unit of its agency (the dossiers it received)."""
    caller = current_caller()
    if caller.actor is not None:
        return caller.actor, False
    if caller.agency_id is None:
        raise forbidden(_l("Mã truy cập của hệ thống này không gắn với cơ quan nào."))
    return Actor(user_id=None, role=Role.RECEPTION, agency_id=caller.agency_id), True


@bp.get("/dossiers")
@requires(READ)
@openapi.operation(
    "/dossiers",
    "get",
    operation_id="listDossiers",
    summary=_l("Các hồ sơ mà trang của người gọi liệt kê, mới nhất trước"),
    tag="dossiers",
    grant=READ,
    parameters=(
        openapi.query("state", {"type": "string", "enum": _STATES}),
        openapi.query("procedure", {"type": "string", "maxLength": CODE_MAX_LENGTH}),
        openapi.query("received_from", {"type": "string", "format": "date"}, "YYYY-MM-DD."),
        openapi.query("received_to", {"type": "string", "format": "date"}, "YYYY-MM-DD."),
        *paging.PARAMETERS,
    ),
    responses={
        **openapi.ok("A page of dossiers.", paging.page_schema(DOSSIER_SUMMARY)),
        **openapi.problems(401, 403, 422),
    },
)
def list_dossiers() -> Response:
    fields = query_fields()
    state_text = fields.text("state", 30)
    state = None
    if state_text is not None:
        if state_text in _STATES:
            state = DossierState(state_text)
        else:
            fields.fail("state", _l("Giá trị không hợp lệ."))
    procedure = fields.text("procedure", CODE_MAX_LENGTH)
    received_from = fields.day("received_from")
    received_to = fields.day("received_to")
    limit = paging.page_limit(fields)
    key = paging.page_cursor(fields, int, positive=True)
    before = int(key[0]) if key is not None else None
    fields.check()
    actor, _ = acting_actor()
    filters = ListFilters(state, procedure, received_from, received_to)
    items, next_before = dossier_page(db.session(), actor, filters, before=before, limit=limit)
    return paging.page_response(items, [next_before] if next_before is not None else None)


def _code(code: str) -> str:
    if len(code) > CODE_MAX_LENGTH or "\x00" in code:
        raise ApiProblem(404, _l("Không tìm thấy"), _l("Không tìm thấy hồ sơ."))
    return code


@bp.get("/dossiers/<code>")
@requires(READ)
@openapi.operation(
    "/dossiers/{code}",
    "get",
    operation_id="getDossier",
    summary=_l(
        "Một hồ sơ: trạng thái, mã trạng thái quốc gia, phiên bản, các mốc thời gian, "
        "quá trình xử lý"
    ),
    tag="dossiers",
    grant=READ,
    parameters=(openapi.in_path("code", {"type": "string", "maxLength": CODE_MAX_LENGTH}),),
    responses={
        **openapi.ok("The dossier as the caller's page shows it.", DOSSIER),
        **openapi.problems(401, 403, 404),
    },
)
def get_dossier(code: str) -> Response:
    actor, public = acting_actor()
    detail = dossier_detail(
        db.session(), actor, _code(code), viewer=PUBLIC_LOOKUP if public else None
    )
    return jsonify(detail)


@bp.post("/dossiers/<code>/transitions")
@requires(WRITE, people_only=True)
@openapi.operation(
    "/dossiers/{code}/transitions",
    "post",
    operation_id="transitionDossier",
    summary=_l("Xử lý hồ sơ hoặc một bước xử lý của hồ sơ, như nút trên trang"),
    description=_l(
        "Bộ phận Một cửa và người nộp: %(desk)s; `expected_version` là `version` của hồ sơ "
        "mà bên gọi đã đọc. Cơ quan xử lý một bước (`task_id` lấy từ `steps` của hồ sơ): "
        "%(steps)s; `expected_version` là `version` của bước, trừ request_supplement, "
        "request_payment và apologise là thao tác trên hồ sơ qua Bộ phận Một cửa, gửi "
        "`version` của hồ sơ. Có người thay đổi sau đó: 409 nêu ai và lúc nào; thiếu "
        "phiên bản: 428; bước của cơ quan khác: 404; thao tác mà trang của bước không cho "
        "thực hiện lúc này: 403.",
        desk=", ".join(sorted(CALLS)),
        steps=", ".join(STEP_ACTS),
    ),
    tag="dossiers",
    grant=WRITE,
    parameters=(openapi.in_path("code", {"type": "string", "maxLength": CODE_MAX_LENGTH}),),
    request_body=openapi.json_body(TRANSITION),
    responses={
        **openapi.ok("The dossier after the change.", DOSSIER),
        **openapi.problems(400, 401, 403, 404, 409, 413, 415, 422, 428),
    },
)
def transition(code: str) -> Response:
    body = json_object()
    fields = Fields(body)
    trigger = fields.text("trigger", 40, required=True)
    note = fields.text("note", NOTE_MAX_LENGTH) or ""
    expected = fields.integer("expected_version", minimum=0, maximum=2**31 - 1)
    actor, _ = acting_actor()
    if trigger in STEP_ACTS:
        act_on_step(actor, _code(code), trigger, expected, fields, note)
        return jsonify(dossier_detail(db.session(), actor, code))
    fields.check()
    # The service loads the dossier for the actor: one they may not see is not found (404).
    dossier_id = dossier_id_by_code(db.session(), _code(code))
    fire(actor, dossier_id, TransitionRequest(trigger or "", expected, note))
    return jsonify(dossier_detail(db.session(), actor, code))
