"""Walk-in intake at the counter: find the procedure, fill the applicant, tick the
checklist, attach scans, record the fee; receive (→ Mẫu 01) or, for an incomplete file,
log the guidance and print Mẫu 02 (no dossier is created)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from vpub_onestop.access.declaration import form_of
from vpub_onestop.domain.checklist import MissingItem, guidance_items
from vpub_onestop.domain.errors import NotFound, ValidationError
from vpub_onestop.domain.fees import suggested_fee
from vpub_onestop.extensions import db
from vpub_onestop.queries.catalogue import current_procedure
from vpub_onestop.queries.counter_desk import guidance_view, search_procedures
from vpub_onestop.services import counter
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.web import declaration_form as tk
from vpub_onestop.web.errors import field_errors
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.officer_fields import CountField, MoneyField
from vpub_onestop.web.request_input import arg_id, arg_text
from vpub_onestop.web.workspace import (
    DESK_ROLES,
    DOSSIER_READERS,
    acting_officer,
    guidance_slip_url,
    now_utc,
    roles_required,
    show_errors,
)

if TYPE_CHECKING:  # a view names the types its queries return; it never queries models
    from vpub_onestop.models import Procedure, RequiredDocument


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(label: Any, limit: int, *, required: bool = False, **attrs: Any) -> StringField:
    checks: list[Any] = (
        [DataRequired(message=_l("Vui lòng nhập thông tin này."))] if required else [Optional()]
    )
    checks.append(Length(max=limit, message=_l("Tối đa %(max)d ký tự.", max=limit)))
    return StringField(label, checks, filters=[_strip], render_kw={"maxlength": limit, **attrs})


class CounterBase(Form):
    name = _text(_l("Họ và tên người nộp"), 200, required=True, autocomplete="off", autofocus=True)
    id_number = _text(_l("Số định danh cá nhân (12 số)"), 12, inputmode="numeric")
    phone = TelField(
        _l("Số điện thoại"),
        [Optional(), Length(max=20)],
        filters=[_strip],
        render_kw={"maxlength": 20, "inputmode": "tel"},
    )
    email = EmailField(
        _l("Thư điện tử"),
        [Optional(), Length(max=254)],
        filters=[_strip],
        render_kw={"maxlength": 254},
    )
    address = _text(_l("Địa chỉ"), 300)
    owner_name = _text(_l("Chủ hồ sơ (nếu khác người nộp)"), 200)
    owner_id_number = _text(_l("Số định danh của chủ hồ sơ"), 12, inputmode="numeric")
    owner_address = _text(_l("Địa chỉ của chủ hồ sơ"), 300)
    channel = RadioField(
        _l("Hình thức nộp"),
        choices=[
            SelectChoice("direct", _l("Trực tiếp tại quầy")),
            SelectChoice("post", _l("Qua bưu chính")),
        ],
        default="direct",
        invalid_choice_message=_l("Chọn trực tiếp hoặc qua bưu chính."),
    )
    sets_count = CountField(
        _l("Số bộ hồ sơ"),
        [
            DataRequired(message=_l("Nhập số bộ.")),
            NumberRange(1, counter.MAX_SETS, _l("Từ 1 đến 20 bộ.")),
        ],
        default=1,
        render_kw={"min": 1, "max": counter.MAX_SETS},
    )
    fee_vnd = MoneyField(
        _l("Phí, lệ phí đã thu (đồng)"),
        [Optional(), NumberRange(0, counter.MAX_FEE_VND, _l("Số tiền không hợp lệ."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    fee_receipt_number = _text(_l("Số biên lai"), counter.RECEIPT_NUMBER_MAX)
    result_delivery = SelectField(
        _l("Nhận kết quả"),
        choices=[
            SelectChoice("counter", _l("Tại quầy")),
            SelectChoice("post", _l("Qua bưu chính")),
            SelectChoice("online", _l("Trực tuyến")),
        ],
        default="counter",
        invalid_choice_message=_l("Chọn nơi nhận kết quả."),
    )
    note = TextAreaField(
        _l("Hướng dẫn thêm (khi hồ sơ chưa đủ)"),
        [Optional(), Length(max=counter.NOTE_MAX)],
        filters=[_strip],
    )
    scan_other = MultipleFileField(_l("Tệp quét khác (nếu có)"))
    receive = SubmitField(_l("Tiếp nhận hồ sơ"))
    guide = SubmitField(_l("Hồ sơ chưa đủ: hướng dẫn bổ sung (Mẫu 02)"))


def counter_form(documents: Sequence[RequiredDocument]) -> type[CounterBase]:
    fields: dict[str, Any] = {}
    for doc in documents:
        fields[f"present_{doc.id}"] = BooleanField(doc.name)
        fields[f"scan_{doc.id}"] = MultipleFileField(_l("Tệp quét"))
        fields[f"reason_{doc.id}"] = _text(_l("Nếu thiếu: lý do, hướng dẫn"), counter.REASON_MAX)
    return type("CounterForm", (CounterBase,), fields)


def _procedure() -> Procedure | None:
    """The procedure of `?thu-tuc=<id>` (None: not chosen yet, or no longer current)."""
    procedure_id = arg_id("thu-tuc")
    return current_procedure(db.session(), procedure_id) if procedure_id is not None else None


def _files(field: Any) -> list[FileStorage]:
    return [item for item in (field.data or []) if isinstance(item, FileStorage) and item.filename]


def _scans(form: CounterBase, documents: Sequence[RequiredDocument]) -> tuple[counter.Scan, ...]:
    scans = []
    for doc_id, field in [(doc.id, form[f"scan_{doc.id}"]) for doc in documents] + [
        (None, form.scan_other)
    ]:
        for upload in _files(field):
            scans.append(counter.Scan(doc_id, upload.filename or "", upload.read()))
    return tuple(scans)


def _applicant(form: CounterBase) -> Applicant:
    return Applicant(
        name=form.name.data or "",
        id_number=form.id_number.data,
        phone=form.phone.data,
        email=form.email.data,
        address=form.address.data,
        owner_name=form.owner_name.data,
        owner_id_number=form.owner_id_number.data,
        owner_address=form.owner_address.data,
    )


def _present(form: CounterBase, documents: Sequence[RequiredDocument]) -> frozenset[int]:
    return frozenset(doc.id for doc in documents if form[f"present_{doc.id}"].data)


def _guidance_items(
    form: CounterBase, documents: Sequence[RequiredDocument]
) -> tuple[MissingItem, ...]:
    """The guidance for the papers as ticked and annotated (domain.checklist's rule)."""
    reasons = {doc.id: form[f"reason_{doc.id}"].data or "" for doc in documents}
    return guidance_items(documents, _present(form, documents), reasons)


def intake() -> Any:
    procedure = _procedure()
    if procedure is None:
        if request.method == "POST":
            raise NotFound(_("Không tìm thấy thủ tục hành chính (hoặc thủ tục đã hết hiệu lực)."))
        text = arg_text("q", 100)
        found = search_procedures(db.session(), text) if text else []
        return render_template("desk/counter_search.html", q=text, found=found)
    documents = list(procedure.documents)
    form = counter_form(documents)()
    definition = form_of(procedure)
    declaration = tk.build_form(definition, posted=request.method == "POST") if definition else None
    problems: dict[str, str] = {}
    status = 422 if request.method == "POST" else 200
    if definition and declaration and tk.add_requested_row(definition, declaration):
        status = 200  # one more row of a group: nothing is checked or saved yet
    elif request.method == "GET":
        form.fee_vnd.data = suggested_fee(procedure.fee_rule)
    elif form.validate_on_submit():
        answers = tk.typed_answers(definition, declaration) if definition and declaration else None
        try:
            return _act(form, procedure, documents, answers)
        except ValidationError as error:
            problems = tk.declaration_problems(field_errors(error))
            show_errors(form, tk.without_declaration(error))
    page = render_template(
        "desk/counter.html",
        form=form,
        procedure=procedure,
        documents=documents,
        declaration_title=definition.title if definition else "",
        blocks=tk.blocks(definition, declaration, problems) if definition and declaration else [],
        communes=tk.commune_names() if definition else [],
        add_row_name=tk.ADD_ROW,
    )
    return page, status


def _act(
    form: CounterBase,
    procedure: Procedure,
    documents: Sequence[RequiredDocument],
    answers: dict[str, Any] | None,
) -> Response:
    actor, now = acting_officer(), now_utc()
    if form.guide.data:
        guidance = counter.Guidance(
            procedure_id=procedure.id,
            applicant=Applicant(
                name=form.name.data or "", phone=form.phone.data, address=form.address.data
            ),
            items=_guidance_items(form, documents),
            note=form.note.data,
        )
        guidance_id = counter.log_guidance(actor, guidance, now=now)
        flash(_("Đã ghi nhận hướng dẫn bổ sung hồ sơ; không tạo hồ sơ mới."), "success")
        return redirect(url_for("desk.guidance", guidance_id=guidance_id))
    walk_in = counter.WalkIn(
        procedure_id=procedure.id,
        applicant=_applicant(form),
        present_document_ids=_present(form, documents),
        scans=_scans(form, documents),
        sets_count=form.sets_count.data or 1,
        fee_vnd=form.fee_vnd.data,
        fee_receipt_number=form.fee_receipt_number.data,
        result_delivery=form.result_delivery.data or "counter",
        channel=form.channel.data or "direct",
        answers=answers,
    )
    if procedure.immediate_result:
        # Trả ngay: received, processed and returned in this one operation; the receipt
        # (Mẫu 01) stays printable from the dossier page for an applicant who asks.
        dossier = counter.hand_over_at_counter(actor, walk_in, now=now)
        flash(
            _("Đã tiếp nhận, giải quyết và trả kết quả ngay hồ sơ %(code)s.", code=dossier.code),
            "success",
        )
        return redirect(url_for("desk.dossier", dossier_id=dossier.id))
    dossier = counter.receive_walk_in(actor, walk_in, now=now)
    flash(_("Đã tiếp nhận hồ sơ %(code)s.", code=dossier.code), "success")
    return redirect(url_for("desk.dossier", dossier_id=dossier.id, xong="tiep-nhan"))


def guidance(guidance_id: int) -> str:
    view = guidance_view(db.session(), guidance_id, acting_officer())
    return render_template("desk/guidance.html", view=view, slip_url=guidance_slip_url(guidance_id))


def register(bp: Blueprint) -> None:
    guard = roles_required(*DESK_ROLES)
    bp.add_url_rule("/tai-quay", "counter", guard(intake), methods=["GET", "POST"])
    # Overseers read it too (read-only), like the dossiers of the unit.
    readers = roles_required(*DOSSIER_READERS)
    bp.add_url_rule("/huong-dan/<int:guidance_id>", "guidance", readers(guidance))
