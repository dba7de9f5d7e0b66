"""The catalogue export as a .zip (docs/domain.md#catalogue-import): catalogue.json with
each uploaded template described, and the template files read from the store, one member
per distinct file (domain/catalogue_bundle.py)."""

from __future__ import annotations

import json
import shutil
import zipfile
from typing import IO

from sqlalchemy.orm import Session

from vpub_onestop.domain.catalogue_bundle import CATALOGUE_MEMBER
from vpub_onestop.queries.catalogue_export import (
    export_catalogue,
    published_procedures,
    template_file_entry,
)
from vpub_onestop.storage import file_store


def write_bundle(session: Session, out: IO[bytes]) -> int:
    """Writes the archive to `out`; the number of template files in it."""
    data = export_catalogue(session, templates=True)
    sources: dict[str, str] = {}  # member -> a stored file holding those bytes
    for procedure in published_procedures(session):
        for document in procedure.documents:
            described = template_file_entry(document)
            if described is not None and document.template_file:
                sources.setdefault(described["path"], document.template_file)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CATALOGUE_MEMBER, json.dumps(data, ensure_ascii=False, indent=1))
        for member, stored in sorted(sources.items()):
            opened = file_store().open(stored)
            with opened.stream as stream, archive.open(member, "w") as target:
                shutil.copyfileobj(stream, target)
    return len(sources)
