"""The declaration (tờ khai) printed from a dossier's answers: the national heading, the
form's title and the official form it follows, each section's answers (a group as a table),
the applicant's pledge and signature block. Filed with the dossier at online submission and
at counter receipt (services/declaration.py), on the fonts of every other slip."""

from __future__ import annotations

from dataclasses import dataclass

from vpub_onestop.domain.declaration.printed import PrintedSection
from vpub_onestop.slips.pdf import render_pdf


@dataclass(frozen=True)
class DeclarationPaper:
    title: str
    legal_form: str
    procedure_name: str
    procedure_code: str
    dossier_code: str | None
    addressee: str
    sections: list[PrintedSection]
    declarant: str
    place_date: str
    form_version: int
    channel_note: str


def render_declaration(paper: DeclarationPaper) -> bytes:
    return render_pdf("slips/declaration.html", paper=paper)
