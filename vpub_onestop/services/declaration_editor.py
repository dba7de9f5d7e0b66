"""The administrator's form editor: each change to a procedure version's declaration form
is one transaction, made on the revision the page showed (another administrator's change
in between makes this one refused, with a "reload" message) and checked for the form's
structure (domain/declaration/editing.py). A version that dossiers were filed under is
never changed: they read with it (docs/domain.md#declaration-forms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.access.declaration import in_use
from vpub_onestop.domain.declaration.definition_check import definition_problems
from vpub_onestop.domain.declaration.editing import Definition, blank_definition, revision
from vpub_onestop.domain.errors import N_, NotFound, PermissionDenied, StaleDossier, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Procedure
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class Change:
    """What the audit records of one change: the action and the form before and after."""

    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(N_("Chỉ quản trị viên sửa được tờ khai."))


def _locked(session: Session, procedure_id: int) -> Procedure:
    procedure = session.scalars(
        select(Procedure).where(Procedure.id == procedure_id).with_for_update()
    ).first()
    if procedure is None:
        raise NotFound(N_("Không tìm thấy thủ tục hành chính."))
    return procedure


def require_editable(session: Session, procedure: Procedure) -> None:
    if in_use(session, procedure.id):
        raise ValidationError(
            N_(
                "Phiên bản này đã có hồ sơ nộp theo nên tờ khai của nó không sửa được: hãy tạo "
                "phiên bản mới (bản nháp) của thủ tục rồi sửa tờ khai ở đó."
            )
        )


def change_form(
    actor: Actor,
    procedure_id: int,
    expected_revision: str | None,
    action: str,
    change: Callable[[Definition], Definition],
    *,
    record: Callable[[Session, Procedure, Change], None] | None = None,
) -> str:
    """Apply `change` to the version's form; the new revision. `record` writes the audit
    entry in the same transaction."""
    require_admin(actor)
    with unit_of_work() as session:
        procedure = _locked(session, procedure_id)
        require_editable(session, procedure)
        stored = procedure.form_definition
        if expected_revision is None or revision(stored) != expected_revision:
            raise StaleDossier(
                N_(
                    "Tờ khai vừa được người khác sửa sau khi bạn mở trang. Vui lòng tải lại "
                    "trang để xem bản mới nhất rồi thực hiện lại."
                )
            )
        changed = change(dict(stored) if stored else blank_definition(procedure.name))
        procedure.form_definition = changed
        if record is not None:
            record(session, procedure, Change(action, stored, changed))
        return revision(changed)


def remove_form(
    actor: Actor,
    procedure_id: int,
    expected_revision: str | None,
    *,
    record: Callable[[Session, Procedure, Change], None] | None = None,
) -> None:
    """The version has no electronic form any more (applicants file the paper one)."""
    require_admin(actor)
    with unit_of_work() as session:
        procedure = _locked(session, procedure_id)
        require_editable(session, procedure)
        if revision(procedure.form_definition) != expected_revision:
            raise StaleDossier(N_("Tờ khai vừa được người khác sửa. Vui lòng tải lại trang."))
        before = procedure.form_definition
        procedure.form_definition = None
        if record is not None:
            record(session, procedure, Change("remove", before, None))


def publishable_problems(procedure: Procedure) -> list[str]:
    """What keeps the version's form from being published (empty: it may be)."""
    data = procedure.form_definition
    return [] if data is None else list(definition_problems(data))
