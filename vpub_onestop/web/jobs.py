"""Files built in the background (docs/architecture.md#background-work), when REDIS_URL is
set: a monitoring export or the register (Mẫu 06) becomes a job; its page shows the
progress and then the download. Only the person who started a job sees its page and gets
its file: for anyone else it does not exist (404). Without a queue these routes answer 404
and the pages keep their synchronous downloads.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from vpub_onestop.access.actors import actor_for
from vpub_onestop.background import queue, tasks
from vpub_onestop.domain.jobs import CATALOGUE, EXPORT, REGISTER, JobState
from vpub_onestop.queries.jobs import JobView, owned_job, recent_jobs
from vpub_onestop.services import jobs, slips
from vpub_onestop.web.downloads import send_from_store
from vpub_onestop.web.monitor_forms import manager_context

bp = Blueprint("jobs", __name__)

# The monitoring pages whose Excel and CSV exports may run as jobs: address key -> view.
EXPORT_PAGES = {
    "theo-doi": "monitor.dashboard",
    "bao-cao": "monitor.report",
    "chi-so": "monitor.indicators",
    "hai-long": "monitor.satisfaction",
    "ho-so": "monitor.dossiers",
    "buoc-xu-ly": "monitor.tasks",
}
_PAGE_OF = {endpoint: key for key, endpoint in EXPORT_PAGES.items()}
FORMATS = ("xlsx", "csv")
KIND_TITLES = {
    EXPORT: _l("Xuất số liệu"),
    REGISTER: _l("Sổ theo dõi hồ sơ (Mẫu số 06)"),
    CATALOGUE: _l("Nhập danh mục thủ tục"),
}
STATE_LABELS = {
    JobState.QUEUED: _l("Đang chờ xử lý"),
    JobState.RUNNING: _l("Đang tạo tệp"),
    JobState.DONE: _l("Đã xong"),
    JobState.FAILED: _l("Không tạo được tệp"),
}
# The job page reloads itself this often (seconds) until the job has finished.
REFRESH_SECONDS = 2


@bp.record_once
def _state_enum_in_templates(state: Any) -> None:
    state.app.add_template_global(JobState, "JobState")


@bp.app_template_global()
def background_export_url(endpoint: str | None, fmt: str, args: dict[str, Any]) -> str | None:
    """Where a page's export button posts when exports run in the background; None when
    they do not (no queue, or a page without a background export)."""
    page = _PAGE_OF.get(endpoint or "")
    if page is None or not queue.configured():
        return None
    return url_for("jobs.start_export", page=page, fmt=fmt, **args)


@bp.app_template_global()
def background_register_url(args: dict[str, Any]) -> str | None:
    return url_for("jobs.start_register", **args) if queue.configured() else None


def _require_queue() -> None:
    if not queue.configured():
        abort(404)


@bp.post("/tac-vu/xuat/<page>.<fmt>")
@login_required
def start_export(page: str, fmt: str) -> Response:
    """The export of a monitoring page, with the page's filters (the query string)."""
    _require_queue()
    endpoint = EXPORT_PAGES.get(page)
    if endpoint is None or fmt not in FORMATS:
        abort(404)
    manager_context()  # 403 for anyone who may not see the monitoring pages at all
    args = {key: value for key, value in request.args.items() if key != "lang"}
    return _start(EXPORT, {"endpoint": endpoint, "fmt": fmt, "args": args})


@bp.post("/tac-vu/so-theo-doi")
@login_required
def start_register() -> Response:
    """The register (Mẫu 06) of a unit and a period, chosen on the register's page."""
    _require_queue()
    from vpub_onestop.web.slips import period_from_request

    actor = actor_for(current_user)
    units = slips.register_units(actor)
    unit_id, start, end = period_from_request(units)
    if unit_id not in {unit for unit, _name in units}:
        abort(403)
    params = {"unit": unit_id, "start": start.isoformat(), "end": end.isoformat()}
    return _start(REGISTER, params)


def _start(kind: str, params: dict[str, Any]) -> Response:
    from redis.exceptions import RedisError

    params = {**params, "lang": str(get_locale() or "vi"), "base_url": request.host_url}
    job_id = jobs.create_job(current_user.id, kind, params)
    try:
        queue.enqueue(tasks.build_job_file, job_id, queue_name=queue.BULK)
    except RedisError as exc:
        current_app.logger.warning("job %s not queued: %r", job_id, exc)
        jobs.fail_job(job_id)
    return redirect(url_for("jobs.show", job_id=job_id), code=303)


def _own_job(job_id: int) -> JobView:
    job = owned_job(job_id, current_user.id)
    if job is None:
        abort(404)
    return job


@bp.get("/tac-vu")
@login_required
def index() -> str:
    _require_queue()
    return render_template(
        "jobs/index.html",
        jobs=recent_jobs(current_user.id),
        kind_titles=KIND_TITLES,
        state_labels=STATE_LABELS,
    )


@bp.get("/tac-vu/<int:job_id>")
@login_required
def show(job_id: int) -> str:
    job = _own_job(job_id)
    return render_template(
        "jobs/show.html",
        job=job,
        title=KIND_TITLES.get(job.kind, job.kind),
        state_label=STATE_LABELS[job.state],
        refresh=None if job.state.finished else REFRESH_SECONDS,
    )


@bp.get("/tac-vu/<int:job_id>/tep")
@login_required
def download(job_id: int) -> Response:
    job = _own_job(job_id)
    if job.state is not JobState.DONE or not job.stored_name:
        abort(404)
    # From the file store: the worker that wrote it may run on another machine.
    return send_from_store(job.stored_name, job.content_type, job.file_name or job.stored_name)
