"""What the online submission form needs: the procedure's documents, the one-stop units a
citizen may submit to (with a default by procedure level) and a draft's current files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vpub_onestop.access.declaration import declaration_document_id, form_of
from vpub_onestop.access.loading import supplement_round
from vpub_onestop.domain.checklist import missing_mandatory
from vpub_onestop.domain.declaration.definition import FormDefinition
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Agency, Dossier, DossierFile, Procedure, RequiredDocument


@dataclass(frozen=True)
class UnitChoice:
    id: int
    name: str
    level: str


@dataclass(frozen=True)
class DraftFile:
    id: int
    name: str
    size: int
    removable: bool  # added since the last submission


@dataclass(frozen=True)
class DocumentSlot:
    id: int
    name: str
    originals: int
    copies: int
    mandatory: bool
    files: list[DraftFile]


@dataclass(frozen=True)
class SubmissionContext:
    procedure_id: int
    procedure_code: str
    procedure_name: str
    procedure_level: str
    documents: list[DocumentSlot]
    other_files: list[DraftFile]
    units: list[UnitChoice]
    default_unit_id: int | None
    # The procedure's fee rule (domain/fees.py words it), shown on the form.
    fee_rule: dict[str, Any] | None = None
    # The electronic declaration (None: the procedure has none) and the document it stands
    # for, which then needs no upload.
    form: FormDefinition | None = None
    form_document_id: int | None = None
    form_filled: bool = False  # the draft carries the declaration's answers

    @property
    def missing(self) -> list[DocumentSlot]:
        """Mandatory documents with no file yet: the draft cannot be submitted."""
        present = {slot.id for slot in self.documents if slot.files}
        if self.form_filled:
            present.add(self.form_document_id)  # type: ignore[arg-type]
        return missing_mandatory(self.documents, present)


def one_stop_units(session: Session, today: date) -> list[UnitChoice]:
    rows = session.execute(
        select(Agency.id, Agency.name, Agency.level)
        .where(
            Agency.is_one_stop_unit.is_(True),
            or_(Agency.valid_to.is_(None), Agency.valid_to >= today),
            or_(Agency.valid_from.is_(None), Agency.valid_from <= today),
        )
        .order_by(Agency.level.desc(), Agency.name)
    ).all()
    return [UnitChoice(unit_id, name, level) for unit_id, name, level in rows]


def default_unit(units: list[UnitChoice], procedure_level: str) -> int | None:
    """Commune procedures go to a commune centre, provincial ones to the provincial centre
    (any centre may receive either since 2025; this is only the first choice shown)."""
    for unit in units:
        if unit.level == procedure_level:
            return unit.id
    return units[0].id if units else None


def submission_context(
    session: Session, procedure_code: str, today: date, dossier: Dossier | None = None
) -> SubmissionContext | None:
    """For a new dossier (by procedure code) or an existing draft (its own procedure)."""
    if dossier is not None:
        procedure = session.get(Procedure, dossier.procedure_id)
    else:
        procedure = session.scalars(
            select(Procedure)
            .where(Procedure.code == procedure_code, Procedure.is_current.is_(True))
            .order_by(Procedure.version.desc())
        ).first()
    if procedure is None:
        return None
    documents = session.scalars(
        select(RequiredDocument)
        .where(RequiredDocument.procedure_id == procedure.id)
        .order_by(RequiredDocument.position, RequiredDocument.id)
    ).all()
    files_by_document: dict[int | None, list[DraftFile]] = defaultdict(list)
    if dossier is not None:
        for document_id, draft_file in _draft_files(session, dossier.id):
            files_by_document[document_id].append(draft_file)
    units = one_stop_units(session, today)
    return SubmissionContext(
        procedure_id=procedure.id,
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        procedure_level=procedure.level,
        documents=[
            DocumentSlot(d.id, d.name, d.originals, d.copies, d.mandatory, files_by_document[d.id])
            for d in documents
        ],
        other_files=files_by_document[None],
        units=units,
        default_unit_id=default_unit(units, procedure.level),
        fee_rule=procedure.fee_rule,
        form=form_of(procedure),
        form_document_id=declaration_document_id(procedure),
        form_filled=dossier is not None and dossier.form_answers is not None,
    )


def _draft_files(session: Session, dossier_id: int) -> list[tuple[int | None, DraftFile]]:
    current = supplement_round(session, dossier_id)
    rows = session.scalars(
        select(DossierFile)
        .where(DossierFile.dossier_id == dossier_id, DossierFile.kind == "component")
        .order_by(DossierFile.id)
    ).all()
    return [
        (
            row.required_document_id,
            DraftFile(row.id, row.original_name, row.size, removable=row.round == current),
        )
        for row in rows
    ]


def own_draft(session: Session, user_id: int, dossier_id: int) -> Dossier | None:
    """The user's own dossier while it is still a draft (new, or returned for completion)."""
    return session.scalar(
        select(Dossier).where(
            Dossier.id == dossier_id,
            Dossier.owner_user_id == user_id,
            Dossier.state == DossierState.DRAFT,
        )
    )
