"""A procedure version's declaration form, read the same way by the services (checking and
filing answers) and the queries (the pages that show the form and the answers)."""

from __future__ import annotations

from vpub_onestop.domain.declaration.definition import FormDefinition, parse_definition
from vpub_onestop.models import Procedure


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
