"""The public procedure catalogue: search with filters, and one procedure's full page.

Search is accent- and case-insensitive: `Procedure.search_text` holds a folded copy of
code + name + field, the query is folded the same way, and every word of it must appear.
Exact code matches come first, then codes that start with the query, then by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.catalogue_source import is_illustrative
from vpub_onestop.domain.deadlines import LimitUnit, TimeLimit
from vpub_onestop.domain.fees import FeeDescription, describe_fee
from vpub_onestop.domain.identifiers import is_ascii_digits
from vpub_onestop.domain.template_files import extension_for_template
from vpub_onestop.domain.text import fold
from vpub_onestop.models import Agency, Procedure, RequiredDocument, RouteStep

PER_PAGE = 20
QUERY_MAX_LENGTH = 100
# Filter value meaning "a step done by whichever one-stop unit received the dossier".
RECEIVING_UNIT_FILTER = "tiep-nhan"

LEVEL_LABELS = {"province": "Cấp tỉnh", "commune": "Cấp xã"}
ONLINE_LABELS = {"full": "Toàn trình", "partial": "Một phần"}


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def online_label(level: str) -> str:
    return ONLINE_LABELS.get(level, level)


def limit_label(amount: Decimal, unit: str) -> str:
    """ "3 ngày làm việc", "Trong ngày"... (capitalised: it starts a table cell)."""
    try:
        text = TimeLimit(Decimal(amount), LimitUnit(unit)).label_vi
    except ValueError:
        text = f"{amount} {unit}"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class CatalogueFilters:
    query: str = ""
    field: str = ""
    level: str = ""
    agency: str = ""  # an agency id, RECEIVING_UNIT_FILTER, or ""
    online: str = ""
    page: int = 1


@dataclass(frozen=True)
class ProcedureRow:
    code: str
    name: str
    field: str
    level: str
    online_level: str
    limit: str


@dataclass(frozen=True)
class CataloguePage:
    rows: list[ProcedureRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class FilterOptions:
    fields: list[str]
    agencies: list[tuple[str, str]]  # (value, name)


def _current() -> Select[Procedure]:
    return select(Procedure).where(Procedure.is_current.is_(True))


def current_procedure(session: Session, procedure_id: int) -> Procedure | None:
    """The procedure with this id if it is the current version (None otherwise)."""
    procedure = session.get(Procedure, procedure_id)
    return procedure if procedure is not None and procedure.is_current else None


def filtered(
    stmt: Select[Any], filters: CatalogueFilters, procedure: Any = Procedure
) -> Select[Any]:
    """`stmt` narrowed by the filters; `procedure` names the table (or an alias of it)."""
    words = fold(filters.query[:QUERY_MAX_LENGTH]).split()
    if words:
        stmt = stmt.where(
            and_(*(procedure.search_text.contains(word, autoescape=True) for word in words))
        )
    if filters.field:
        stmt = stmt.where(procedure.field == filters.field)
    if filters.level in LEVEL_LABELS:
        stmt = stmt.where(procedure.level == filters.level)
    if filters.online in ONLINE_LABELS:
        stmt = stmt.where(procedure.online_level == filters.online)
    if filters.agency == RECEIVING_UNIT_FILTER:
        steps = select(RouteStep.procedure_id).where(RouteStep.agency_id.is_(None))
        stmt = stmt.where(procedure.id.in_(steps))
    elif is_ascii_digits(filters.agency):
        steps = select(RouteStep.procedure_id).where(RouteStep.agency_id == int(filters.agency))
        stmt = stmt.where(procedure.id.in_(steps))
    return stmt


def current_filtered(filters: CatalogueFilters) -> Select[Procedure]:
    """Current procedures matching the filters, unordered (the API pages them by code)."""
    return filtered(_current(), filters)


def search_procedures(
    session: Session, filters: CatalogueFilters, per_page: int = PER_PAGE
) -> CataloguePage:
    stmt = filtered(_current(), filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, filters.page), pages)
    wanted = filters.query.strip()
    rank = case(
        (func.lower(Procedure.code) == wanted.lower(), 0),
        (Procedure.code.startswith(wanted, autoescape=True), 1),
        else_=2,
    )
    procedures = session.scalars(
        stmt.order_by(rank, Procedure.name, Procedure.code)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    rows = [
        ProcedureRow(
            code=p.code,
            name=p.name,
            field=p.field,
            level=p.level,
            online_level=p.online_level,
            limit=limit_label(p.limit_amount, p.limit_unit),
        )
        for p in procedures
    ]
    return CataloguePage(rows=rows, total=total, page=page, pages=pages)


def filter_options(session: Session) -> FilterOptions:
    fields = session.scalars(
        select(Procedure.field)
        .where(Procedure.is_current.is_(True), Procedure.field != "")
        .distinct()
        .order_by(Procedure.field)
    ).all()
    agencies = session.execute(
        select(Agency.id, Agency.name)
        .where(Agency.id.in_(select(RouteStep.agency_id).where(RouteStep.agency_id.is_not(None))))
        .order_by(Agency.name)
    ).all()
    options = [(RECEIVING_UNIT_FILTER, "Bộ phận Một cửa nơi tiếp nhận hồ sơ")]
    options += [(str(agency_id), name) for agency_id, name in agencies]
    return FilterOptions(fields=list(fields), agencies=options)


# --- one procedure ---------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentLine:
    name: str
    originals: int
    copies: int
    mandatory: bool
    template_name: str | None
    position: int = 0
    # A blank form can be downloaded (the template has its field labels).
    printable: bool = False
    # The content type of the template an administrator uploaded, if any: offered instead
    # of the generated blank form (docs/domain.md#paper-templates).
    uploaded_type: str | None = None
    # The uploaded file: its stored name, the name it was uploaded under, its size in bytes.
    uploaded_file: str | None = None
    uploaded_file_name: str | None = None
    uploaded_size: int | None = None

    @property
    def uploaded_format(self) -> str:
        """ "DOCX", "PDF"...: what the citizen's link says they will get."""
        return extension_for_template(self.uploaded_type or "").lstrip(".").upper()


