"""The declaration's answers on a dossier, and its printed copy filed with the dossier
(docs/domain.md#declaration-forms). Called inside the citizen's and the counter's own
transactions: nothing here commits.

The answers are checked against the definition of the dossier's own procedure version, so
a dossier always keeps the form it was filed under, whatever later versions change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from vpub_onestop.access.declaration import declaration_document_id, form_of
from vpub_onestop.domain.declaration.answers import Cleaned, clean_answers
from vpub_onestop.domain.declaration.printed import printed_sections, searchable_text
from vpub_onestop.domain.declaration.retype import typed_answers
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.formatting import local_day
from vpub_onestop.models import Dossier, Procedure
from vpub_onestop.services.files import store_file
from vpub_onestop.slips.declaration import DeclarationPaper, render_declaration

# Field errors of the declaration carry this prefix before the answer's path, so that the
# pages put them under the declaration's own fields.
ERROR_PREFIX = "tk."
PDF_FIELD = "declaration"


def _refuse(result: Cleaned) -> None:
    if result.errors:
        raise ValidationError(
            N_("Tờ khai còn %(n)s mục chưa hợp lệ: xem các ô được đánh dấu.", n=len(result.errors)),
            {ERROR_PREFIX + path: message for path, message in result.errors.items()},
        )


def apply_answers(
    dossier: Dossier, raw: Mapping[str, Any] | None, *, today: date, complete: bool
) -> None:
    """Check and store the typed answers (`complete`: every required field answered). A form
    left entirely blank stores no declaration: the applicant files the paper one instead (a
    scan of the signed form, as before the electronic form existed)."""
    definition = form_of(dossier.procedure)
    if definition is None or raw is None:
        return
    result = clean_answers(definition, raw, today=today, complete=False)
    if not result.answers and result.ok:
        dossier.form_answers = dossier.form_version = dossier.form_search_text = None
        return
    if complete:  # every problem at once: the malformed and the missing
        result = clean_answers(definition, raw, today=today, complete=True)
    _refuse(result)
    dossier.form_answers = result.answers
    dossier.form_version = definition.version
    dossier.form_search_text = searchable_text(definition, result.answers) or None


def typed_problems(
    procedure: Procedure, raw: Mapping[str, Any] | None, *, today: date
) -> tuple[bool, dict[str, str]]:
    """(the declaration is filled in, its problems as field errors) for answers typed at the
    counter, checked with the rest of the form so the officer sees every problem at once.
    A form left blank is not filled in: the paper declaration is then in the checklist."""
    definition = form_of(procedure)
    if definition is None or raw is None:
        return False, {}
    result = clean_answers(definition, raw, today=today, complete=False)
    if not result.answers and result.ok:
        return False, {}
    result = clean_answers(definition, raw, today=today, complete=True)
    return True, {ERROR_PREFIX + path: message for path, message in result.errors.items()}


def declaration_filled(dossier: Dossier) -> bool:
    return dossier.form_answers is not None and form_of(dossier.procedure) is not None


def provided_document_id(dossier: Dossier) -> int | None:
    """The document the dossier's electronic declaration provides (None: no declaration
    filled in, the paper one must be uploaded)."""
    return declaration_document_id(dossier.procedure) if declaration_filled(dossier) else None


def require_complete(dossier: Dossier, *, today: date) -> None:
    """At submission: the stored answers, checked again as if typed, with every required
    field (a draft may have been saved half-filled)."""
    definition = form_of(dossier.procedure)
    if definition is None or dossier.form_answers is None:
        return
    typed = typed_answers(definition, dossier.form_answers)
    _refuse(clean_answers(definition, typed, today=today, complete=True))


def _file_name(dossier: Dossier) -> str:
    code = re.sub(r"[^A-Za-z0-9.-]+", "-", dossier.code or str(dossier.id)).strip("-")
    return f"to-khai-{code}.pdf"


def file_declaration(
    session: Session, dossier: Dossier, pdf: bytes, *, now: datetime, user_id: int | None
) -> None:
    """File the printed declaration as the applicant's document it stands for."""
    store_file(
        session,
        dossier,
        _file_name(dossier),
        pdf,
        now=now,
        uploaded_by_id=user_id,
        required_document_id=declaration_document_id(dossier.procedure),
        field=PDF_FIELD,
    )


def _place_date(now: datetime) -> str:
    day = local_day(now)
    return f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def print_and_file(
    session: Session, dossier: Dossier, *, now: datetime, user_id: int | None
) -> bool:
    """Print the declaration of a dossier that has answers and file it; False if none."""
    definition = form_of(dossier.procedure)
    if definition is None or dossier.form_answers is None:
        return False
    paper = DeclarationPaper(
        title=definition.title,
        legal_form=definition.legal_form,
        procedure_name=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        dossier_code=dossier.code,
        addressee=dossier.receiving_unit.name,
        sections=printed_sections(definition, dossier.form_answers),
        declarant=dossier.applicant_name,
        place_date=_place_date(now),
        form_version=dossier.form_version or definition.version,
        channel_note=CHANNEL_NOTES.get(dossier.channel, ""),
    )
    file_declaration(session, dossier, render_declaration(paper), now=now, user_id=user_id)
    return True


CHANNEL_NOTES = {
    "online": "nộp trực tuyến",
    "direct": "khai tại Bộ phận Một cửa",
    "post": "nhận qua bưu chính",
}
