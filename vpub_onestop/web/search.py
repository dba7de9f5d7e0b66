"""The staff search page (`/tim-kiem?q=`), reached from the box in the navigation bar:
any officer finds a dossier they may see by code, name, phone, ID or tax number, or
procedure (queries/search.py). A citizen has no staff search: the page answers 403."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.search import MAX_QUERY_LENGTH, normalise_query, query_problem
from vpub_onestop.extensions import db
from vpub_onestop.queries.search import HitPage, search_dossiers
from vpub_onestop.web.errors import translated
from vpub_onestop.web.request_input import arg_id, arg_text
from vpub_onestop.web.workspace import STAFF_ROLES, acting_officer, roles_required

bp = Blueprint("search", __name__)


def staff_search_shown() -> bool:
    """The navigation bar's search box: for staff, never for a citizen or a visitor."""
    return current_user.is_authenticated and Role(current_user.role) in STAFF_ROLES


@bp.get("/tim-kiem")
@roles_required(*STAFF_ROLES)
def results() -> str:
    typed = arg_text("q", MAX_QUERY_LENGTH * 2)
    query = normalise_query(typed)
    problem = query_problem(query)
    page = HitPage([], None)
    if problem is None:
        page = search_dossiers(db.session(), acting_officer(), query, after=_after())
    return render_template(
        "search/results.html",
        typed=typed.strip(),
        problem=translated(problem) if problem else None,
        page=page,
        next_url=(
            url_for("search.results", q=typed.strip(), sau=page.next_after)
            if page.next_after
            else None
        ),
        first_url=url_for("search.results", q=typed.strip()) if _after() else None,
        max_length=MAX_QUERY_LENGTH,
    )


def _after() -> int | None:
    """The keyset cursor: the next page lists the dossiers below this id."""
    return arg_id("sau")
