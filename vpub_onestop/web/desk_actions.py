"""The one-stop unit's decisions on a dossier: one POST route per act.

Each route: the form (with the version the page showed) -> one service call -> redirect
to the dossier page (post/redirect/get) with a message, or the same page again with the
errors next to the fields (422). A final act asks once first (web/confirm.py). A stale
page gets the 409 page saying who changed the dossier and when; a dossier of another unit
is not found (404).
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
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.services import closing, reception, supplements
from vpub_onestop.web import vn_datetime
from vpub_onestop.web.confirm import must_ask
from vpub_onestop.web.desk_forms import FORMS, missing_items, return_for_completion_form
from vpub_onestop.web.desk_pages import Rendered, load_view, render_check, render_dossier
from vpub_onestop.web.form_base import version_of
from vpub_onestop.web.plain_acts import plain_act
from vpub_onestop.web.workspace import (
    DESK_ROLES,
    acting_officer,
    now_utc,
    roles_required,
    show_errors,
)

# (actor, form, expected version, now) -> the message shown after success
Act = Callable[[Actor, FlaskForm, int | None, datetime], str]
PageRenderer = Callable[[int, dict[str, FlaskForm], int], Rendered]
Reply = Rendered | Response
View = Callable[[int], Reply]


def _decide(
    dossier_id: int,
    action: str,
    act: Act,
    *,
    form: FlaskForm | None = None,
    page: PageRenderer = render_dossier,
    done: str | None = None,
) -> Reply:
    form = form if form is not None else FORMS[action](prefix=action)
    if not form.validate_on_submit():
        return page(dossier_id, {action: form}, 422)
    if must_ask(action, form["submit"].name, lambda: _askable(dossier_id, action)):
        return page(dossier_id, {action: form}, 200)
    version = version_of(form)
    try:
        message = act(acting_officer(), form, version, now_utc())
    except ValidationError as error:
        show_errors(form, error)
        return page(dossier_id, {action: form}, 422)
    flash(message, "success")
    back = request.form.get("ve")
    if back in ("cho-chuyen", "rut-ho-so"):
        endpoint = "desk.queue" if back == "cho-chuyen" else "desk.returns"
        return redirect(url_for(endpoint, loai=back))
    args: dict[str, Any] = {"xong": done} if done else {}
    return redirect(url_for("desk.dossier", dossier_id=dossier_id, **args))


def _plain(action: str, service: Callable[..., Any], done: LazyString, *fields: str) -> View:
    """A plain act (web/plain_acts.py) on the dossier of the route."""
    act = plain_act(service, done, *fields)

    def view(dossier_id: int) -> Reply:
        def on_dossier(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
            return act(actor, dossier_id, form, version, now)

        return _decide(dossier_id, action, on_dossier)

    return view


def _askable(dossier_id: int, action: str) -> bool:
    """The page offers the act and does not already say it will be refused (stopping
    before the supplement deadline): only then is the officer asked to confirm it."""
    view = load_view(dossier_id)
    blocked = action == "close_unsupplemented" and view.stop_refused_until is not None
    return action in view.actions and not blocked


def receive(dossier_id: int) -> Reply:
    def act(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
        dossier = reception.receive_dossier(actor, dossier_id, expected_version=version, now=now)
        return _(
            "Đã tiếp nhận hồ sơ %(code)s. Hẹn trả kết quả: %(at)s.",
            code=dossier.code,
            at=vn_datetime(dossier.appointment_at),
        )

    return _decide(dossier_id, "receive", act, page=render_check, done="tiep-nhan")


def refuse(dossier_id: int) -> Reply:
    def act(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
        reception.refuse_dossier(
            actor, dossier_id, form["reason"].data, expected_version=version, now=now
        )
        # The notice is queued with the refusal and goes out after the commit (outbox):
        # the officer is not told it has arrived (docs/architecture.md#outbox).
        return _("Đã từ chối tiếp nhận hồ sơ; thông báo lý do đang gửi tới người nộp.")

    return _decide(dossier_id, "refuse", act, page=render_check, done="tu-choi")


def return_for_completion(dossier_id: int) -> Reply:
    documents = list(load_view(dossier_id).dossier.procedure.documents)

    def act(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
        items = missing_items(form, documents)
        note = form["note"].data or ""
        if not items and not note:
            raise ValidationError(
                _("Hãy đánh dấu giấy tờ còn thiếu hoặc ghi hướng dẫn cho người nộp."),
                {"note": _("Chọn ít nhất một giấy tờ thiếu, hoặc ghi hướng dẫn.")},
            )
        listed = "; ".join(f"{item['name']} ({item['reason']})" for item in items)
        reason = note if not listed else f"Cần bổ sung, hoàn thiện: {listed}. {note}".strip()
        reception.return_for_completion(
            actor,
            dossier_id,
            reason,
            missing_items=items,
            expected_version=version,
            now=now,
        )
        return _("Đã trả hồ sơ để người nộp bổ sung, hoàn thiện (Mẫu 02).")

    form = return_for_completion_form(documents)(prefix="rfc")
    return _decide(
        dossier_id, "return_for_completion", act, form=form, page=render_check, done="hoan-thien"
    )


def dispatch(dossier_id: int) -> Reply:
    def act(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
        dossier = reception.dispatch_dossier(actor, dossier_id, expected_version=version, now=now)
        moves_at = dossier.dispatched_at
        if moves_at is not None and moves_at > now:
            return _(
                "Hồ sơ %(code)s: hồ sơ giấy tiếp nhận sau 15:00, chuyển đầu giờ ngày làm việc "
                "tiếp theo (%(at)s).",
                code=dossier.code,
                at=vn_datetime(moves_at),
            )
        return _("Đã chuyển hồ sơ %(code)s đến cơ quan giải quyết.", code=dossier.code)

    return _decide(dossier_id, "dispatch", act)


def supply_supplement(dossier_id: int) -> Reply:
    def act(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
        scans = [
            (upload.filename or "", upload.read())
            for upload in form["scans"].data or []
            if isinstance(upload, FileStorage) and upload.filename
        ]
        supplements.supply_supplement(
            actor,
            dossier_id,
            note=form["note"].data or None,
            scans=scans,
            expected_version=version,
            now=now,
        )
        return _("Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được giải quyết.")

    return _decide(dossier_id, "supply_supplement", act)


close_unsupplemented = _plain(
    "close_unsupplemented",
    supplements.close_unsupplemented,
    _l("Đã dừng xử lý hồ sơ do người nộp không bổ sung."),
    "reason",
)
confirm_payment = _plain(
    "confirm_payment",
    closing.confirm_payment,
    _l("Đã xác nhận nộp phí, lệ phí; hồ sơ tiếp tục được giải quyết."),
    "receipt_number",
)


def return_result(dossier_id: int) -> Reply:
    def act(actor: Actor, form: FlaskForm, version: int | None, now: datetime) -> str:
        method = form["method"].data
        dossier = closing.return_result(
            actor,
            dossier_id,
            method,
            tracking_number=form["tracking_number"].data or None,
            receipt_code=form["receipt_code"].data or None,
            authorisation=form["authorisation"].data or None,
            expected_version=version,
            now=now,
        )
        if method == "online" and dossier.code:
            codes = sorted((f.result_code for f in dossier.files if f.result_code), key=_code_order)
            return _("Đã trả kết quả điện tử, mã kết quả %(codes)s.", codes=", ".join(codes))
        if method == "post":
            return _(
                "Đã gửi kết quả qua bưu chính, mã bưu gửi %(number)s.",
                number=dossier.post_tracking_number,
            )
        return _("Đã trả kết quả hồ sơ %(code)s tại quầy.", code=dossier.code)

    return _decide(dossier_id, "return_result", act, done="tra-ket-qua")


request_withdrawal = _plain(
    "request_withdrawal",
    closing.request_withdrawal,
    _l("Đã ghi nhận yêu cầu rút hồ sơ; chờ xác nhận."),
    "reason",
)
confirm_withdrawal = _plain(
    "confirm_withdrawal",
    closing.confirm_withdrawal,
    _l("Đã xác nhận rút hồ sơ; hồ sơ dừng xử lý."),
)


ROUTES: dict[str, tuple[str, View]] = {
    "receive": ("tiep-nhan", receive),
    "refuse": ("tu-choi", refuse),
    "return_for_completion": ("yeu-cau-hoan-thien", return_for_completion),
    "dispatch": ("chuyen-xu-ly", dispatch),
    "supply_supplement": ("nhan-bo-sung", supply_supplement),
    "close_unsupplemented": ("dung-xu-ly", close_unsupplemented),
    "confirm_payment": ("xac-nhan-nop-phi", confirm_payment),
    "return_result": ("tra-ket-qua", return_result),
    "request_withdrawal": ("rut-ho-so", request_withdrawal),
    "confirm_withdrawal": ("xac-nhan-rut-ho-so", confirm_withdrawal),
}


def register(bp: Blueprint) -> None:
    """Endpoints "desk.<trigger>" at /mot-cua/ho-so/<id>/<Vietnamese slug> (POST)."""
    for endpoint, (slug, view) in ROUTES.items():
        bp.add_url_rule(
            f"/ho-so/<int:dossier_id>/{slug}",
            endpoint=endpoint,
            view_func=roles_required(*DESK_ROLES)(view),
            methods=["POST"],
        )


def _code_order(code: str | None) -> tuple[int, str]:
    """KQ2 before KQ10."""
    return len(code or ""), code or ""
