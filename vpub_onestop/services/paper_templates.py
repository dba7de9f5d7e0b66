"""The blank template of a draft's required paper: uploaded, replaced or removed by an
administrator (docs/domain.md#paper-templates).

The file is checked by its content (domain/template_files.py), written through the store
(vpub_onestop/storage/) under a new `mau-…` name and named on the paper, in the same unit of
work as the audit entry; if the transaction fails the unit of work deletes the new file. A
replaced or removed template is never deleted here: the versions copied from (or into) this
draft may still name it, so the orphan sweep (services/file_sweep.py) removes it once no
version does.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from vpub_onestop.domain import formatting
from vpub_onestop.domain.errors import N_, NotFound, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.template_files import (
    STORED_PREFIX,
    TEMPLATE_EXTENSIONS,
    template_content_type,
)
from vpub_onestop.models import Procedure, RequiredDocument
from vpub_onestop.services.catalogue_audit import record_catalogue_change, version_snapshot
from vpub_onestop.services.catalogue_versions import load_draft, require_admin
from vpub_onestop.services.files import NEW_FILES_KEY, clean_file_name
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.storage import file_store

FIELD = "tep"


def check_template(filename: str, data: bytes) -> str:
    """The content type of an acceptable template, or ValidationError saying why not."""
    shown = clean_file_name(filename)
    if not data:
        raise ValidationError(N_("Tệp “%(shown)s” rỗng.", shown=shown), {FIELD: N_("Tệp rỗng.")})
    limit = int(current_app.config["UPLOAD_MAX_FILE_BYTES"])
    if len(data) > limit:
        size = formatting.file_size(limit)
        raise ValidationError(
            N_("Tệp “%(shown)s” vượt quá %(size)s.", shown=shown, size=size),
            {FIELD: N_("Mỗi tệp tối đa %(size)s.", size=size)},
        )
    content_type = template_content_type(data)
    if content_type is None:
        raise ValidationError(
            N_(
                "Tệp “%(shown)s” không phải PDF, DOC, DOCX, ODT hoặc XLSX "
                "(kiểm tra theo nội dung tệp, không theo tên).",
                shown=shown,
            ),
            {FIELD: N_("Chỉ nhận mẫu PDF, DOC, DOCX, ODT, XLSX.")},
        )
    return content_type


def attach_template(
    actor: Actor,
    procedure_id: int,
    expected_revision: int,
    document_id: int,
    filename: str,
    data: bytes,
) -> int:
    """The paper's template becomes this file (replacing any); the draft's new revision."""
    require_admin(actor)
    content_type = check_template(filename, data)

    def change(session: Session, document: RequiredDocument) -> None:
        document.template_file = store_template_file(session, data, content_type)
        document.template_file_type = content_type
        document.template_file_size = len(data)
        document.template_file_name = clean_file_name(filename)[:200]

    return _change_paper(actor, procedure_id, expected_revision, document_id, change)


def store_template_file(session: Session, data: bytes, content_type: str) -> str:
    """Writes a checked template under a new `mau-…` name; the unit of work deletes it
    again if the transaction fails."""
    stored_name = STORED_PREFIX + secrets.token_hex(16) + TEMPLATE_EXTENSIONS[content_type]
    file_store().put(stored_name, data)
    session.info.setdefault(NEW_FILES_KEY, []).append(stored_name)
    return stored_name


def remove_template(
    actor: Actor, procedure_id: int, expected_revision: int, document_id: int
) -> int:
    """The paper no longer offers an uploaded template (the generated blank form, if it
    has one, is offered again)."""
    require_admin(actor)

    def change(session: Session, document: RequiredDocument) -> None:
        if document.template_file is None:
            raise ValidationError(N_("Giấy tờ này chưa có mẫu tải lên."))
        document.template_file = None
        document.template_file_type = None
        document.template_file_size = None
        document.template_file_name = None

    return _change_paper(actor, procedure_id, expected_revision, document_id, change)


def _change_paper(
    actor: Actor, procedure_id: int, expected_revision: int, document_id: int, change: Any
) -> int:
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        document = next((d for d in draft.documents if d.id == document_id), None)
        if document is None:
            raise NotFound(N_("Không tìm thấy giấy tờ trong bản nháp."))
        before = snapshot_with_templates(session, draft)
        change(session, document)
        # The paper alone changed: marking the procedure bumps (and checks) its revision.
        flag_modified(draft, "name")
        session.flush()
        after = snapshot_with_templates(session, draft)
        record_catalogue_change(session, actor, draft.code, "update", before=before, after=after)
        return int(draft.revision)


def snapshot_with_templates(session: Session, draft: Procedure) -> dict[str, Any]:
    """The version as the audit keeps it, with each paper's uploaded template."""
    return {
        **version_snapshot(session, draft),
        "template_files": {
            str(position): f"{d.template_file_name} ({d.template_file}, {d.template_file_size} B)"
            for position, d in enumerate(draft.documents, start=1)
            if d.template_file
        },
    }
