"""What the form editor's page shows of a procedure version: its form as stored, the
revision the page's changes are made on, what keeps it from being published, and whether
it is a draft (a published or retired version is read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.domain.declaration.definition import FormDefinition, parse_definition
from vpub_onestop.domain.declaration.definition_check import (
    declaration_publish_problems,
    definition_problems,
)
from vpub_onestop.domain.declaration.editing import blank_definition
from vpub_onestop.domain.errors import Message
from vpub_onestop.models import Procedure, RequiredDocument


@dataclass(frozen=True)
class EditorView:
    procedure_id: int
    code: str
    name: str
    version: int
    is_current: bool
    status: ProcedureStatus
    locked: bool  # not a draft: published versions are never edited
    stored: bool  # the version has a form (else the page starts a blank one)
    definition: dict[str, Any]
    revision: int  # the draft's own revision (services/catalogue_versions.py)
    problems: list[Message]
    form: FormDefinition | None  # for the preview, when the form is sound
    documents: list[str]

    @property
    def field_keys(self) -> list[tuple[str, str]]:
        """(key, label) of every field, a group's own ones too, for the condition lists."""
        found = []
        for section in self.definition["sections"]:
            for item in section["fields"]:
                found.append((item["key"], item.get("label", "")))
                found.extend(
                    (inner["key"], inner.get("label", "")) for inner in item.get("fields", [])
                )
        return found

    @property
    def groups(self) -> list[tuple[str, str]]:
        return [
            (item["key"], item.get("label", ""))
            for section in self.definition["sections"]
            for item in section["fields"]
            if item.get("type") == "group"
        ]


def editor_view(session: Session, procedure_id: int) -> EditorView | None:
    procedure = session.get(Procedure, procedure_id)
    if procedure is None:
        return None
    stored = procedure.form_definition
    definition = stored or blank_definition(procedure.name)
    documents = session.scalars(
        select(RequiredDocument.name)
        .where(RequiredDocument.procedure_id == procedure.id)
        .order_by(RequiredDocument.position, RequiredDocument.id)
    ).all()
    problems = declaration_publish_problems(definition, documents) if stored else []
    sound = stored is not None and not definition_problems(definition)
    return EditorView(
        procedure_id=procedure.id,
        code=procedure.code,
        name=procedure.name,
        version=procedure.version,
        is_current=procedure.is_current,
        status=procedure.status,
        locked=procedure.status is not ProcedureStatus.DRAFT,
        stored=stored is not None,
        definition=definition,
        revision=procedure.revision,
        problems=problems,
        form=parse_definition(definition) if sound else None,
        documents=list(documents),
    )