@dataclass(frozen=True)
class RouteLine:
    stage: int
    agency_name: str
    task_name: str | None
    budget: str
    needs_approval: bool


@dataclass(frozen=True)
class ProcedureDetail:
    id: int
    code: str
    name: str
    field: str
    level: str
    online_level: str
    limit: str
    fee: FeeDescription
    result_name: str
    legal_basis: str | None
    documents: list[DocumentLine]
    route: list[RouteLine]
    # The catalogue's fee rule, for a page that words the fee in another language.
    fee_rule: Mapping[str, Any]
    conditions: str | None = None
    # Code, limit or fee not checked against the national database: the page says so.
    illustrative: bool = False


def procedure_detail(session: Session, code: str) -> ProcedureDetail | None:
    """The current version of the procedure with this code; three queries in all."""
    procedure = session.scalars(
        _current().where(Procedure.code == code).order_by(Procedure.version.desc())
    ).first()
    if procedure is None:
        return None
    return version_detail(session, procedure)


def version_detail(session: Session, procedure: Procedure) -> ProcedureDetail:
    """The page of any one version (the administrator's preview of a draft)."""
    documents = session.scalars(
        select(RequiredDocument)
        .where(RequiredDocument.procedure_id == procedure.id)
        .order_by(RequiredDocument.position, RequiredDocument.id)
    ).all()
    steps = session.execute(
        select(RouteStep, Agency.name)
        .outerjoin(Agency, Agency.id == RouteStep.agency_id)
        .where(RouteStep.procedure_id == procedure.id)
        .order_by(RouteStep.stage, RouteStep.position, RouteStep.id)
    ).all()
    return ProcedureDetail(
        id=procedure.id,
        code=procedure.code,
        name=procedure.name,
        field=procedure.field,
        level=procedure.level,
        online_level=procedure.online_level,
        limit=limit_label(procedure.limit_amount, procedure.limit_unit),
        fee=describe_fee(procedure.fee_rule),
        result_name=procedure.result_name,
        legal_basis=procedure.legal_basis,
        documents=[
            DocumentLine(
                d.name,
                d.originals,
                d.copies,
                d.mandatory,
                d.template_name,
                d.position,
                bool(d.template_name and d.template_fields),
                d.template_file_type if d.template_file else None,
                d.template_file,
                d.template_file_name,
                d.template_file_size,
            )
            for d in documents
        ],
        route=[
            RouteLine(
                stage=step.stage,
                agency_name=agency_name or "Bộ phận Một cửa nơi tiếp nhận hồ sơ",
                task_name=step.task_name,
                budget=limit_label(step.budget_amount, step.budget_unit),
                needs_approval=step.needs_approval,
            )
            for step, agency_name in steps
        ],
        fee_rule=dict(procedure.fee_rule or {}),
        conditions=procedure.conditions,
        illustrative=is_illustrative(procedure.source_note),
    )
