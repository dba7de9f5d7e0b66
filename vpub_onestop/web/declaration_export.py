"""The declarations of a procedure's dossiers, downloaded as Excel or CSV by the staff who
may see those dossiers (queries/declaration_export.py)."""

from __future__ import annotations

import io
import re

from flask import Blueprint, Response, abort, stream_with_context
from flask_login import current_user

from vpub_onestop.access.actors import actor_for
from vpub_onestop.extensions import db
from vpub_onestop.queries.declaration_export import answers_document
from vpub_onestop.services.exports import CSV_MIMETYPE, XLSX_MIMETYPE, iter_csv, write_xlsx
from vpub_onestop.web.workspace import STAFF_ROLES, roles_required

bp = Blueprint("declaration_export", __name__)


@bp.get("/to-khai/<code>/tai-ve.<fmt>")
@roles_required(*STAFF_ROLES)
def download(code: str, fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    doc = answers_document(db.session(), actor_for(current_user), code[:60])
    if doc is None:
        abort(404)
    name = "to-khai-" + re.sub(r"[^A-Za-z0-9.]+", "-", code).strip("-.")
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "csv":
        return Response(stream_with_context(iter_csv(doc)), mimetype=CSV_MIMETYPE, headers=headers)
    buffer = io.BytesIO()
    write_xlsx(doc, buffer)
    return Response(buffer.getvalue(), mimetype=XLSX_MIMETYPE, headers=headers)
