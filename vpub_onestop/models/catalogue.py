"""Procedure catalogue: procedures (versioned), required documents, route steps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.models.base import Base, state_column

if TYPE_CHECKING:
    from vpub_onestop.models.org import Agency


class Procedure(Base):
    """One version of a procedure (docs/domain.md#catalogue-versions): a published version
    is never edited; a change is a new draft (services/catalogue_versions.py)."""

    __tablename__ = "procedure"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), index=True)  # national code, e.g. 1.001193
    version: Mapped[int] = mapped_column(default=1)  # the catalogue version, 1, 2, ...
    status: Mapped[ProcedureStatus] = mapped_column(
        state_column(ProcedureStatus, length=10),
        default=ProcedureStatus.PUBLISHED,
        server_default="published",
    )
    # The row's own revision: two administrators saving the same draft at once get one
    # winner and one "reload" page (the same optimistic locking as a dossier).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    name: Mapped[str] = mapped_column(String(500))
    # Lower-case, accent-free copy of code + name so "khai sinh" finds "Khai sinh".
    search_text: Mapped[str] = mapped_column(String(600), default="")
    field: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(20))  # province | commune
    limit_amount: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    limit_unit: Mapped[str] = mapped_column(String(20))
    # A shorter limit for a dossier submitted online, where the procedure has one.
    online_limit_amount: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    online_limit_unit: Mapped[str | None] = mapped_column(String(20))
    fee_rule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    online_level: Mapped[str] = mapped_column(String(20))  # full | partial
    result_name: Mapped[str] = mapped_column(String(500))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    # Who may use the procedure and what must hold (yêu cầu, điều kiện), as published.
    conditions: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(String(500))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    # True exactly for the published version: the one every list, the counter and the
    # portal offer for new dossiers (kept with `status` by the version service).
    is_current: Mapped[bool] = mapped_column(default=True, index=True)
    # "Không phụ thuộc địa giới hành chính": any one-stop unit of the level may take it in.
    any_unit: Mapped[bool] = mapped_column(default=False, server_default="0")
    # "Trả ngay": the result is handed over at the counter in the same visit (received,
    # processed and returned in one operation); the dossier is still recorded and counted.
    immediate_result: Mapped[bool] = mapped_column(default=False, server_default="0")
    # The electronic declaration form (tờ khai điện tử) of this version, as data: sections of
    # typed fields (domain/declaration/definition.py), checked before it is stored. None: the
    # procedure has no electronic form. Copied with the version's other columns, so a
    # dossier always renders with its own version's form (docs/domain.md#declaration-forms).
    # none_as_null: None is SQL NULL (not the JSON text null), so IS NULL finds it.
    form_definition: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    documents: Mapped[list[RequiredDocument]] = relationship(
        order_by="RequiredDocument.position", cascade="all, delete-orphan"
    )
    steps: Mapped[list[RouteStep]] = relationship(
        order_by="(RouteStep.stage, RouteStep.position)", cascade="all, delete-orphan"
    )

    @property
    def limit_text(self) -> str:
        return (
            "same_day"
            if self.limit_unit == "same_day"
            else f"{self.limit_amount} {self.limit_unit}"
        )

    __mapper_args__ = {"version_id_col": revision}

    def __repr__(self) -> str:
        return f"<Procedure {self.code} v{self.version}>"


class RequiredDocument(Base):
    __tablename__ = "required_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(500))
    originals: Mapped[int] = mapped_column(default=0)
    copies: Mapped[int] = mapped_column(default=0)
    mandatory: Mapped[bool] = mapped_column(default=True)
    template_name: Mapped[str | None] = mapped_column(String(200))
    # The blank form's field labels, in order: the procedure page offers it as a PDF to
    # print and fill in (docs/domain.md#catalogue).
    template_fields: Mapped[list[str] | None] = mapped_column(JSON)
    # A blank template the administrator uploaded (docs/domain.md#paper-templates): its
    # stored name (`mau-…`, shared by the versions copied from this one), the content type
    # found on upload, its size and the name it was uploaded under (for the administrator).
    template_file: Mapped[str | None] = mapped_column(String(60), index=True)
    template_file_type: Mapped[str | None] = mapped_column(String(100))
    template_file_size: Mapped[int | None] = mapped_column()
    template_file_name: Mapped[str | None] = mapped_column(String(200))


class RouteStep(Base):
    """One agency's share of the route. Steps with the same stage run in parallel."""

    __tablename__ = "route_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    stage: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    # None means "the receiving unit" (whichever one-stop unit received the dossier).
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    task_name: Mapped[str | None] = mapped_column(String(300))
    budget_amount: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    budget_unit: Mapped[str] = mapped_column(String(20))
    needs_approval: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency | None] = relationship()

    @property
    def budget_text(self) -> str:
        if self.budget_unit == "same_day":
            return "same_day"
        return f"{self.budget_amount} {self.budget_unit}"
