"""The declarations of a procedure's dossiers as a table, for the staff who may see those
dossiers (access.visibility.visible_dossiers): one sheet per form version, since versions
ask different questions; one row per dossier with a code, one column per field (a group's
rows joined in one cell). Written by services/exports.py as Excel or CSV."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.access.visibility import visible_dossiers
from vpub_onestop.domain.declaration.definition import parse_definition
from vpub_onestop.domain.declaration.printed import flat_columns, flat_value
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Dossier, Procedure
from vpub_onestop.queries.stats_tables import Column, ReportDocument, ReportTable, Row

FIXED = (
    Column("code", _l("Mã hồ sơ"), "text", 28),
    Column("submitted", _l("Nộp lúc"), "datetime", 17),
    Column("received", _l("Tiếp nhận lúc"), "datetime", 17),
    Column("applicant", _l("Người nộp"), "text", 24),
)
CHUNK = 500


def _rows(session: Session, actor: Actor, procedure_id: int, columns: list[Any]) -> Iterator[Row]:
    scope = visible_dossiers(actor)
    assert scope is not None
    stmt = (
        select(
            Dossier.code,
            Dossier.submitted_at,
            Dossier.received_at,
            Dossier.applicant_name,
            Dossier.form_answers,
        )
        .where(
            scope,
            Dossier.procedure_id == procedure_id,
            Dossier.code.is_not(None),
            Dossier.form_answers.is_not(None),
        )
        .order_by(Dossier.id)
        .execution_options(yield_per=CHUNK)
    )
    for code, submitted, received, applicant, answers in session.execute(stmt):
        values = {"code": code, "submitted": submitted, "received": received}
        values["applicant"] = applicant
        for item in columns:
            values[item.key] = flat_value(item, (answers or {}).get(item.key))
        yield Row(values)


def answers_document(session: Session, actor: Actor, code: str) -> ReportDocument | None:
    """None when the actor may not export (no staff scope) or the procedure has no form."""
    if visible_dossiers(actor) is None:
        return None
    versions = session.execute(
        select(Procedure.id, Procedure.name, Procedure.form_definition)
        .where(Procedure.code == code, Procedure.form_definition.is_not(None))
        .order_by(Procedure.version)
    ).all()
    if not versions:
        return None
    tables = []
    for procedure_id, _name, data in versions:
        definition = parse_definition(data)
        fields = flat_columns(definition)
        columns = (*FIXED, *(Column(f.key, f.label, "text", 24) for f in fields))
        tables.append(
            ReportTable(
                key=f"v{definition.version}",
                title=_l(
                    "%(title)s, mẫu phiên bản %(n)s", title=definition.title, n=definition.version
                ),
                columns=columns,
                rows=list(_rows(session, actor, procedure_id, fields)),
                sheet=_l("Phiên bản %(n)s", n=definition.version),
            )
        )
    return ReportDocument(
        title=_l("Tờ khai điện tử: %(name)s", name=versions[-1][1]),
        meta=[(_l("Mã thủ tục"), code)],
        tables=tables,
    )
