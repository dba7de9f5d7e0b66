"""The shape every monitoring table takes, whether it is drawn as HTML, written to Excel or
to CSV: the page and the files are built from the same objects, so they show the same
figures by construction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

TOTAL_LABEL = _l("Tổng cộng")


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # a (lazy) Vietnamese string
    kind: str = "int"  # int | text | percent | number (0.00) | decimal (0.0) | datetime
    width: int = 12  # Excel column width, in characters
    drill: str | None = None  # the drill-down list behind the figure (stats kind)


@dataclass(frozen=True)
class Row:
    values: dict[str, Any]
    # Query arguments that narrow a drill-down to this row (e.g. {"don_vi": "3"}).
    filters: dict[str, str] = field(default_factory=dict)
    # The record a drill-down row opens: ("dossier", id) or ("task", id).
    opens: tuple[str, int] | None = None


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: Any
    columns: tuple[Column, ...]
    rows: list[Row]
    totals: dict[str, Any] | None = None
    note: Any = None
    drill_endpoint: str = "monitor.dossiers"
    sheet: Any = None  # a short Excel sheet name (at most 31 characters); else the title

    @property
    def label_key(self) -> str:
        return self.columns[0].key


@dataclass(frozen=True)
class ReportDocument:
    """A page's worth of tables with the lines that say what they are about."""

    title: Any
    meta: list[tuple[Any, str]]
    tables: list[ReportTable]
    generated_at: datetime | None = None


# The usual abbreviations of Vietnamese administration, so that chart labels of agencies
# whose names share a long beginning stay tell-apart-able.
_ABBREVIATIONS = (
    ("Trung tâm Phục vụ hành chính công", "TTPVHCC"),
    ("Ủy ban nhân dân", "UBND"),
    ("Văn phòng Đăng ký đất đai", "VP ĐKĐĐ"),
    ("Bảo hiểm xã hội", "BHXH"),
)


def short_name(name: str) -> str:
    for long, short in _ABBREVIATIONS:
        name = name.replace(long, short)
    return name


def values_of(source: Any, columns: Iterable[Column], **extra: Any) -> dict[str, Any]:
    """Read each column's figure from an object's attribute of the same name."""
    values = dict(extra)
    for column in columns:
        if column.key not in values:
            values[column.key] = getattr(source, column.key)
    return values
