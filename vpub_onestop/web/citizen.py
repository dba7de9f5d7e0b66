""" "My dossiers": the list, one dossier's page, supplement, withdrawal, rating, downloads.

The submission flow (new dossier, drafts, review, submit) is in `citizen_submission`,
which adds its routes to this blueprint. Another citizen's dossier answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.satisfaction import CRITERIA
from vpub_onestop.extensions import db
from vpub_onestop.queries import citizen as citizen_queries
from vpub_onestop.queries.citizen_dossier import DossierView, applicable_slips, dossier_view
from vpub_onestop.services import closing, portal
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web.downloads import send_stored
from vpub_onestop.web.errors import error_message
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.portal_forms import (
    SupplementForm,
    WithdrawForm,
    put_errors,
    rating_form_class,
)
from vpub_onestop.web.request_input import arg_page, parse_id

bp = Blueprint("citizen", __name__)

F = TypeVar("F", bound=Callable[..., Any])
SLIP_ENDPOINT = "slips.dossier_slip"


def citizen_required(view: F) -> F:
    """Signed in as a citizen; staff accounts have their own workspace (403 here)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user.role != Role.CITIZEN.value:
            abort(403)
        return view(*args, **kwargs)

    return cast(F, login_required(wrapper))


def current_actor() -> Actor:
    return actor_for(current_user)


def collect_uploads(only_document: int | None = None) -> list[portal.Upload]:
    """Files of the `doc_<id>` and `doc_other` inputs, several per input; inputs left
    empty (no file chosen) are skipped, an empty *chosen* file is refused by the service."""
    uploads: list[portal.Upload] = []
    for name in request.files:
        if name == portal.OTHER_DOCUMENTS_FIELD:
            document_id: int | None = None
        else:
            document_id = parse_id(name.removeprefix("doc_")) if name.startswith("doc_") else None
            if document_id is None:
                continue
        storage: FileStorage
        for storage in request.files.getlist(name):
            if storage.filename:
                uploads.append(portal.Upload(storage.filename, storage.read(), document_id))
    return uploads


@bp.get("/ho-so-cua-toi")
@citizen_required
def my_dossiers() -> str:
    page = citizen_queries.my_dossiers(
        db.session(),
        current_user.id,
        arg_page(),
        load_work_calendar(),
        clock.now(),
        per_page=int(current_app.config.get("MY_DOSSIERS_PER_PAGE", citizen_queries.PER_PAGE)),
    )
    return render_template("citizen/my_dossiers.html", page=page)


def view_or_404(dossier_id: int) -> DossierView:
    view = dossier_view(
        db.session(), current_actor(), dossier_id, load_work_calendar(), clock.now()
    )
    if view is None:
        abort(404)
    return view


def _slip_links(view: DossierView) -> list[tuple[str, str]]:
    """(title, url) of each official form that applies to the dossier."""
    return [
        (title, url_for(SLIP_ENDPOINT, dossier_id=view.id, form=key))
        for key, title in applicable_slips(db.session(), view)
    ]


def _dossier_page(
    view: DossierView,
    *,
    supplement_form: SupplementForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    upload_errors: dict[str, str] | None = None,
    problem: str | None = None,
) -> str:
    supplement_form = supplement_form or SupplementForm(formdata=None, version=str(view.version))
    withdraw_form = withdraw_form or WithdrawForm(formdata=None, version=str(view.version))
    return render_template(
        "citizen/dossier.html",
        view=view,
        slips=_slip_links(view),
        supplement_form=supplement_form,
        withdraw_form=withdraw_form,
        upload_errors=upload_errors or {},
        problem=problem,
    )


@bp.get("/ho-so-cua-toi/<int:dossier_id>")
@citizen_required
def dossier(dossier_id: int) -> str:
    return _dossier_page(view_or_404(dossier_id))


