"""Declaration forms from a file: the seed's `declarations-demo.json` (by procedure code) or
a catalogue entry's own "declaration". Each definition is checked (definition_check) before
it is stored on the procedure's current version; one bad definition stores none."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.declaration.definition_check import definition_problems
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.models import Procedure
from vpub_onestop.services.uow import unit_of_work


def checked(code: str, definition: Any) -> dict[str, Any]:
    problems = definition_problems(definition)
    if problems:
        raise ValidationError(
            N_(
                "Tờ khai của thủ tục %(code)s chưa hợp lệ: %(problems)s",
                code=code,
                problems=" ".join(problems),
            )
        )
    return dict(definition)


def attach(session: Session, definitions: Mapping[str, Any]) -> int:
    """Put each definition on its procedure's current version; the number attached (a code
    the catalogue does not hold is skipped: the demo file covers both seed catalogues)."""
    attached = 0
    for code, definition in definitions.items():
        form = checked(code, definition)
        procedure = session.scalars(
            select(Procedure)
            .where(Procedure.code == code, Procedure.is_current.is_(True))
            .order_by(Procedure.version.desc())
        ).first()
        if procedure is not None:
            procedure.form_definition = form
            attached += 1
    return attached


def import_declarations(data: Mapping[str, Any]) -> int:
    with unit_of_work() as session:
        return attach(session, data.get("declarations", {}))
