"""Monitoring for managers: the deadline dashboard, the statistics report, the Circular 01
and Decision 766 indicators, satisfaction, the drill-down lists behind every figure, and an
Excel and a CSV export of each. Unit heads see their own unit; supervisors and
administrators the whole province or one unit of it; nobody else gets in (403).

Views are thin: read the filters, check the role, call one read model, render or export.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.queries.dashboard import (
    CARD_KINDS,
    KIND_LABELS,
    build_dashboard,
    dashboard_charts,
    dashboard_tables,
)
from vpub_onestop.queries.indicators_report import (
    build_indicators,
    indicator_charts,
    indicator_tables,
)
from vpub_onestop.queries.satisfaction import (
    build_satisfaction,
    satisfaction_charts,
    satisfaction_tables,
)
from vpub_onestop.queries.stats import DASHBOARD_KINDS, REPORT_KINDS, TASK_KINDS
from vpub_onestop.queries.stats_lists import dossier_list, task_filter, task_list
from vpub_onestop.queries.stats_report import (
    COUNT_COLUMNS,
    build_report,
    report_charts,
    report_tables,
)
from vpub_onestop.queries.stats_scope import Period, Window, moments
from vpub_onestop.queries.stats_tables import ReportDocument, ReportTable
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.exports import CSV_MIMETYPE, XLSX_MIMETYPE, iter_csv, write_xlsx
from vpub_onestop.services.indicators_manual import (
    entries_version,
    may_enter_for,
    save_manual_indicator,
)
from vpub_onestop.web import export_capture
from vpub_onestop.web.backpressure import View, is_export, slow_work
from vpub_onestop.web.errors import error_message
from vpub_onestop.web.monitor_forms import (
    Context,
    ManualIndicatorForm,
    manager_context,
    presets,
)
from vpub_onestop.web.request_input import arg_id, arg_page, arg_text

bp = Blueprint("monitor", __name__)

STEP_NAME_MAX = 300  # StepTask.name

KIND_TITLES: dict[str, Any] = {
    **{c.drill: c.header for c in COUNT_COLUMNS if c.drill},
    **KIND_LABELS,
    "task_open": _l("Bước đang xử lý"),
    "task_due_soon": _l("Bước đến hạn trong 1 ngày làm việc"),
    "task_overdue": _l("Bước quá hạn"),
}


def _respond(
    template: str, ctx: Context, doc: ReportDocument, fmt: str | None, name: str, **extra: Any
) -> Response | str:
    captured = export_capture.active() if fmt in ("xlsx", "csv") else None
    if captured is not None:  # a background job builds the file (background/job_files.py)
        captured.doc, captured.name = doc, name
        return Response(status=204)
    if fmt == "xlsx":
        return _xlsx_download(doc, f"{name}.xlsx")
    if fmt == "csv":
        return _csv_download(doc, f"{name}.csv")
    if fmt is not None:
        abort(404)
    extra.setdefault("args", ctx.filters.args())
    return render_template(template, ctx=ctx, doc=doc, presets=presets(ctx.today), **extra)


def _period_report(
    ctx: Context,
    fmt: str | None,
    period: Period,
    title: Any,
    tables: list[ReportTable],
    template: str,
    stem: str,
    **extra: Any,
) -> Response | str:
    """A report over the chosen period: its page, or its file named by `stem` and the
    period's first and last days, headed with the scope and the period."""
    doc = ReportDocument(title, ctx.meta(period), tables)
    name = _file_name(stem, period)
    return _respond(template, ctx, doc, fmt, name, args=ctx.filters.args(period), **extra)


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _csv_download(doc: ReportDocument, filename: str) -> Response:
    """Sent as it is written, row by row: the first bytes leave before the last row is
    formatted (the headers' translations need the request, hence stream_with_context)."""
    return Response(
        stream_with_context(iter_csv(doc)), mimetype=CSV_MIMETYPE, headers=_attachment(filename)
    )


