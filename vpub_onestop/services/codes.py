"""Dossier codes from an atomic per-unit daily counter, and slip numbers from a yearly one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vpub_onestop.domain.codes import format_dossier_code
from vpub_onestop.models import DossierCounter, SlipCounter


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


def next_slip_number(session: Session, unit_id: int, form: str, year: int) -> int:
    """The next number of `form` in the unit's `year`, by the same single upsert as the
    dossier codes: concurrent officers are serialised by the counter row, none is skipped."""
    table = SlipCounter.__table__
    assert isinstance(table, Table)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = (
        insert(table)
        .values(unit_id=unit_id, year=year, form=form, last_seq=1)
        .on_conflict_do_update(
            index_elements=[table.c.unit_id, table.c.year, table.c.form],
            set_={"last_seq": table.c.last_seq + 1},
        )
        .returning(table.c.last_seq)
    )
    with session.no_autoflush:
        return int(session.execute(upsert).scalar_one())
