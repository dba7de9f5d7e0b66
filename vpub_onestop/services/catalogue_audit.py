"""What the admin audit keeps of a procedure version (docs/architecture.md#admin-audit):
the version as the catalogue file writes it (services never invent a second shape), with
its number and status. Every change of the catalogue is recorded under the procedure's
code, so one history follows the procedure across its versions."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Procedure
from vpub_onestop.queries.catalogue_export import agency_keys, version_entry
from vpub_onestop.services.admin_audit import record_admin_change

OBJECT_TYPE = "procedure"


def version_snapshot(session: Session, procedure: Procedure) -> dict[str, Any]:
    session.flush()  # children added in this unit of work are read with their rows
    entry = version_entry(procedure, agency_keys(session))
    entry.pop("code", None)
    return {"version": procedure.version, "status": procedure.status.value, **entry}


def record_catalogue_change(
    session: Session,
    actor: Actor,
    code: str,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record_admin_change(session, actor, OBJECT_TYPE, code, action, before=before, after=after)
