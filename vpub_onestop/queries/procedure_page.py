"""What a procedure page adds to the catalogue entry: the counters that take the dossier in
(address, phone, opening hours), the blank forms to print (docs/domain.md#catalogue) and the
templates an administrator uploaded (docs/domain.md#paper-templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from vpub_onestop import clock
from vpub_onestop.domain import formatting
from vpub_onestop.domain.agencies import is_open_on
from vpub_onestop.models import Agency, Procedure, RequiredDocument


@dataclass(frozen=True)
class Counter:
    name: str
    address: str | None
    phone: str | None
    opening_hours: str | None


def counters_for(session: Session, level: str) -> list[Counter]:
    """The one-stop units of the procedure's level (a commune procedure is taken in at any
    commune centre, a province one at the province centre); every unit when none has that
    level, so that the page never sends the citizen nowhere. A unit closed by a merger
    (docs/domain.md#agency-merge) is no longer listed."""
    today = formatting.local_day(clock.now())
    units = [
        unit
        for unit in session.scalars(
            select(Agency).where(Agency.is_one_stop_unit.is_(True)).order_by(Agency.name)
        )
        if is_open_on(unit.valid_from, unit.valid_to, today)
    ]
    chosen = [unit for unit in units if unit.level == level] or list(units)
    return [Counter(u.name, u.address, u.phone, u.opening_hours) for u in chosen]


Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def _current_document(query: Query, code: str, position: int) -> Query:
    """`query` narrowed to the document at `position` of the procedure's version in force."""
    return (
        query.join(RequiredDocument, RequiredDocument.procedure_id == Procedure.id)
        .where(
            Procedure.code == code,
            Procedure.is_current.is_(True),
            RequiredDocument.position == position,
        )
        .order_by(Procedure.version.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class BlankForm:
    procedure_code: str
    procedure_name: str
    title: str
    fields: tuple[str, ...]


def blank_form(session: Session, code: str, position: int) -> BlankForm | None:
    """The blank form of the current procedure's document at `position`, or None when that
    document has no form to print."""
    row = session.execute(
        _current_document(select(Procedure.code, Procedure.name, RequiredDocument), code, position)
    ).first()
    if row is None:
        return None
    procedure_code, procedure_name, document = row
    if not document.template_name or not document.template_fields:
        return None
    return BlankForm(
        procedure_code,
        procedure_name,
        document.template_name,
        tuple(str(label) for label in document.template_fields),
    )


@dataclass(frozen=True)
class UploadedTemplate:
    """The template file an administrator uploaded for a paper (docs/domain.md#paper-templates)."""

    procedure_code: str
    stored_name: str
    content_type: str


def uploaded_template(session: Session, code: str, position: int) -> UploadedTemplate | None:
    """The uploaded template of the current procedure's document at `position`, if any: it
    takes precedence over the generated blank form."""
    row = session.execute(
        _current_document(
            select(
                Procedure.code, RequiredDocument.template_file, RequiredDocument.template_file_type
            ),
            code,
            position,
        )
    ).first()
    if row is None or not row.template_file or not row.template_file_type:
        return None
    return UploadedTemplate(row.code, row.template_file, row.template_file_type)
