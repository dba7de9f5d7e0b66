"""Import and export of the catalogue on the administration page
(/quan-tri/thu-tuc/nhap-xuat, docs/domain.md#catalogue-import): the published catalogue
as JSON or CSV, or as a .zip with the papers' uploaded templates (to move a catalogue
between servers); an uploaded file checked (dry run) or imported as a background job with
the jobs' own progress page, whose file is the report. Without a job queue the job runs in
the request and the same page shows it finished."""

from __future__ import annotations

import json
import tempfile

from flask import current_app, make_response, redirect, render_template, send_file, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response
from wtforms import BooleanField, FileField, SubmitField

from vpub_onestop.background import queue, tasks
from vpub_onestop.domain.catalogue_csv import to_csv
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.jobs import CATALOGUE
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.queries.catalogue_bundle import write_bundle
from vpub_onestop.queries.catalogue_export import export_catalogue
from vpub_onestop.queries.jobs import recent_jobs
from vpub_onestop.services import jobs
from vpub_onestop.services.catalogue_transfer import read_source
from vpub_onestop.storage import file_store
from vpub_onestop.web.admin_catalogue import bp
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.workspace import roles_required, show_errors

SUFFIXES = (".json", ".csv", ".zip")
MAX_BYTES = 20 * 1024 * 1024  # a 2,000-procedure file is about 3 MB
# A .zip also holds the templates; a request is capped by MAX_CONTENT_LENGTH (config.py),
# so a bigger archive goes through `flask catalogue import`.
MAX_ZIP_BYTES = 50 * 1024 * 1024


class ImportForm(Form):
    tep = FileField(_l("Tệp danh mục (JSON, CSV hoặc .zip kèm mẫu giấy tờ)"))
    chay_thu = BooleanField(_l("Chỉ chạy thử: liệt kê thay đổi, không ghi"), default=True)
    submit = SubmitField(_l("Kiểm tra tệp"))


def _refuse(message: str) -> None:
    raise ValidationError(message, {"tep": message})


def _page(form: ImportForm, status: int = 200) -> tuple[str, int]:
    own = [job for job in recent_jobs(current_user.id) if job.kind == CATALOGUE]
    return render_template("admin/catalogue/transfer.html", form=form, jobs=own), status


@bp.get("/nhap-xuat")
@roles_required(Role.ADMIN)
def transfer() -> tuple[str, int]:
    return _page(ImportForm(formdata=None))


@bp.get("/xuat.zip")
@roles_required(Role.ADMIN)
def export_bundle() -> Response:
    """catalogue.json and the template files, spooled to disk past a few MB."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (sent)
    write_bundle(db.session(), spool)
    spool.seek(0)
    response = send_file(
        spool,
        mimetype="application/zip",
        as_attachment=True,
        download_name="danh-muc-thu-tuc.zip",
        conditional=False,
        etag=False,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/xuat.<fmt>")
@roles_required(Role.ADMIN)
def export(fmt: str) -> Response:
    data = export_catalogue(db.session())
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=1)
        response = make_response(body)
        response.mimetype = "application/json"
    elif fmt == "csv":
        response = make_response(to_csv(data["procedures"]))
        response.mimetype = "text/csv"
    else:
        return make_response("", 404)
    response.headers["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/nhap")
@roles_required(Role.ADMIN)
def start_import() -> Response | tuple[str, int]:
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    upload = form.tep.data
    sent = isinstance(upload, FileStorage)  # a text value under the file's name is no file
    name = str(upload.filename or "") if sent else ""
    limit = MAX_ZIP_BYTES if name.lower().endswith(".zip") else MAX_BYTES
    content = upload.read(limit + 1) if sent else b""
    try:
        if not name.lower().endswith(SUFFIXES):
            message = N_("Chọn một tệp .json, .csv hoặc .zip.")
            raise ValidationError(message, {"tep": message})
        if len(content) > limit:
            message = N_("Tệp quá lớn (tối đa %(size)s MB).", size=limit // (1024 * 1024))
            raise ValidationError(message, {"tep": message})
        read_source(name, content)  # refuses a file that is not JSON or CSV at all
    except ValidationError as error:
        show_errors(form, error)
        return _page(form, 422)
    # In the file store, not this node's disk: the worker that runs the job may be elsewhere.
    stored = jobs.job_file_name("upload")
    file_store().put(stored, content)
    params = {
        "input": stored,
        "file_name": name,
        "dry_run": bool(form.chay_thu.data),
        "lang": str(get_locale() or "vi"),
    }
    job_id = jobs.create_job(current_user.id, CATALOGUE, params)
    if queue.configured():
        from redis.exceptions import RedisError

        try:
            queue.enqueue(tasks.build_job_file, job_id, queue_name=queue.BULK)
        except RedisError as exc:
            current_app.logger.warning("job %s not queued: %r", job_id, exc)
            jobs.fail_job(job_id)
    else:
        tasks.build_job_file(job_id)  # no worker: the request does the job
    return redirect(url_for("jobs.show", job_id=job_id), code=303)