def _xlsx_download(doc: ReportDocument, filename: str) -> Response:
    """A workbook is a zip whose directory comes last, so it is sent once written (in
    write-only mode: a 40,000-row list is a 2-3 MB file, written in seconds)."""
    buffer = io.BytesIO()
    write_xlsx(doc, buffer)
    return Response(buffer.getvalue(), mimetype=XLSX_MIMETYPE, headers=_attachment(filename))


def _exportable(path: str) -> Callable[[View], View]:
    """A signed-in page at `path` with its Excel and CSV files at `path.xlsx`, `path.csv`
    (`fmt`); an export takes one of the bounded slots of slow work (web/backpressure.py)."""

    def register(view: View) -> View:
        guarded = login_required(slow_work(when=is_export)(view))
        bp.get(f"{path}.<fmt>")(guarded)
        bp.get(path, defaults={"fmt": None})(guarded)
        return guarded

    return register


def _file_name(stem: str, period: Period | None) -> str:
    return f"{stem}-{period.start:%Y%m%d}-{period.end:%Y%m%d}" if period else stem


@_exportable("/theo-doi")
def dashboard(fmt: str | None) -> Response | str:
    ctx = manager_context()
    period = ctx.filters.period  # optional here: dossiers received in it
    board = build_dashboard(ctx.scope(period), moments(load_work_calendar(), ctx.now))
    doc = ReportDocument(
        _l("Theo dõi thời hạn giải quyết hồ sơ"),
        ctx.meta(period, _l("Tiếp nhận trong kỳ")),
        dashboard_tables(board),
    )
    return _respond(
        "monitor/dashboard.html",
        ctx,
        doc,
        fmt,
        _file_name("theo-doi", period),
        board=board,
        cards=[(kind, KIND_LABELS[kind], board.totals[kind]) for kind in CARD_KINDS],
        charts=dashboard_charts(board),
    )


@_exportable("/theo-doi/bao-cao")
def report(fmt: str | None) -> Response | str:
    ctx = manager_context()
    period = ctx.filters.report_period(ctx.today)
    result = build_report(ctx.scope(), period, ctx.now)
    return _period_report(
        ctx,
        fmt,
        period,
        _l("Báo cáo tình hình, kết quả giải quyết thủ tục hành chính"),
        report_tables(result),
        "monitor/report.html",
        "bao-cao",
        report=result,
        charts=report_charts(result),
    )


@_exportable("/theo-doi/chi-so")
def indicators(fmt: str | None) -> Response | str:
    return _indicators_page(manager_context(), fmt, ManualIndicatorForm(formdata=None))


def _indicators_page(
    ctx: Context, fmt: str | None, form: ManualIndicatorForm, status: int = 200
) -> Any:
    period = ctx.filters.report_period(ctx.today)
    result = build_indicators(ctx.scope(), period, ctx.now)
    unit_id = ctx.filters.unit_id
    if unit_id and not form.is_submitted():
        form.version.data = entries_version(unit_id, period.start, period.end)
    page = _period_report(
        ctx,
        fmt,
        period,
        _l("Đánh giá giải quyết thủ tục hành chính (Thông tư 01/2018, Quyết định 766)"),
        indicator_tables(result),
        "monitor/indicators.html",
        "chi-so",
        result=result,
        charts=indicator_charts(result),
        manual_form=form if unit_id and may_enter_for(ctx.actor, unit_id) else None,
    )
    return (page, status) if isinstance(page, str) else page


