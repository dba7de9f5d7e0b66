"""Acts on a task page: one POST route per act, offered and accepted by the same rules.

The checks before an act are web/task_gate.py's (shared with the API's step acts): 404
outside the agency, the 409 page naming who changed the record, 403 for an act not offered
now; a rule of the service (3-working-day supplement, single apology, ...) shows the form
again with its message (422).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.queries.workspace import TaskView, task_view
from vpub_onestop.services import closing, processing, supplements
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web import vn_datetime
from vpub_onestop.web.assignees import assignable, assignee_choices
from vpub_onestop.web.confirm import must_ask
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.plain_acts import plain_act
from vpub_onestop.web.task_gate import apology_moment, check_offered
from vpub_onestop.web.work_forms import FORMS
from vpub_onestop.web.workspace import (
    AGENCY_ROLES,
    acting_officer,
    now_utc,
    roles_required,
    show_errors,
)

Act = Callable[[Actor, FlaskForm, TaskView, int, datetime], str]
Renderer = Callable[[int, dict[str, FlaskForm], int], tuple[str, int]]
Reply = tuple[str, int] | Response


def _act(task_id: int, action: str, act: Act, render: Renderer) -> Reply:
    actor, now = acting_officer(), now_utc()
    view = task_view(db.session(), task_id, actor, now, load_work_calendar())
    form = FORMS[action](prefix=action)
    if action == "assign":
        form.assignee.choices = assignee_choices(assignable(view.task.agency_id))
    if not form.validate_on_submit():
        return render(task_id, {action: form}, 422)
    offered = (view.task_actions, view.dossier_actions)
    version = check_offered(view.task, action, version_of(form), offered)
    if must_ask(action, form["submit"].name, lambda: True):  # offered: checked just above
        return render(task_id, {action: form}, 200)
    try:
        message = act(actor, form, view, version, now)
    except ValidationError as error:
        show_errors(form, error)
        return render(task_id, {action: form}, 422)
    flash(message, "success")
    if request.form.get("ve") == "danh-sach":  # quick assignment from the leader's list
        return redirect(url_for("work.tasks"))
    return redirect(url_for("work.task", task_id=task_id))


def _assign(
    actor: Actor, form: FlaskForm, view: TaskView, version: int | None, now: datetime
) -> str:
    task = processing.assign_task(
        actor, view.task.id, int(form["assignee"].data), expected_version=version, now=now
    )
    name = task.assignee.full_name if task.assignee else ""
    return _("Đã phân công «%(task)s» cho %(name)s.", task=task.name, name=name)


def _attach(actor: Actor, form: FlaskForm, view: TaskView, version: int, now: datetime) -> str:
    upload = form["working_file"].data
    stored = processing.attach_working_file(
        actor, view.task.id, upload.filename or "tai-lieu", upload.read(), now=now
    )
    return _("Đã đính kèm tài liệu xử lý «%(name)s».", name=stored.original_name)


def _propose(actor: Actor, form: FlaskForm, view: TaskView, version: int, now: datetime) -> str:
    upload = form["result_file"].data
    processing.propose_result(
        actor,
        view.task.id,
        form["note"].data,
        result_file=(upload.filename or "ket-qua", upload.read()),
        expected_version=version,
        now=now,
    )
    return _("Đã trình lãnh đạo phê duyệt kết quả.")


def _approve(
    actor: Actor, form: FlaskForm, view: TaskView, version: int | None, now: datetime
) -> str:
    task = processing.approve_step(
        actor, view.task.id, note=form["note"].data or None, expected_version=version, now=now
    )
    if task.dossier.state is DossierState.RESULT_READY:
        return _("Đã phê duyệt. Kết quả đã chuyển về Bộ phận Một cửa để trả cho người nộp.")
    return _("Đã phê duyệt; hồ sơ chuyển sang bước tiếp theo.")


def _plain(service: Callable[..., Any], done: LazyString, *fields: str) -> Act:
    """A plain act (web/plain_acts.py) on the task of the page."""
    act = plain_act(service, done, *fields)

    def on_task(actor: Actor, form: FlaskForm, view: TaskView, version: int, now: datetime) -> str:
        return act(actor, view.task.id, form, version, now)

    return on_task


_send_back = _plain(processing.send_back_step, _l("Đã trả lại chuyên viên để xử lý lại."), "note")
_deny = _plain(
    processing.deny_step,
    _l("Đã từ chối giải quyết; hồ sơ chuyển về Bộ phận Một cửa để trả kết quả kèm lý do."),
    "reason",
)


def _supplement(
    actor: Actor, form: FlaskForm, view: TaskView, version: int | None, now: datetime
) -> str:
    supplements.request_supplement(
        actor,
        view.dossier.dossier.id,
        form["reason"].data,
        items=form.item_list(),
        justification=form["justification"].data or None,
        expected_version=version,
        now=now,
    )
    return _("Đã gửi yêu cầu bổ sung qua Bộ phận Một cửa (Mẫu 02); thời hạn tạm dừng.")


def _payment(
    actor: Actor, form: FlaskForm, view: TaskView, version: int | None, now: datetime
) -> str:
    closing.request_payment(
        actor,
        view.dossier.dossier.id,
        int(form["amount_vnd"].data),
        form["note"].data or None,
        expected_version=version,
        now=now,
    )
    return _("Đã yêu cầu người nộp thực hiện nghĩa vụ tài chính.")


def _apologise(
    actor: Actor, form: FlaskForm, view: TaskView, version: int | None, now: datetime
) -> str:
    dossier = view.dossier.dossier
    new_moment = apology_moment(dossier, form["new_date"].data, now)
    closing.apologise(
        actor, dossier.id, form["reason"].data, new_moment, expected_version=version, now=now
    )
    return _("Đã gửi văn bản xin lỗi; ngày hẹn mới %(at)s.", at=vn_datetime(new_moment))


ROUTES: dict[str, tuple[str, Act]] = {
    "assign": ("phan-cong", _assign),
    "attach": ("dinh-kem", _attach),
    "propose": ("trinh-ket-qua", _propose),
    "approve": ("phe-duyet", _approve),
    "send_back": ("tra-lai", _send_back),
    "deny": ("tu-choi-giai-quyet", _deny),
    "request_supplement": ("yeu-cau-bo-sung", _supplement),
    "request_payment": ("yeu-cau-nop-phi", _payment),
    "apologise": ("xin-loi", _apologise),
}


def register(bp: Blueprint, render: Renderer) -> None:
    """Endpoints "work.<act>" at /xu-ly/nhiem-vu/<id>/<Vietnamese slug> (POST)."""
    for endpoint, (slug, act) in ROUTES.items():

        def view(task_id: int, _action: str = endpoint, _act_: Act = act) -> Reply:
            return _act(task_id, _action, _act_, render)

        bp.add_url_rule(
            f"/xu-ly/nhiem-vu/<int:task_id>/{slug}",
            endpoint=endpoint,
            view_func=roles_required(*AGENCY_ROLES)(view),
            methods=["POST"],
        )
