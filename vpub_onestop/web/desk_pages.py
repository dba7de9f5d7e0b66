"""Rendering of the desk's two decision pages (the check screen and the officer's dossier
page), shared by the GET views and by the actions that show a form again with its errors."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_wtf import FlaskForm

from vpub_onestop.extensions import db
from vpub_onestop.queries.workspace import DossierView, dossier_view
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web.desk_forms import FORMS, return_for_completion_form
from vpub_onestop.web.workspace import (
    acting_officer,
    now_utc,
    orphan_errors,
    slip_links,
    slip_url,
)

# Acts decided on the check screen; the dossier page links there instead.
CHECK_ACTIONS = ("receive", "return_for_completion", "refuse")
# After an act, the slip to print next (offered at the top of the dossier page).
NEXT_SLIP = {"tiep-nhan": "mau-01", "hoan-thien": "mau-02", "tu-choi": "mau-03"}

Rendered = tuple[str, int]


def load_view(dossier_id: int) -> DossierView:
    return dossier_view(db.session(), dossier_id, acting_officer(), now_utc(), load_work_calendar())


def _blank(form_class: type[FlaskForm], prefix: str, version: int, **preset: Any) -> FlaskForm:
    return form_class(formdata=None, prefix=prefix, data={"version": version, **preset})


def _preset(action: str, view: DossierView) -> dict[str, Any]:
    """What a blank action form starts with besides the version. The return form starts on
    the delivery the applicant chose when filing (docs/domain.md#return), so a tired
    officer's Enter does not hand an online result over "at the counter"; the officer may
    still pick another way."""
    if action == "return_result":
        return {"method": view.dossier.result_delivery}
    return {}


def render_check(
    dossier_id: int, given: dict[str, FlaskForm] | None = None, status: int = 200
) -> Rendered:
    view = load_view(dossier_id)
    documents = list(view.dossier.procedure.documents)
    given = given or {}
    version = view.dossier.version
    forms = {
        "receive": given.get("receive") or _blank(FORMS["receive"], "receive", version),
        "refuse": given.get("refuse") or _blank(FORMS["refuse"], "refuse", version),
        "return_for_completion": given.get("return_for_completion")
        or _blank(return_for_completion_form(documents), "rfc", version),
    }
    page = render_template(
        "desk/check.html",
        view=view,
        forms=forms,
        documents=documents,
        offered=set(view.actions) & set(CHECK_ACTIONS),
    )
    return page, status


def render_dossier(
    dossier_id: int, given: dict[str, FlaskForm] | None = None, status: int = 200
) -> Rendered:
    view = load_view(dossier_id)
    return render_template("desk/dossier.html", **dossier_context(view, given or {})), status


def dossier_context(view: DossierView, given: dict[str, FlaskForm]) -> dict[str, Any]:
    version = view.dossier.version
    forms = {
        action: given.get(action) or _blank(FORMS[action], action, version, **_preset(action, view))
        for action in view.actions
        if action not in CHECK_ACTIONS
    }
    just_done = request.args.get("xong", "")
    next_slip = NEXT_SLIP.get(just_done)
    return {
        "view": view,
        "forms": forms,
        "can_check": view.awaiting_check
        and any(action in view.actions for action in CHECK_ACTIONS),
        "slips": slip_links(view.slip_keys, view.dossier.id),
        "just_done": just_done,
        "next_slip_key": next_slip,
        "next_slip_url": slip_url(next_slip, view.dossier.id) if next_slip else None,
        "alerts": orphan_errors(given, forms),
    }