@bp.post("/theo-doi/chi-so/nhap")
@login_required
def save_indicator() -> Any:
    """Save one "nhập thủ công" indicator for the unit and period in the query string."""
    ctx = manager_context()
    form = ManualIndicatorForm()
    unit_id = ctx.filters.unit_id
    if unit_id is None or not may_enter_for(ctx.actor, unit_id):
        abort(403)
    period = ctx.filters.report_period(ctx.today)
    if form.validate_on_submit():
        try:
            save_manual_indicator(
                ctx.actor,
                unit_id,
                period.start,
                period.end,
                str(form.chi_so.data),
                int(form.diem.data or 0),
                form.ghi_chu.data,
                expected_version=form.version.data or None,
                now=ctx.now,
            )
        except ValidationError as exc:
            form.form_errors.append(error_message(exc))
        else:
            flash(gettext("Đã lưu chỉ số nhập thủ công."), "success")
            return redirect(url_for("monitor.indicators", **ctx.filters.args(period)))
    return _indicators_page(ctx, None, form, status=422)


@_exportable("/theo-doi/hai-long")
def satisfaction(fmt: str | None) -> Response | str:
    ctx = manager_context()
    period = ctx.filters.report_period(ctx.today)
    result = build_satisfaction(ctx.scope(), period)
    return _period_report(
        ctx,
        fmt,
        period,
        _l("Kết quả đánh giá mức độ hài lòng"),
        satisfaction_tables(result),
        "monitor/satisfaction.html",
        "hai-long",
        result=result,
        charts=satisfaction_charts(result),
    )


def _officer_arg() -> int | None:
    """`?can_bo=`: one officer's id, or 0 for the steps nobody is assigned to yet."""
    return 0 if request.args.get("can_bo", "").strip() == "0" else arg_id("can_bo")


@_exportable("/theo-doi/ho-so")
def dossiers(fmt: str | None) -> Response | str:
    """The dossiers behind one figure of the report or the dashboard."""
    ctx = manager_context()
    kind = request.args.get("loai", "")
    if kind in REPORT_KINDS:
        period: Period | None = ctx.filters.report_period(ctx.today)
        scope, window = ctx.scope(), Window(now=ctx.now, period=period)
    elif kind in DASHBOARD_KINDS:
        period = ctx.filters.period
        present = moments(load_work_calendar(), ctx.now)
        scope, window = ctx.scope(period), Window(now=ctx.now, present=present)
    else:
        abort(404)
    title = KIND_TITLES[kind]
    listing = dossier_list(
        scope, kind, window, title, load_work_calendar(), page=None if fmt else arg_page()
    )
    doc = ReportDocument(title, ctx.meta(period), [listing.table])
    return _respond(
        "monitor/list.html",
        ctx,
        doc,
        fmt,
        _file_name(f"ho-so-{kind}", period),
        listing=listing,
        kind=kind,
        list_endpoint="monitor.dossiers",
        report_kinds=REPORT_KINDS,
        args={**ctx.filters.args(period), "loai": kind},
    )


@_exportable("/theo-doi/buoc-xu-ly")
def tasks(fmt: str | None) -> Response | str:
    """The steps behind one figure of the dashboard: who holds the work, and since when."""
    ctx = manager_context()
    kind = request.args.get("loai", "")
    if kind not in TASK_KINDS:
        abort(404)
    period = ctx.filters.period
    window = Window(now=ctx.now, present=moments(load_work_calendar(), ctx.now))
    narrow_args = {k: request.args[k] for k in ("co_quan", "buoc", "can_bo") if k in request.args}
    narrow = task_filter(arg_id("co_quan"), arg_text("buoc", STEP_NAME_MAX), _officer_arg())
    title = KIND_TITLES[kind]
    listing = task_list(
        ctx.scope(period), kind, window, narrow, title, page=None if fmt else arg_page()
    )
    doc = ReportDocument(title, ctx.meta(period, _l("Tiếp nhận trong kỳ")), [listing.table])
    return _respond(
        "monitor/list.html",
        ctx,
        doc,
        fmt,
        _file_name(f"buoc-{kind}", period),
        listing=listing,
        kind=kind,
        list_endpoint="monitor.tasks",
        report_kinds=REPORT_KINDS,
        args={**ctx.filters.args(period), "loai": kind, **narrow_args},
    )
