"""`POST /api/v1/dossiers`: a citizen's online submission in one multipart request
(docs/api.md#submitting): the form's fields, the files of each document, and an
optional `Idempotency-Key` header that makes a retried request harmless. The checks and
the services are the portal's (services/api_submission.py)."""

from __future__ import annotations

import json
from typing import Any

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries.citizen_forms import submission_context
from vpub_onestop.services import declaration, portal
from vpub_onestop.services.api_submission import KEY_FIELD, KEY_MAX, submit_online
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.web.api import bp, openapi
from vpub_onestop.web.api.auth import current_caller, forbidden, requires
from vpub_onestop.web.api.dossier_schemas import SUBMITTED
from vpub_onestop.web.api.inputs import Fields
from vpub_onestop.web.api.problems import ApiProblem

GRANT = "dossiers:write"
DECLARATION_MAX = 100_000
_TEXT = {"type": "string", "maxLength": 300}
_FORM: dict[str, Any] = {
    "procedure": {"type": "string", "maxLength": 60, "description": "The procedure's code."},
    "receiving_unit": {
        "type": "integer",
        "description": "The one-stop unit's id; the procedure level's usual unit if left out.",
    },
    "name": {"type": "string", "maxLength": 200},
    "id_number": {"type": "string", "maxLength": 20},
    "phone": {"type": "string", "maxLength": 20},
    "email": {"type": "string", "maxLength": 254},
    "address": _TEXT,
    "owner_name": {"type": "string", "maxLength": 200},
    "owner_id_number": {"type": "string", "maxLength": 20},
    "owner_address": _TEXT,
    "result_delivery": {"type": "string", "enum": ["online", "counter", "post"]},
    "document_1": {
        "type": "string",
        "contentMediaType": "application/octet-stream",
        "description": "Files of the n-th document of the procedure (`document_1`, "
        "`document_2`… as GET /procedures/{code} lists them), several allowed.",
    },
    "other": {"type": "string", "contentMediaType": "application/octet-stream"},
    "declaration": {
        "type": "string",
        "maxLength": DECLARATION_MAX,
        "description": "The electronic declaration's answers, a JSON object keyed as the "
        "`form` of GET /procedures/{code} names its fields (procedures that have one).",
    },
}


@bp.post("/dossiers")
@requires(GRANT, people_only=True)
@openapi.operation(
    "/dossiers",
    "post",
    operation_id="submitDossier",
    summary=_l("Nộp hồ sơ trực tuyến (mã truy cập của công dân)"),
    tag="dossiers",
    grant=GRANT,
    parameters=(
        {
            "name": KEY_FIELD,
            "in": "header",
            "required": False,
            "description": "Any unique string per new dossier: a repeat with the same key "
            "returns the first answer and creates nothing.",
            "schema": {"type": "string", "maxLength": KEY_MAX},
        },
    ),
    request_body={
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "required": ["procedure", "name"], "properties": _FORM}
            }
        },
    },
    responses={
        **openapi.ok("The dossier, submitted.", SUBMITTED, status="201"),
        **openapi.ok("The first answer to this Idempotency-Key.", SUBMITTED),
        **openapi.problems(400, 401, 403, 404, 415, 422),
    },
)
def submit_dossier() -> Response | tuple[Response, int]:
    caller = current_caller()
    actor = caller.actor
    if actor is None or actor.role is not Role.CITIZEN:
        raise forbidden(_l("Chỉ công dân, tổ chức nộp hồ sơ trực tuyến."))
    if not request.mimetype.startswith("multipart/form-data"):
        raise ApiProblem(
            415,
            _l("Kiểu dữ liệu không được hỗ trợ"),
            _l("Hồ sơ gửi dạng multipart/form-data (các trường và các tệp)."),
        )
    fields = Fields({key: request.form.get(key) for key in request.form})
    code = fields.text("procedure", 60, required=True)
    unit = fields.integer("receiving_unit", minimum=1, maximum=2**31 - 1)
    values = {name: fields.text(name, limit) for name, limit in _LIMITS.items()}
    name = fields.text("name", 200, required=True)
    delivery = fields.text("result_delivery", 10) or "online"
    answers = _declaration(fields)
    fields.check()
    today = clock.now().astimezone(LOCAL_TZ).date()
    context = submission_context(db.session(), code or "", today)
    if context is None:
        raise ApiProblem(404, _l("Không tìm thấy"), _l("Không có thủ tục với mã này."))
    unit_id = unit or context.default_unit_id or 0
    details = portal.DraftDetails(
        procedure_id=context.procedure_id,
        receiving_unit_id=unit_id,
        applicant=Applicant(name=name or "", **values),
        result_delivery=delivery,
        answers=answers,
    )
    document_ids = [slot.id for slot in context.documents]
    uploads = _uploads(document_ids)
    db.session.commit()  # end the reads: the submission is its own transaction
    try:
        answer = submit_online(
            actor,
            f"user:{actor.user_id}",
            details,
            uploads,
            key=request.headers.get(KEY_FIELD),
        )
    except ValidationError as error:
        raise _in_api_names(error, document_ids) from None
    return jsonify(answer.body), 200 if answer.replayed else 201


def _declaration(fields: Fields) -> dict[str, Any] | None:
    text = fields.text("declaration", DECLARATION_MAX)
    if text is None:
        return None
    try:
        answers = json.loads(text)
    except ValueError:
        answers = None
    if not isinstance(answers, dict):
        fields.fail("declaration", _l("Phải là một đối tượng JSON."))
        return None
    return answers


def _in_api_names(error: ValidationError, document_ids: list[int]) -> ValidationError:
    """The portal names a document's field `doc_<id>`; the API `document_<n>`."""
    names = {portal.document_field(doc): f"document_{n}" for n, doc in enumerate(document_ids, 1)}
    names[portal.OTHER_DOCUMENTS_FIELD] = "other"
    names["receiving_unit_id"] = "receiving_unit"
    prefix = declaration.ERROR_PREFIX  # a declaration's field: "tk.<path>"
    renamed = {
        names.get(
            key, "declaration." + key.removeprefix(prefix) if key.startswith(prefix) else key
        ): message
        for key, message in error.field_errors.items()
    }
    return ValidationError(error.message, renamed)


_LIMITS = {
    "id_number": 20,
    "phone": 20,
    "email": 254,
    "address": 300,
    "owner_name": 200,
    "owner_id_number": 20,
    "owner_address": 300,
}


def _uploads(document_ids: list[int]) -> list[portal.Upload]:
    """`document_<n>` files for the n-th document, `other` for the rest; an unknown field
    or number is refused naming it (a file must not vanish silently)."""
    uploads: list[portal.Upload] = []
    unknown: dict[str, Any] = {}
    for field in request.files:
        document_id: int | None = None
        if field != "other":
            number = field.removeprefix("document_")
            if not number.isdigit() or not 1 <= int(number) <= len(document_ids):
                unknown[field] = _l("Không có thành phần hồ sơ này.")
                continue
            document_id = document_ids[int(number) - 1]
        for storage in request.files.getlist(field):
            uploads.append(portal.Upload(storage.filename or field, storage.read(), document_id))
    if unknown:
        fields = Fields({})
        for field, message in unknown.items():
            fields.fail(field, message)
        fields.check()
    return uploads
