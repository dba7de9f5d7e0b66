"""The uploaded templates a catalogue import carries (docs/domain.md#catalogue-import):
each paper's `template_file` is checked against the .zip it came in and reported as new,
changed, unchanged or refused (and why); a procedure with a refused template is not
imported, so a production server never publishes a version whose template went missing.

A template whose sha256 the server already holds is not stored again: the version names
the stored file (versions share templates; services/file_sweep.py keeps a file while any
version names it). A paper the file says nothing of keeps the template in force."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from vpub_onestop.domain.catalogue_bundle import Bundle, bundled_template
from vpub_onestop.domain.errors import Message
from vpub_onestop.domain.template_files import template_content_type
from vpub_onestop.models import Procedure
from vpub_onestop.services.paper_templates import store_template_file
from vpub_onestop.storage.digests import stored_sha256

TEMPLATE_NEW, TEMPLATE_CHANGED, TEMPLATE_UNCHANGED, TEMPLATE_REFUSED = (
    "new",
    "changed",
    "unchanged",
    "refused",
)
TEMPLATE_OUTCOMES = (TEMPLATE_NEW, TEMPLATE_CHANGED, TEMPLATE_UNCHANGED, TEMPLATE_REFUSED)
# As the reports (command line, the page's job file) name them.
TEMPLATE_LABELS = {
    TEMPLATE_NEW: "Mẫu mới",
    TEMPLATE_CHANGED: "Mẫu thay đổi",
    TEMPLATE_UNCHANGED: "Mẫu không đổi",
    TEMPLATE_REFUSED: "Mẫu bị từ chối",
}
Known = dict[str, tuple[str, str]]  # sha256 -> (stored name, content type)


@dataclass(frozen=True)
class TemplateLine:
    row: int
    code: str
    paper: str
    file_name: str
    outcome: str
    reason: str | None = None


@dataclass(frozen=True)
class CheckedTemplates:
    lines: list[TemplateLine]
    refusal: Message | None  # the first refused template's reason
    files: dict[str, bytes]  # sha256 -> bytes this procedure's import must store


def known_templates(procedures: Iterable[Procedure]) -> Known:
    """The templates the published versions name, by sha256."""
    known: Known = {}
    for procedure in procedures:
        for document in procedure.documents:
            if document.template_file and document.template_file_type:
                digest = stored_sha256(document.template_file)
                if digest is not None:
                    known[digest] = (document.template_file, document.template_file_type)
    return known


def check_templates(
    row: int,
    code: str,
    raw_documents: list[Any],
    documents: list[dict[str, Any]],
    current: list[dict[str, Any]],
    bundle: Bundle | None,
    known: Known,
) -> CheckedTemplates:
    """Completes each canonical document's `template_file` (in place: kept from the version
    in force when the file says nothing) and checks the ones the file carries."""
    in_force = {doc["name"]: doc.get("template_file") for doc in current}
    limit = int(current_app.config["UPLOAD_MAX_FILE_BYTES"])
    lines: list[TemplateLine] = []
    refusal: Message | None = None
    files: dict[str, bytes] = {}
    for raw, doc in zip(raw_documents, documents, strict=True):
        if "template_file" not in doc:
            doc["template_file"] = in_force.get(doc["name"])
            continue
        declared = doc["template_file"]
        if declared is None:
            continue  # removed: the dry run shows it as a change of the papers
        before = in_force.get(doc["name"])
        if declared["sha256"] not in known and declared["sha256"] not in files:
            path = raw["template_file"].get("path") if isinstance(raw, Mapping) else None
            data, reason = bundled_template(bundle, declared, path, limit)
            if data is None:
                lines.append(
                    TemplateLine(
                        row, code, doc["name"], declared["file_name"], TEMPLATE_REFUSED, reason
                    )
                )
                refusal = refusal or reason
                continue
            files[declared["sha256"]] = data
        if before is None:
            outcome = TEMPLATE_NEW
        else:
            outcome = TEMPLATE_UNCHANGED if before == declared else TEMPLATE_CHANGED
        lines.append(TemplateLine(row, code, doc["name"], declared["file_name"], outcome))
    return CheckedTemplates(lines, refusal, files)


def attach_templates(
    session: Session,
    procedure: Procedure,
    documents: list[dict[str, Any]],
    known: Known,
    files: Mapping[str, bytes],
) -> None:
    """Names each new paper's template (documents in the canonical entry's order)."""
    for paper, doc in zip(procedure.documents, documents, strict=True):
        declared = doc.get("template_file")
        if declared is None:
            continue
        paper.template_file, paper.template_file_type = _stored(session, declared, known, files)
        paper.template_file_size = int(declared["size"])
        paper.template_file_name = str(declared["file_name"])


def _stored(
    session: Session, declared: Mapping[str, Any], known: Known, files: Mapping[str, bytes]
) -> tuple[str, str]:
    """The stored name and content type for a paper's template: the one the server holds,
    or the file from the .zip, written now (and noted in `known` for the next paper)."""
    digest = str(declared["sha256"])
    if digest in known:
        return known[digest]
    data = files[digest]
    content_type = template_content_type(data)
    assert content_type is not None  # checked by check_templates
    stored = store_template_file(session, data, content_type)
    known[digest] = (stored, content_type)
    return stored, content_type
