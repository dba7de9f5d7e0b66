"""The procedure catalogue as the API lists it: the public catalogue's filters
(queries/catalogue.py, one home for them), in code order, a page at a time after a
cursor (keyset: the cost of a page does not grow with its depth)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vpub_onestop.models import Procedure
from vpub_onestop.queries.catalogue import CatalogueFilters, current_filtered


@dataclass(frozen=True)
class ListedProcedure:
    id: int
    code: str
    version: int
    name: str
    field: str
    level: str
    online_level: str
    limit_amount: Decimal
    limit_unit: str


@dataclass(frozen=True)
class ProcedurePage:
    items: list[ListedProcedure]
    # (code, id) of the last item when more follow, else None.
    next_after: tuple[str, int] | None


def procedure_page(
    session: Session,
    filters: CatalogueFilters,
    after: tuple[str, int] | None,
    limit: int,
) -> ProcedurePage:
    stmt = current_filtered(filters)
    if after is not None:
        code, last_id = after
        stmt = stmt.where(
            or_(Procedure.code > code, (Procedure.code == code) & (Procedure.id > last_id))
        )
    rows = session.scalars(stmt.order_by(Procedure.code, Procedure.id).limit(limit + 1)).all()
    items = [
        ListedProcedure(
            id=p.id,
            code=p.code,
            version=p.version,
            name=p.name,
            field=p.field,
            level=p.level,
            online_level=p.online_level,
            limit_amount=p.limit_amount,
            limit_unit=p.limit_unit,
        )
        for p in rows[:limit]
    ]
    more = len(rows) > limit
    return ProcedurePage(items, (items[-1].code, items[-1].id) if more and items else None)


@dataclass(frozen=True)
class Terms:
    """What the API adds to the procedure page's detail: machine-readable terms."""

    version: int
    limit_amount: Decimal
    limit_unit: str
    immediate_result: bool
    # The version's electronic declaration form as stored (docs/domain.md#declaration-forms).
    form_definition: dict[str, Any] | None


def procedure_terms(session: Session, procedure_id: int) -> Terms | None:
    row = session.execute(
        select(
            Procedure.version,
            Procedure.limit_amount,
            Procedure.limit_unit,
            Procedure.immediate_result,
            Procedure.form_definition,
        ).where(Procedure.id == procedure_id)
    ).first()
    if row is None:
        return None
    return Terms(
        row.version,
        row.limit_amount,
        row.limit_unit,
        bool(row.immediate_result),
        dict(row.form_definition) if row.form_definition is not None else None,
    )
