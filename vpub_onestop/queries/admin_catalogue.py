"""The administrator's view of the catalogue (docs/domain.md#catalogue-versions): every
procedure with its latest version (a draft, the published one, or a retired one when
nothing is in force), searched and filtered like the public catalogue; one procedure's
versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.models import Agency, Dossier, Procedure
from vpub_onestop.queries.catalogue import CatalogueFilters, filtered, limit_label

PER_PAGE = 25
STATUS_FILTERS = {status.value: status for status in ProcedureStatus}


@dataclass(frozen=True)
class AdminRow:
    code: str
    name: str
    field: str
    level: str
    limit: str
    version: int  # the latest version
    status: ProcedureStatus  # the latest version's
    latest_id: int


@dataclass(frozen=True)
class AdminPage:
    rows: list[AdminRow]
    total: int
    page: int
    pages: int


def admin_procedures(
    session: Session, filters: CatalogueFilters, status: str = "", per_page: int = PER_PAGE
) -> AdminPage:
    """One row per code: its latest version, filtered on that version's data."""
    newest = (
        select(Procedure.code, func.max(Procedure.version).label("version"))
        .group_by(Procedure.code)
        .subquery()
    )
    latest = aliased(Procedure)
    stmt = select(latest).join(
        newest, and_(newest.c.code == latest.code, newest.c.version == latest.version)
    )
    stmt = filtered(stmt, filters, procedure=latest)
    if status in STATUS_FILTERS:
        stmt = stmt.where(latest.status == STATUS_FILTERS[status])
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, filters.page), pages)
    found = session.scalars(
        stmt.order_by(latest.name, latest.code).limit(per_page).offset((page - 1) * per_page)
    ).all()
    rows = [
        AdminRow(
            p.code,
            p.name,
            p.field,
            p.level,
            limit_label(p.limit_amount, p.limit_unit),
            p.version,
            p.status,
            p.id,
        )
        for p in found
    ]
    return AdminPage(rows, total, page, pages)


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    status: ProcedureStatus
    valid_from: date | None
    valid_to: date | None
    limit: str
    dossiers: int  # received under this version


def versions_of(session: Session, code: str) -> list[VersionRow]:
    """The versions of `code`, newest first, with how many dossiers each one holds."""
    ids = select(Procedure.id).where(Procedure.code == code)
    counts = (
        select(Dossier.procedure_id, func.count().label("n"))
        .where(Dossier.procedure_id.in_(ids))
        .group_by(Dossier.procedure_id)
        .subquery()
    )
    rows = session.execute(
        select(Procedure, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.procedure_id == Procedure.id)
        .where(Procedure.code == code)
        .order_by(Procedure.version.desc())
    ).all()
    return [
        VersionRow(
            p.id,
            p.version,
            p.status,
            p.valid_from,
            p.valid_to,
            limit_label(p.limit_amount, p.limit_unit),
            int(n),
        )
        for p, n in rows
    ]


def version_for_admin(session: Session, procedure_id: int) -> Procedure | None:
    """Any version, draft included (the administrator's pages only)."""
    return session.get(Procedure, procedure_id)


def agency_choices(session: Session) -> list[tuple[int, str]]:
    """The agencies a route step may name."""
    rows = session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    return [(int(agency_id), str(name)) for agency_id, name in rows]