@bp.get("/ho-so-cua-toi/ma/<code>")
@citizen_required
def by_code(code: str) -> Response:
    dossier_id = citizen_queries.own_dossier_id(db.session(), current_user.id, code[:60])
    if dossier_id is None:
        abort(404)
    return redirect(url_for("citizen.dossier", dossier_id=dossier_id))


@bp.post("/ho-so-cua-toi/<int:dossier_id>/bo-sung")
@citizen_required
def supplement(dossier_id: int) -> Response | tuple[str, int]:
    form = SupplementForm()
    problem = _("Vui lòng kiểm tra lại thông tin.")
    upload_errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            round_number = portal.supplement(
                current_actor(),
                dossier_id,
                collect_uploads(),
                form.note.data or "",
                expected_version=version_of(form),
            )
        except ValidationError as error:
            upload_errors = put_errors(form, error)
            problem = error_message(error)
        else:
            flash(
                _("Đã gửi giấy tờ bổ sung (lần %(n)d). Hồ sơ được tiếp tục xử lý.", n=round_number),
                "success",
            )
            return redirect(url_for("citizen.dossier", dossier_id=dossier_id))
    view = view_or_404(dossier_id)
    page = _dossier_page(view, supplement_form=form, upload_errors=upload_errors, problem=problem)
    return page, 422


@bp.post("/ho-so-cua-toi/<int:dossier_id>/rut")
@citizen_required
def withdraw(dossier_id: int) -> Response | tuple[str, int]:
    form = WithdrawForm()
    problem = _("Vui lòng ghi lý do rút hồ sơ.")
    if form.validate_on_submit():
        try:
            closing.request_withdrawal(
                current_actor(),
                dossier_id,
                form.reason.data or "",
                expected_version=version_of(form),
            )
        except ValidationError as error:
            put_errors(form, error)
            problem = error_message(error)
        else:
            flash(_("Đã gửi yêu cầu rút hồ sơ. Bộ phận Một cửa sẽ xác nhận."), "success")
            return redirect(url_for("citizen.dossier", dossier_id=dossier_id))
    return _dossier_page(view_or_404(dossier_id), withdraw_form=form, problem=problem), 422


@bp.route("/ho-so-cua-toi/<int:dossier_id>/danh-gia", methods=["GET", "POST"])
@citizen_required
def rate(dossier_id: int) -> Response | str | tuple[str, int]:
    view = view_or_404(dossier_id)
    if "rate" not in view.actions:
        flash(_("Hồ sơ này chưa thể đánh giá hoặc đã được đánh giá."), "info")
        return redirect(url_for("citizen.dossier", dossier_id=dossier_id))
    form = rating_form_class()()
    if form.validate_on_submit():
        answers = {key: int(form[key].data) for key, _label in CRITERIA}
        try:
            portal.rate(current_actor(), dossier_id, answers, form["comment"].data or "")
        except ValidationError as error:
            put_errors(form, error)
            return render_template(
                "citizen/rate.html", view=view, form=form, problem=error_message(error)
            ), 422
        flash(_("Cảm ơn Ông/Bà đã đánh giá chất lượng phục vụ."), "success")
        return redirect(url_for("citizen.dossier", dossier_id=dossier_id))
    if form.is_submitted():
        problem = _("Vui lòng trả lời đủ các tiêu chí đánh giá.")
        return render_template("citizen/rate.html", view=view, form=form, problem=problem), 422
    return render_template("citizen/rate.html", view=view, form=form, problem=None)


@bp.get("/ho-so-cua-toi/<int:dossier_id>/tep/<int:file_id>")
@citizen_required
def download(dossier_id: int, file_id: int) -> Response:
    row = citizen_queries.own_file(db.session(), current_actor(), dossier_id, file_id)
    if row is None:
        abort(404)
    return send_stored(row)


# The submission flow registers its routes on `bp` (imported last: it imports from here).
from vpub_onestop.web import citizen_submission as _submission  # noqa: E402,F401
