"""A changed dossier leaves as one plain `UPDATE dossier SET … WHERE id = :id AND version =
:v`, not through the ORM's unit of work (the largest share of a submission's or a
receipt's time: bench/PROFILE.md, "Fifth round").

The one-winner rule is the same as the version column gives through the ORM: the row is
updated only if it still has the version this transaction read, and a row count other than
one raises StaleDataError, which the unit of work answers with the "reload" message
(services/uow.py). The mapper's before/after update hooks run as they would (the search
line, the request log), and the object is left as the ORM leaves a flushed one: its new
values committed, its version one up.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, event, inspect, update
from sqlalchemy.orm import InstanceState, Session
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.orm.exc import StaleDataError

from vpub_onestop.models import Dossier

_MAPPER = inspect(Dossier)
_TABLE = cast(Table, Dossier.__table__)
_COLUMNS = frozenset(attr.key for attr in _MAPPER.column_attrs)


@event.listens_for(Session, "before_flush")
def _write_changed_dossiers(session: Session, _context: Any, _instances: Any) -> None:
    modified = [
        state
        for state in session.identity_map._modified  # noqa: SLF001 (what flush reads)
        if state.class_ is Dossier and state.key is not None and state.modified
    ]
    for state in modified:
        # A changed relationship (a new file, a new step) is the ORM's own work, and so is
        # a row whose loaded values were expired (its version is then read by the ORM).
        if set(state.committed_state) <= _COLUMNS and "version" in state.dict:
            _update_row(session, state)


def _update_row(session: Session, state: InstanceState[Any]) -> None:
    dossier = cast(Dossier, state.obj())
    connection = session.connection()
    _MAPPER.dispatch.before_update(_MAPPER, connection, state)
    values = {
        key: state.dict[key]
        for key, found in state.committed_state.items()
        if key in state.dict and (found is NO_VALUE or found != state.dict[key])
    }
    version = state.dict["version"]
    values["version"] = version + 1
    result = session.execute(
        update(_TABLE).where(_TABLE.c.id == dossier.id, _TABLE.c.version == version),
        values,
    )
    if getattr(result, "rowcount", None) != 1:
        raise StaleDataError("the dossier changed in another transaction")
    state.dict["version"] = version + 1
    # As the ORM leaves a flushed object: what it holds is now what the row holds.
    state._commit_all(state.dict, session.identity_map)  # noqa: SLF001
    _MAPPER.dispatch.after_update(_MAPPER, connection, state)
