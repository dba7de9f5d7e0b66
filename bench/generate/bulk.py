"""Writing the rows: COPY on PostgreSQL (psycopg's `cursor.copy`), `executemany` in the same
transaction on SQLite; column names and order from the models' table metadata. Then the
codes' daily counters, the id sequences and fresh planner statistics."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, Engine, Table, text
from sqlalchemy.engine import Connection

from bench.generate.sink import ID_TABLES, TABLES, Row
from vpub_onestop.models import Base
from vpub_onestop.models.base import UTCDateTime
from vpub_onestop.models.search_index import search_text_of_row

Convert = Callable[[Any], Any]


def _naive_utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _enum(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _converter(column: Column[Any]) -> Convert | None:
    if isinstance(column.type, UTCDateTime):
        return _naive_utc
    if isinstance(column.type, JSON):
        return _json
    if column.name == "state":
        return _enum
    return None


class Writer:
    """Rows of each table, in column order, as the database stores them."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self.tables: dict[str, Table] = {name: Base.metadata.tables[name] for name in TABLES}
        self.columns = {name: list(table.columns) for name, table in self.tables.items()}
        if self.dialect == "postgresql":
            # The generator's rows are consistent by construction (the SQLite load, which
            # checks every foreign key, proves it in tests): skip the per-row FK triggers
            # for this transaction only. Constraints and indexes stay as they are.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        self.converters = {
            name: [_converter(column) for column in columns]
            for name, columns in self.columns.items()
        }

    def _tuples(self, table: str, rows: Iterable[Row]) -> Iterable[tuple[Any, ...]]:
        names = [column.name for column in self.columns[table]]
        converters = self.converters[table]
        for row in rows:
            yield tuple(
                convert(row.get(name)) if convert else row.get(name)
                for name, convert in zip(names, converters, strict=True)
            )

    def write(self, batch: dict[str, list[Row]]) -> None:
        for table in TABLES:
            rows = batch.get(table) or []
            if rows:
                self._write(table, rows)

    def _write(self, table: str, rows: list[Row]) -> None:
        names = [column.name for column in self.columns[table]]
        if table == "dossier":
            # The staff search's line, as the ORM would have filled it (models/search_index).
            for row in rows:
                row["search_text"] = search_text_of_row(row)
        if self.dialect == "postgresql":
            raw = self.connection.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor:
                sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for values in self._tuples(table, rows):
                        copy.write_row(values)
            return
        marks = ", ".join("?" for _ in names)
        raw_sqlite = self.connection.connection.driver_connection
        assert raw_sqlite is not None
        raw_sqlite.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
            self._tuples(table, rows),
        )


def write_counters(connection: Connection, counters: dict[tuple[str, Any], int]) -> None:
    """The units' daily code counters, so the next receipt continues after the last code."""
    rows = [
        {"unit_code": unit, "day": day, "last_seq": seq} for (unit, day), seq in counters.items()
    ]
    if rows:
        connection.execute(Base.metadata.tables["dossier_counter"].insert(), rows)


def first_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: int(connection.scalar(text(f"SELECT coalesce(max(id), 0) FROM {table}")) or 0)
            + 1
            for table in ID_TABLES
        }


def finish(engine: Engine, *, analyze: bool = True) -> None:
    """Sequences past the ids we wrote (PostgreSQL), then ANALYZE for the planner; on
    PostgreSQL VACUUM (ANALYZE), which also fills the visibility map a bulk load leaves
    empty, as autovacuum would on a live database: without it every index-only scan
    reads the table too (bench/PLANS.md, the task list)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in ID_TABLES:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )
    if not analyze:
        return
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
