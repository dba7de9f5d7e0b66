"""Append-only tables enforced by the database itself: triggers refuse UPDATE and DELETE
(and TRUNCATE on PostgreSQL), whoever connects, so the audit trail holds even against a
bug, a hand-typed SQL statement or a compromised app (docs/architecture.md#audit-trail).

The same statements serve both ways a schema is built: the Alembic migration calls
`create_statements`, and `append_only(table)` attaches them to the table's `after_create`
DDL event, so `db.create_all()` (tests, a first bootstrap) builds the triggers too.

On SQLite a batch migration that rebuilds a protected table (copy, drop, rename) drops its
triggers with the old table: such a migration must create them again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.engine import Connection

# One PostgreSQL function serves every protected table; it names the table and the operation.
PG_FUNCTION = "refuse_audit_change"


def refusal(table: str, operation: str) -> str:
    """The error message a refused statement carries (the same on both databases)."""
    return f"{table} is append-only: {operation} refused"


def _pg_function() -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP\n"
        "    USING ERRCODE = 'insufficient_privilege';\n"
        "END\n"
        "$$"
    )


def create_statements(dialect: str, table: str) -> list[str]:
    """DDL that makes `table` refuse changes to its rows on `dialect`."""
    if dialect == "postgresql":
        return [
            _pg_function(),
            f"CREATE TRIGGER {table}_no_row_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
            # TRUNCATE fires no row trigger: a statement trigger of its own.
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
        ]
    if dialect == "sqlite":
        # SQLite has no TRUNCATE; "DELETE FROM t" without WHERE fires the delete trigger.
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{refusal(table, op)}'); END"
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"no append-only triggers for {dialect}")


def drop_statements(dialect: str, table: str) -> list[str]:
    """The reverse of `create_statements` (the function stays: other tables may use it)."""
    if dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_row_change ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        ]
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]


def append_only(table: Table) -> Table:
    """Mark a model's table append-only: `create_all` adds the triggers after CREATE TABLE."""

    def _protect(target: Table, connection: Connection, **_kw: Any) -> None:
        for statement in create_statements(connection.dialect.name, target.name):
            connection.execute(text(statement))

    event.listen(table, "after_create", _protect)
    table.info["append_only"] = True
    return table
