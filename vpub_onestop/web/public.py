"""Public pages, no login: the procedure catalogue and the dossier lookup."""

from __future__ import annotations

from dataclasses import replace

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from vpub_onestop import clock
from vpub_onestop.domain.template_files import template_download_name
from vpub_onestop.extensions import db, limiter
from vpub_onestop.queries.catalogue import (
    LEVEL_LABELS,
    ONLINE_LABELS,
    PER_PAGE,
    QUERY_MAX_LENGTH,
    RECEIVING_UNIT_FILTER,
    CatalogueFilters,
    filter_options,
    level_label,
    online_label,
    procedure_detail,
    search_procedures,
)
from vpub_onestop.queries.lookup import CODE_MAX_LENGTH, lookup_dossier
from vpub_onestop.queries.procedure_page import blank_form, counters_for, uploaded_template
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.slips.blank_form import blank_form_filename, render_blank_form
from vpub_onestop.storage import file_store
from vpub_onestop.web.backpressure import slow_work
from vpub_onestop.web.fee_text import fee_description
from vpub_onestop.web.request_input import arg_page, arg_text, parse_id

bp = Blueprint("public", __name__)

DEFAULT_LOOKUP_LIMIT = "20 per 10 minutes"
KEY_MAX_LENGTH = 20


def _agency_filter() -> str:
    """`co_quan`: the receiving units, an agency's id, or no filter for anything else (a
    "²" or an id past the column's range must not reach int() or the database)."""
    text = arg_text("co_quan", 12)
    if text == RECEIVING_UNIT_FILTER:
        return text
    agency_id = parse_id(text)
    return str(agency_id) if agency_id is not None else ""


@bp.get("/thu-tuc")
def catalogue() -> str:
    filters = CatalogueFilters(
        query=arg_text("q", QUERY_MAX_LENGTH),
        field=arg_text("linh_vuc", 200),
        level=arg_text("cap", 20),
        agency=_agency_filter(),
        online=arg_text("truc_tuyen", 20),
        page=arg_page(),
    )
    session = db.session()
    return render_template(
        "public/catalogue.html",
        filters=filters,
        results=search_procedures(
            session, filters, int(current_app.config.get("CATALOGUE_PER_PAGE", PER_PAGE))
        ),
        options=filter_options(session),
        levels=LEVEL_LABELS,
        onlines=ONLINE_LABELS,
        level_label=level_label,
        online_label=online_label,
    )


@bp.get("/thu-tuc/<code>")
def procedure(code: str) -> str:
    detail = procedure_detail(db.session(), code[:60])
    if detail is None:
        abort(404)
    fee = fee_description(detail.fee_rule)
    return render_template(
        "public/procedure.html",
        procedure=replace(detail, fee=fee),
        counters=counters_for(db.session(), detail.level),
        level_label=level_label,
        online_label=online_label,
    )


# The blank forms are the same for everyone: a shared cache may keep them for a day.
BLANK_FORM_MAX_AGE = 24 * 3600


@bp.get("/thu-tuc/<code>/mau/<int:number>.pdf")
@slow_work()
def blank_form_pdf(code: str, number: int) -> Response:
    """The blank form of the procedure's `number`-th document (from 1, as the page lists
    them), to print and fill in. A template the administrator uploaded for that paper
    takes precedence: an old link to the generated form leads to it."""
    position = number - 1
    if uploaded_template(db.session(), code[:60], position) is not None:
        return redirect(url_for("public.template_file", code=code[:60], number=number))
    form = blank_form(db.session(), code[:60], position)
    if form is None:
        abort(404)
    response = make_response(render_blank_form(form))
    response.mimetype = "application/pdf"
    filename = blank_form_filename(form, number)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = f"public, max-age={BLANK_FORM_MAX_AGE}"
    return response


@bp.get("/thu-tuc/<code>/mau/<int:number>")
def template_file(code: str, number: int) -> Response:
    """The template file uploaded for the procedure's `number`-th document
    (docs/domain.md#paper-templates): sent with the content type found on upload, under a
    name the app makes (`<code>_mau-<n>.docx`), never sniffed by the browser."""
    template = uploaded_template(db.session(), code[:60], number - 1)
    if template is None:
        abort(404)
    try:
        opened = file_store().open(template.stored_name)
    except FileNotFoundError:
        abort(404)
    name = template_download_name(template.procedure_code, number, template.content_type)
    response = send_file(
        opened.stream,
        mimetype=template.content_type,
        as_attachment=True,
        download_name=name,
        conditional=False,
        etag=False,
    )
    response.content_length = opened.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = f"public, max-age={BLANK_FORM_MAX_AGE}"
    return response


def _lookup_failed(response: Response) -> bool:
    return response.status_code == 404


@bp.get("/tra-cuu")
@limiter.limit(
    lambda: current_app.config.get("RATELIMIT_LOOKUP", DEFAULT_LOOKUP_LIMIT),
    deduct_when=_lookup_failed,
)
def lookup() -> Response:
    """`?ma=<code>&khoa=<key>` (what the QR code on every slip opens). Only a failed
    attempt counts against the limit, so a family checking a dossier is never blocked."""
    code = request.args.get("ma", "").strip()[:CODE_MAX_LENGTH]
    key = request.args.get("khoa", "").strip()[:KEY_MAX_LENGTH]
    if not code and not key:
        page = render_template("public/lookup.html", code="", key="", result=None, failed=False)
        return make_response(page)
    result = None
    if code and key:
        result = lookup_dossier(db.session(), code, key, load_work_calendar, clock.now())
    if result is None:
        page = render_template(
            "public/lookup.html",
            code=code,
            key="",
            result=None,
            failed=True,
            message=_("Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập."),
        )
        return make_response(page, 404)
    response = make_response(
        render_template("public/lookup.html", code=code, key=key, result=result, failed=False)
    )
    # The key is in the address: keep the answer out of shared caches and browser history.
    response.headers["Cache-Control"] = "no-store"
    return response
