"""The staff search's index over `dossier.search_text` (docs/architecture.md#staff-search).

`search_text` is one folded line per dossier (domain.search.dossier_search_text), filled
here on every ORM insert and update of a dossier, so no write path can forget it. The
database indexes it with its own text search, never a `LIKE '%…%'` scan:

- SQLite: an FTS5 table `dossier_search` with the trigram tokenizer (any run of three or
  more characters: a part of a name, the last digits of a code), an external-content
  table over `dossier` kept in step by three triggers;
- PostgreSQL: a GIN `pg_trgm` index on the column itself (`LIKE '%…%'` then reads the
  index). The folding is the app's, so `unaccent` is not needed.

The same statements serve both ways a schema is built: the Alembic migration calls
`create_statements`, and `after_create` on the dossier table runs them for `create_all`.
On SQLite a batch migration that rebuilds the dossier table (copy, drop, rename) drops
the triggers with the old table: such a migration must create them again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.engine import Connection

from vpub_onestop.domain.search import dossier_search_text
from vpub_onestop.models.dossier import Dossier

FTS_TABLE = "dossier_search"
TRGM_INDEX = "ix_dossier_search_text_trgm"
_TRIGGERS = ("dossier_search_ai", "dossier_search_ad", "dossier_search_au")


def create_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        # The operator class is named with the schema the extension lives in: the
        # database may have it already, in a schema not on this connection's search_path.
        return [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "DO $$ DECLARE home text; BEGIN "
            "SELECT n.nspname INTO home FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'; "
            f"EXECUTE format('CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON dossier "
            "USING gin (search_text %I.gin_trgm_ops)', home); END $$",
        ]
    if dialect == "sqlite":
        add = f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);"
        remove = (
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text);"
        )
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, "
            "content='dossier', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS dossier_search_ai AFTER INSERT ON dossier "
            f"BEGIN {add} END",
            f"CREATE TRIGGER IF NOT EXISTS dossier_search_ad AFTER DELETE ON dossier "
            f"BEGIN {remove} END",
            "CREATE TRIGGER IF NOT EXISTS dossier_search_au AFTER UPDATE OF search_text "
            f"ON dossier BEGIN {remove} {add} END",
            # Rows already there (a migration on a live database): index them once.
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
        ]
    raise NotImplementedError(f"no search index for {dialect}")


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP INDEX IF EXISTS {TRGM_INDEX}"]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _TRIGGERS] + [
        f"DROP TABLE IF EXISTS {FTS_TABLE}"
    ]


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's comparison leaves the search index alone: it is not in the models'
    metadata (FTS5's shadow tables, the GIN index), it is built by the statements above."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRGM_INDEX)


def _build(target: Table, connection: Connection, **_kw: Any) -> None:
    for statement in create_statements(connection.dialect.name):
        connection.execute(text(statement))


def _drop(target: Table, connection: Connection, **_kw: Any) -> None:
    for statement in drop_statements(connection.dialect.name):
        connection.execute(text(statement))


def _fill(_mapper: Any, _connection: Any, dossier: Dossier) -> None:
    dossier.search_text = search_text_of(dossier)


def search_text_of(dossier: Dossier) -> str:
    """The indexed line of a dossier."""
    row = {column: getattr(dossier, column) for column in SOURCE_COLUMNS}
    # The declaration's searchable answers: a later column than the migrations that
    # rebuild the line from SOURCE_COLUMNS, which predate it and read no declarations.
    row["form_search_text"] = dossier.form_search_text
    return search_text_of_row(row)


# The dossier columns the line is made of.
SOURCE_COLUMNS = (
    "code",
    "applicant_name",
    "owner_name",
    "applicant_phone",
    "applicant_id_number",
    "owner_id_number",
)


def search_text_of_row(row: Mapping[str, Any]) -> str:
    """The same line from a row of the dossier table (a migration, a bulk load)."""
    return dossier_search_text(
        code=row.get("code"),
        applicant_name=row.get("applicant_name"),
        owner_name=row.get("owner_name"),
        phone=row.get("applicant_phone"),
        id_number=row.get("applicant_id_number"),
        owner_id_number=row.get("owner_id_number"),
        declaration=row.get("form_search_text"),
    )


_table: Table = Dossier.__table__  # type: ignore[assignment]
event.listen(_table, "after_create", _build)
event.listen(_table, "before_drop", _drop)
event.listen(Dossier, "before_insert", _fill)
event.listen(Dossier, "before_update", _fill)
