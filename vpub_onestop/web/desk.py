"""The one-stop desk (Bộ phận Một cửa): queues, the check screen, the officer's dossier
page, the return desk and the register. Actions live in desk_actions and walk-in intake in
desk_counter; they register their routes on this blueprint.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from vpub_onestop.domain.dispatch import paper_moves_at
from vpub_onestop.domain.errors import NotFound
from vpub_onestop.domain.permissions import desk_units
from vpub_onestop.extensions import db
from vpub_onestop.queries.dossier_files import staff_file
from vpub_onestop.queries.queues import DeskList, desk_counts, desk_list
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web import desk_actions, desk_counter
from vpub_onestop.web.desk_pages import Rendered, load_view, render_check, render_dossier
from vpub_onestop.web.downloads import send_stored
from vpub_onestop.web.workspace import (
    DESK_ROLES,
    DOSSIER_READERS,
    STAFF_ROLES,
    acting_officer,
    now_utc,
    page_edge,
    page_number,
    page_size,
    page_url,
    register_template_helpers,
    roles_required,
)

bp = Blueprint("desk", __name__, url_prefix="/mot-cua")

QUEUE_TABS = (DeskList.CHECK, DeskList.DISPATCH, DeskList.SUPPLEMENT, DeskList.PAYMENT)
RETURN_TABS = (DeskList.RESULT, DeskList.WITHDRAWAL)


def _list_page(template: str, tabs: tuple[DeskList, ...]) -> str:
    actor = acting_officer()
    unit_ids = desk_units(actor)
    which = DeskList.from_slug(request.args.get("loai"), tabs[0])
    if which not in tabs:
        which = tabs[0]
    now = now_utc()
    cal = load_work_calendar()
    counts = desk_counts(db.session(), unit_ids)
    rows = desk_list(
        db.session(),
        unit_ids,
        which,
        cal=cal,
        now=now,
        page=page_number(),
        size=page_size(),
        after=page_edge(),
        total=counts[which],
    )
    # One answer for the whole list: paper dispatched now moves now or next morning.
    paper_moves = paper_moves_at(cal, "direct", now)
    return render_template(
        template,
        tabs=tabs,
        which=which,
        counts=counts,
        rows=rows,
        page_url=page_url,
        paper_deferred_to=paper_moves if paper_moves > now else None,
    )


@bp.get("/tiep-nhan")
@roles_required(*DESK_ROLES)
def queue() -> str:
    """Online submissions waiting for the check (oldest first), and the other desk lists."""
    return _list_page("desk/queue.html", QUEUE_TABS)


@bp.get("/tra-ket-qua")
@roles_required(*DESK_ROLES)
def returns() -> str:
    """Results ready for hand-over, and withdrawals waiting for confirmation."""
    return _list_page("desk/returns.html", RETURN_TABS)


@bp.get("/kiem-tra/<int:dossier_id>")
@roles_required(*DESK_ROLES)
def check(dossier_id: int) -> Rendered | Response:
    """The checklist of the procedure beside the files the applicant uploaded."""
    if not load_view(dossier_id).awaiting_check:
        return redirect(url_for("desk.dossier", dossier_id=dossier_id))
    return render_check(dossier_id)


@bp.get("/ho-so/<int:dossier_id>")
@roles_required(*DOSSIER_READERS)
def dossier(dossier_id: int) -> Rendered:
    """The dossier page: the receiving unit acts on it, supervisors (from the monitoring
    lists) read it without any action offered."""
    return render_dossier(dossier_id)


@bp.get("/ho-so/<int:dossier_id>/tep/<int:file_id>")
@roles_required(*STAFF_ROLES)
def file(dossier_id: int, file_id: int) -> Response:
    """A file of a dossier, for staff who may see the dossier and this file: an agency
    never downloads another agency's draft or working file (domain.visibility)."""
    stored = staff_file(db.session(), dossier_id, file_id, acting_officer())
    if stored is None:
        raise NotFound(_("Không tìm thấy tệp."))
    return send_stored(stored)


@bp.get("/so-theo-doi")
@roles_required(*DESK_ROLES)
def register() -> Response:
    """The register (Mẫu 06) is printed by the slips module; this address stays for the
    desk's bookmarks."""
    return redirect(url_for("slips.register_form"))


register_template_helpers(bp)
desk_actions.register(bp)
desk_counter.register(bp)
