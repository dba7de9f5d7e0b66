"""The production split of PostgreSQL roles (docs/architecture.md#audit-trail): a migration
role owns the tables; the runtime role the app connects as owns nothing and gets only
what it needs, on the append-only tables SELECT and INSERT.

`flask --app wsgi grant-runtime-role ROLE`, run as the owner after each `flask db upgrade`,
grants exactly that (new tables included) from the models' own list of tables.
"""

from __future__ import annotations

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection


def runtime_grant_statements(connection: Connection, metadata: MetaData, role: str) -> list[str]:
    quote = connection.dialect.identifier_preparer.quote
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    grantee = quote(role)
    statements = [
        f"GRANT USAGE ON SCHEMA {quote(schema)} TO {grantee}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {grantee}",
    ]
    for table in metadata.sorted_tables:
        name = quote(table.name)
        if table.info.get("append_only"):
            statements += [
                f"REVOKE ALL ON {name} FROM {grantee}",
                f"GRANT SELECT, INSERT ON {name} TO {grantee}",
            ]
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {grantee}")
    return statements


def grant_runtime_role(connection: Connection, metadata: MetaData, role: str) -> list[str]:
    """Run the grants in the caller's transaction; the statements run."""
    if connection.dialect.name != "postgresql":
        raise RuntimeError("database roles exist on PostgreSQL only")
    statements = runtime_grant_statements(connection, metadata, role)
    for statement in statements:
        connection.execute(text(statement))
    return statements
