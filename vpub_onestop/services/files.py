"""Uploaded files: checked by content (not by name), stored outside the web root (a folder
or a bucket: vpub_onestop/storage/) under random names the app makes (with the extension of
the content found), and removed again if
the transaction that wrote them rolls back. A process killed between writing a file and
committing its row leaves an orphan: `flask files sweep-orphans` (services/file_sweep.py)
removes those after a grace period."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import datetime

from flask import current_app
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain import formatting
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.file_names import EXTENSIONS, name_for_content
from vpub_onestop.models import Dossier, DossierFile
from vpub_onestop.storage import file_store

# Magic numbers of the formats a one-stop unit accepts.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
MAX_NAME_LENGTH = 120
NEW_FILES_KEY = "vpub_new_files"


def sniff_content_type(data: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def clean_file_name(name: str) -> str:
    """Keep what a person recognises (Vietnamese letters included), drop any path part
    ("../", "C:\\"), control characters and over-long tails."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext)
            if dot and len(ext) <= 5
            else name[:MAX_NAME_LENGTH]
        )
    return name or "tep-dinh-kem"


def check_upload(
    filename: str, data: bytes, *, already_stored: int = 0, field: str = "file"
) -> str:
    """Return the content type, or raise ValidationError saying why the file is refused."""
    cfg = current_app.config
    shown = clean_file_name(filename)
    if not data:
        raise ValidationError(N_("Tệp “%(shown)s” rỗng.", shown=shown), {field: N_("Tệp rỗng.")})
    max_file = int(cfg["UPLOAD_MAX_FILE_BYTES"])
    if len(data) > max_file:
        raise ValidationError(
            N_(
                "Tệp “%(shown)s” vượt quá %(size)s.",
                shown=shown,
                size=formatting.file_size(max_file),
            ),
            {field: N_("Mỗi tệp tối đa %(size)s.", size=formatting.file_size(max_file))},
        )
    content_type = sniff_content_type(data)
    if content_type is None:
        raise ValidationError(
            N_(
                "Tệp “%(shown)s” không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
                shown=shown,
            ),
            {field: N_("Chỉ chấp nhận tệp PDF, JPEG, PNG.")},
        )
    max_total = int(cfg["UPLOAD_MAX_DOSSIER_BYTES"])
    if already_stored + len(data) > max_total:
        raise ValidationError(
            N_("Tổng dung lượng hồ sơ vượt quá %(size)s.", size=formatting.file_size(max_total)),
            {field: N_("Hồ sơ đã đạt dung lượng tối đa.")},
        )
    return content_type


def stored_bytes(session: Session, dossier_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(DossierFile.size), 0)).where(
            DossierFile.dossier_id == dossier_id
        )
    )
    return int(total or 0)


def store_file(
    session: Session,
    dossier: Dossier,
    filename: str,
    data: bytes,
    *,
    now: datetime,
    uploaded_by_id: int | None,
    required_document_id: int | None = None,
    kind: str = "component",
    task_id: int | None = None,
    round_number: int = 0,
    field: str = "file",
) -> DossierFile:
    """Check and write one file, and add its row (inside the caller's unit of work)."""
    content_type = check_upload(
        filename, data, already_stored=stored_bytes(session, dossier.id), field=field
    )
    stored_name = secrets.token_hex(16) + EXTENSIONS[content_type]
    file_store().put(stored_name, data)
    session.info.setdefault(NEW_FILES_KEY, []).append(stored_name)
    row = DossierFile(
        dossier_id=dossier.id,
        required_document_id=required_document_id,
        kind=kind,
        task_id=task_id,
        # Listed by what it is, not by what its name claimed (domain/file_names.py).
        original_name=name_for_content(clean_file_name(filename), content_type),
        stored_name=stored_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        round=round_number,
        uploaded_by_id=uploaded_by_id,
        uploaded_at=now,
    )
    session.add(row)
    if kind == "component":
        # The digitised share counts it from the dossier's row, set in the dossier's own
        # UPDATE (or INSERT) of this transaction: docs/indicators.md#stored-facts.
        dossier.has_component_file = True
    return row


def keeps_component_file(session: Session, dossier: Dossier, removed: DossierFile) -> None:
    """After `removed` is deleted: whether the dossier still has a component file."""
    dossier.has_component_file = bool(
        session.scalar(
            select(
                exists().where(
                    DossierFile.dossier_id == dossier.id,
                    DossierFile.kind == "component",
                    DossierFile.id != removed.id,
                )
            )
        )
    )


def discard_new_files(session: Session) -> None:
    """Called on rollback: files written by the failed transaction must not linger."""
    store = file_store()
    for name in session.info.pop(NEW_FILES_KEY, []):
        store.delete(name)


def forget_new_files(session: Session) -> None:
    session.info.pop(NEW_FILES_KEY, None)
