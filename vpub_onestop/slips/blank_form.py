"""A procedure's blank form (tờ khai, đơn) as a PDF to print and fill in by hand.

The catalogue holds each form's title and field labels; the page is drawn on the same print
stylesheet and fonts as the official slips, so it prints the same way and needs nothing
from the network.
"""

from __future__ import annotations

import re

from vpub_onestop.queries.procedure_page import BlankForm
from vpub_onestop.slips.pdf import render_pdf


def render_blank_form(form: BlankForm) -> bytes:
    return render_pdf("slips/blank-form.html", form=form)


def blank_form_filename(form: BlankForm, number: int) -> str:
    """ASCII only: the procedure code and the document's number in the list."""
    code = re.sub(r"[^A-Za-z0-9.]+", "-", form.procedure_code).strip("-.")
    return f"mau-{code}-{number}.pdf"
