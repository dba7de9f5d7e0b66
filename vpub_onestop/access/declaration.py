"""A procedure version's declaration form, read the same way by the services (checking and
filing answers) and the queries (the pages that show the form and the answers)."""

from __future__ import annotations

from dataclasses import dataclass

from vpub_onestop.domain.declaration.definition import FormDefinition, parse_definition
from vpub_onestop.domain.declaration.printed import PrintedSection, printed_sections
from vpub_onestop.domain.visibility import Item, Kind, Viewer, may_see
from vpub_onestop.models import Dossier, Procedure


def form_of(procedure: Procedure) -> FormDefinition | None:
    data = procedure.form_definition
    return parse_definition(data) if data else None


def declaration_document_id(procedure: Procedure) -> int | None:
    """The required document the electronic declaration stands for, if the form names one:
    filled in on the form, it needs no upload (the printed declaration is filed as it)."""
    definition = form_of(procedure)
    if definition is None or not definition.document:
        return None
    wanted = definition.document.strip().casefold()
    return next(
        (doc.id for doc in procedure.documents if doc.name.strip().casefold() == wanted), None
    )


@dataclass(frozen=True)
class Declaration:
    title: str
    version: int
    sections: list[PrintedSection]


def declaration_of(dossier: Dossier, viewer: Viewer) -> Declaration | None:
    """The answers as the dossier's page shows them, read with the definition of the
    dossier's own procedure version; shown to whoever sees the applicant's documents (the
    answers are the declaration the applicant submitted: domain/visibility.py)."""
    definition = form_of(dossier.procedure)
    if definition is None or dossier.form_answers is None:
        return None
    if not may_see(viewer, Item(Kind.APPLICANT_FILE)):
        return None
    return Declaration(
        definition.title,
        dossier.form_version or definition.version,
        printed_sections(definition, dossier.form_answers),
    )
