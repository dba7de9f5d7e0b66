"""The administrator's form editor: each change to a draft procedure version's declaration
form is one transaction, made on the draft's revision the page showed (another change to
the draft in between makes this one refused with a "reload" message: the version service's
own check, services/catalogue_versions.py) and checked for the form's structure
(domain/declaration/editing.py). Published versions are never edited: their dossiers read
with them; a change starts a new draft (docs/domain.md#declaration-forms).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.declaration.editing import Definition, blank_definition
from vpub_onestop.domain.errors import VersionMissing
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Procedure
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.catalogue_versions import load_draft, require_admin
from vpub_onestop.services.uow import unit_of_work

# The admin audit's object type of a version's form (domain/admin_audit.py: OBJECT_TYPES).
AUDIT_TYPE = "form"
# The note of each kind of edit in the audit (the editor's actions).
NOTES = {
    "heading": "Sửa tên, căn cứ của tờ khai",
    "add_section": "Thêm phần",
    "move_section": "Chuyển phần",
    "remove_section": "Xóa phần",
    "add_field": "Thêm trường",
    "edit_field": "Sửa trường",
    "move_field": "Chuyển trường",
    "remove_field": "Xóa trường",
    "remove_form": "Bỏ tờ khai điện tử",
}


def _audit(
    session: Session,
    actor: Actor,
    draft: Procedure,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    what: str,
) -> None:
    """Every change in the admin audit, with the form before and after; `what` (the edit
    made, e.g. "add_field ho_ten") is the entry's note."""
    record_admin_change(
        session,
        actor,
        AUDIT_TYPE,
        draft.id,
        "update" if before is not None and after is not None else ("create" if after else "delete"),
        before=before,
        after=after,
        reason=NOTES.get(what, what),
    )


def _next_version(session: Session, draft: Procedure, changed: Definition) -> Definition:
    """A changed form gets a version above every other version's form of the procedure,
    so two forms that ask different questions never share a number (a dossier records it);
    a draft whose form was copied and not changed keeps the number it was copied with."""
    others = session.scalars(
        select(Procedure.form_definition).where(
            Procedure.code == draft.code, Procedure.id != draft.id
        )
    ).all()
    highest = max((int((form or {}).get("version", 0)) for form in others), default=0)
    if int(changed.get("version", 1)) <= highest:
        changed = {**changed, "version": highest + 1}
    return changed


def change_form(
    actor: Actor,
    procedure_id: int,
    expected_revision: int | None,
    action: str,
    change: Callable[[Definition], Definition],
) -> None:
    """Apply `change` to the draft's form (a blank one if it has none), audited in the same
    transaction (`action` names the edit in the audit)."""
    require_admin(actor)
    if expected_revision is None:
        raise VersionMissing()
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        stored = copy.deepcopy(draft.form_definition)
        changed = change(copy.deepcopy(stored) if stored else blank_definition(draft.name))
        if changed != stored:
            changed = _next_version(session, draft, changed)
        draft.form_definition = changed
        _audit(session, actor, draft, stored, changed, action)


def remove_form(
    actor: Actor,
    procedure_id: int,
    expected_revision: int | None,
) -> None:
    """The draft has no electronic form any more (applicants file the paper one)."""
    require_admin(actor)
    if expected_revision is None:
        raise VersionMissing()
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        before = draft.form_definition
        draft.form_definition = None
        _audit(session, actor, draft, before, None, "remove_form")
