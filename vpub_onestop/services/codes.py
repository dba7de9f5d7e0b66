"""Dossier codes from an atomic per-unit daily counter."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vpub_onestop.domain.codes import format_dossier_code
from vpub_onestop.models import DossierCounter


def next_dossier_code(session: Session, unit_code: str, day: date) -> str:
    """One statement that inserts or increments the counter row and returns the new value:
    the database serialises concurrent receipts, so two officers never get the same number
    and no number is skipped (unlike max()+1)."""
    table = DossierCounter.__table__
    assert isinstance(table, Table)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = (
        insert(table)
        .values(unit_code=unit_code, day=day, last_seq=1)
        .on_conflict_do_update(
            index_elements=[table.c.unit_code, table.c.day],
            set_={"last_seq": table.c.last_seq + 1},
        )
        .returning(table.c.last_seq)
    )
    with session.no_autoflush:  # the dossier's pending changes go in its one UPDATE, later
        seq = session.execute(upsert).scalar_one()
    return format_dossier_code(unit_code, day, seq)
