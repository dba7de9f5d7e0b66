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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.declaration.editing import Definition, blank_definition
from vpub_onestop.domain.errors import VersionMissing
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Procedure
from vpub_onestop.services.catalogue_versions import load_draft, require_admin
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class Change:
    """What the audit records of one change: the action and the form before and after."""

    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


Recorder = Callable[[Session, Actor, Procedure, Change], None]


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
    *,
    record: Recorder | None = None,
) -> None:
    """Apply `change` to the draft's form (a blank one if it has none); `record` writes
    the admin audit entry in the same transaction."""
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
        if record is not None:
            record(session, actor, draft, Change(action, stored, changed))


def remove_form(
    actor: Actor,
    procedure_id: int,
    expected_revision: int | None,
    *,
    record: Recorder | None = None,
) -> None:
    """The draft has no electronic form any more (applicants file the paper one)."""
    require_admin(actor)
    if expected_revision is None:
        raise VersionMissing()
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        before = draft.form_definition
        draft.form_definition = None
        if record is not None:
            record(session, actor, draft, Change("remove_form", before, None))
