"""File rows. Every generated file is the same small placeholder PDF (the demo's): the rows
carry its size and sha256, and `link_placeholders` can make each stored name a hard link to
one copy under UPLOAD_DIR (`--upload-dir`), so downloads find a real file without writing
1.3 million copies."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vpub_onestop.seed.demo import DEMO_PDF
from vpub_onestop.services.files import clean_file_name as _clean_file_name

if TYPE_CHECKING:
    from bench.generate.story import Story

PLACEHOLDER = DEMO_PDF
PLACEHOLDER_SHA256 = hashlib.sha256(PLACEHOLDER).hexdigest()
PDF = "application/pdf"
# A handful of distinct names (one per document and agency): cleaned once each.
clean_file_name = lru_cache(maxsize=4096)(_clean_file_name)


def _row(s: Story, name: str, at: datetime, uploader: int | None, **extra: Any) -> dict[str, Any]:
    file_id = s.sink.new_id("dossier_file")
    return {
        "id": file_id,
        "dossier_id": s.dossier["id"],
        "required_document_id": None,
        "kind": "component",
        "task_id": None,
        "original_name": clean_file_name(name),
        # services.files.store_file names files with 32 hex digits; the id keeps them unique.
        "stored_name": f"{file_id:012x}{s.rng.getrandbits(80):020x}.pdf",
        "content_type": PDF,
        "size": len(PLACEHOLDER),
        "sha256": PLACEHOLDER_SHA256,
        "round": 0,
        "uploaded_by_id": uploader,
        "uploaded_at": at,
        "result_code": None,
        "released_at": None,
        **extra,
    }


def component_files(s: Story, at: datetime, uploader: int) -> list[dict[str, Any]]:
    """The applicant's documents of an online draft: one PDF per required document."""
    return [
        _row(s, f"{name[:80]}.pdf", at, uploader, required_document_id=doc_id)
        for doc_id, name in zip(s.proc.document_ids, s.proc.document_names, strict=True)
    ]


def draft_file(
    s: Story, task: dict[str, Any], name: str, at: datetime, uploader: int
) -> dict[str, Any]:
    """A step's proposed document (services.processing.propose_result)."""
    return _row(
        s,
        name,
        at,
        uploader,
        kind="draft",
        task_id=task["id"],
        round=s.dossier["supplement_requests"],
    )


def link_placeholders(upload_dir: Path, stored_names: list[str]) -> int:
    """One placeholder file, and a hard link to it for each stored name
    (storage.local.LocalFolderStore: `<UPLOAD_DIR>/<first two characters>/<name>`)."""
    original = upload_dir / "bench-placeholder.pdf"
    if not original.exists():
        upload_dir.mkdir(parents=True, exist_ok=True)
        original.write_bytes(PLACEHOLDER)
    made = 0
    for name in stored_names:
        target = upload_dir / name[:2] / name
        target.parent.mkdir(exist_ok=True)
        try:
            os.link(original, target)
        except FileExistsError:
            continue
        made += 1
    return made
