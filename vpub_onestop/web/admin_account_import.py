"""Bulk import of accounts from a CSV file (/quan-tri/tai-khoan/nhap-csv): the file is read
and a dry run lists what each line would do; the same text, sent back with the "apply"
button, is applied in one transaction (services/account_import.py). The temporary
passwords of the new accounts are shown once, on the answer to that request."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from vpub_onestop.domain.account_csv import CsvProblem
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.roles import Role
from vpub_onestop.services import account_import
from vpub_onestop.web.admin import PREFIX
from vpub_onestop.web.admin_account_forms import ImportApplyForm, ImportForm
from vpub_onestop.web.errors import error_message, translated
from vpub_onestop.web.workspace import acting_officer, roles_required

bp = Blueprint("admin_account_import", __name__, url_prefix=f"{PREFIX}/tai-khoan/nhap-csv")
MAX_FILE_BYTES = 2 * 1024 * 1024  # some 20,000 lines: far more than one import's worth


@bp.get("")
@roles_required(Role.ADMIN)
def upload() -> str:
    return render_template("admin/accounts/import.html", form=ImportForm(), plan=None)


@bp.post("")
@roles_required(Role.ADMIN)
def check() -> tuple[str, int] | str:
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("admin/accounts/import.html", form=form, plan=None), 422
    text, problem = _read(form)
    if problem is not None:
        form.tep.errors = [problem]
        return render_template("admin/accounts/import.html", form=form, plan=None), 422
    try:
        plan = account_import.dry_run(acting_officer(), text)
    except CsvProblem as error:
        form.tep.errors = [translated(error.message)]
        return render_template("admin/accounts/import.html", form=form, plan=None), 422
    apply_form = ImportApplyForm(formdata=None, data={"noi_dung": text})
    return render_template(
        "admin/accounts/import.html", form=form, plan=plan, apply_form=apply_form
    )


@bp.post("/ap-dung")
@roles_required(Role.ADMIN)
def apply() -> Response | tuple[str, int]:
    form = ImportApplyForm()
    if not form.validate_on_submit():
        return render_template("admin/accounts/import.html", form=ImportForm(), plan=None), 422
    text = form.noi_dung.data or ""
    try:
        result = account_import.apply(acting_officer(), text, form.reason.data or None)
    except CsvProblem as error:
        return render_template(
            "admin/accounts/import.html",
            form=ImportForm(),
            plan=None,
            problem=translated(error.message),
        ), 422
    except ValidationError as error:
        # The accounts changed since the dry run: the lines as they stand now.
        return render_template(
            "admin/accounts/import.html",
            form=ImportForm(),
            plan=account_import.dry_run(acting_officer(), text),
            apply_form=form,
            problem=error_message(error),
        ), 422
    page = render_template("admin/accounts/imported.html", result=result)
    response = Response(page, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"  # it shows temporary passwords
    return response


def _read(form: ImportForm) -> tuple[str, str | None]:
    upload = form.tep.data
    if upload is None or not getattr(upload, "filename", ""):
        return "", _("Chọn tệp CSV để nhập.")
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        return "", _("Tệp quá lớn (tối đa 2 MB).")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", _("Tệp phải được lưu với bảng mã UTF-8.")
