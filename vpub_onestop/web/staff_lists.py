"""The officers' dossier lists (queries/staff_lists.py): the one-stop unit's "all dossiers
of my unit" (`/mot-cua/danh-sach-ho-so`) and an agency's dossiers of its open steps
(`/xu-ly/danh-sach-ho-so`), filtered by state, procedure, channel, due window and the
agency holding the dossier, sorted, paged by keyset. The home page's counts link here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries.staff_lists import (
    COUNT_CAP,
    DueWindow,
    Filters,
    Sort,
    StateFilter,
    holder_choices,
    is_agency,
    procedure_choices,
    staff_list,
)
from vpub_onestop.queries.stats_scope import CHANNELS
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web.request_input import arg_choice, arg_id
from vpub_onestop.web.workspace import (
    AGENCY_ROLES,
    DESK_ROLES,
    acting_officer,
    now_utc,
    page_edge,
    page_number,
    page_size,
    page_url,
    roles_required,
)

bp = Blueprint("lists", __name__)

# An agency's list holds the dossiers of its open steps: the finished states have none.
AGENCY_STATES = tuple(item for item in StateFilter if item.live and item is not StateFilter.RESULT)


def read_filters(*, agency: bool, specialist: bool = False) -> Filters:
    """The filters of the link (unknown values fall back to the defaults). "Sent back" is
    the specialist's: the leader's send-back returns a step to him for rework."""
    states = AGENCY_STATES if agency else tuple(StateFilter)
    state = arg_choice("trang_thai", [s.slug for s in states], StateFilter.OPEN.slug)
    due = arg_choice("han", [d.slug for d in DueWindow], "")
    sort = arg_choice("sap_xep", [s.value for s in Sort], "")
    return Filters(
        state=next(s for s in StateFilter if s.slug == state),
        procedure_id=arg_id("thu_tuc"),
        channel=arg_choice("kenh", CHANNELS, "") or None,
        due=next((d for d in DueWindow if d.slug == due), None),
        holder_id=None if agency else arg_id("co_quan"),
        sent_back=specialist and arg_choice("tra_lai", ["1"], "") == "1",
        sort=Sort(sort) if sort else None,
    )


def _render(endpoint: str) -> str:
    actor = acting_officer()
    agency = is_agency(actor)
    specialist = actor.role is Role.SPECIALIST
    filters = read_filters(agency=agency, specialist=specialist)
    session = db.session()
    listing = staff_list(
        session,
        actor,
        filters,
        now=now_utc(),
        cal=load_work_calendar(),
        page=page_number(),
        size=page_size(),
        after=page_edge(),
    )
    return render_template(
        "lists/dossiers.html",
        listing=listing,
        rows=listing.page,
        filters=filters,
        agency=agency,
        specialist=specialist,
        state_choices=AGENCY_STATES if agency else tuple(StateFilter),
        due_choices=tuple(DueWindow),
        sort_choices=tuple(Sort),
        channels=CHANNELS,
        procedures=procedure_choices(session),
        holders=[] if agency else holder_choices(session),
        page_url=page_url,
        reset_url=url_for(endpoint),
        count_cap=COUNT_CAP,
        open_url=_open_url(agency),
    )


def _open_url(agency: bool) -> Any:
    """Where a row leads: an agency officer to his step, the unit to its dossier page."""

    def url(row: Any) -> str:
        if agency and row.task_id:
            return url_for("work.task", task_id=row.task_id)
        return url_for("desk.dossier", dossier_id=row.dossier_id)

    return url


@bp.get("/mot-cua/danh-sach-ho-so")
@roles_required(*DESK_ROLES)
def unit_dossiers() -> str:
    """Every dossier the unit received, open ones first by due date (the default)."""
    return _render("lists.unit_dossiers")


@bp.get("/xu-ly/danh-sach-ho-so")
@roles_required(*AGENCY_ROLES)
def agency_dossiers() -> str:
    """The dossiers on which the agency's (or the specialist's) steps are open."""
    return _render("lists.agency_dossiers")
