"""Forms of the monitoring pages: the GET filter bar (period, unit, field, procedure,
channel) read into the manager's context, and the POST form of the manually entered
Circular 01 indicators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from vpub_onestop import clock
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain import formatting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.queries.stats_report import FilterOptions, filter_options
from vpub_onestop.queries.stats_scope import Period, Scope, build_scope
from vpub_onestop.services.indicators_manual import NOTE_MAX_LENGTH
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.request_input import parse_date, parse_id

MAX_PERIOD_DAYS = 5 * 366  # a report longer than five years is a mistake, not a question
CHANNEL_LABELS = (
    ("", _l("Tất cả các kênh")),
    ("direct", _l("Trực tiếp")),
    ("online", _l("Trực tuyến")),
    ("post", _l("Bưu chính")),
)


def choices(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as wtforms 3.3 wants them (raw tuples are deprecated)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class VnDateField(DateField):
    """A date from <input type="date"> (yyyy-mm-dd), with the error in Vietnamese."""

    data: Any  # a date once validated (None while empty or invalid)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        self.data = parse_date(valuelist[0], self.strptime_format)
        if self.data is None:
            raise ValueError(str(_l("Ngày không hợp lệ.")))


class FilterForm(Form):
    """Read from the query string; a GET changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    tu = VnDateField(_l("Từ ngày"), validators=[Optional()])
    den = VnDateField(_l("Đến ngày"), validators=[Optional()])
    don_vi = SelectField(_l("Đơn vị tiếp nhận"), validators=[Optional()], validate_choice=True)
    linh_vuc = SelectField(_l("Lĩnh vực"), validators=[Optional()])
    thu_tuc = SelectField(_l("Thủ tục"), validators=[Optional()])
    kenh = SelectField(_l("Kênh tiếp nhận"), validators=[Optional()])

    def fill_choices(self, options: FilterOptions, unit_choice: bool) -> None:
        self.don_vi.choices = choices([("", _l("Toàn tỉnh")), *options.units])
        if not unit_choice:
            del self.don_vi
        fields = [(field, field) for field in options.fields]
        self.linh_vuc.choices = choices([("", _l("Tất cả lĩnh vực")), *fields])
        self.thu_tuc.choices = choices([("", _l("Tất cả thủ tục")), *options.procedures])
        self.kenh.choices = choices(CHANNEL_LABELS)

    def validate_den(self, field: DateField) -> None:
        start, end = self.tu.data, field.data
        if start and end and end < start:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))
        if start and end and (end - start).days > MAX_PERIOD_DAYS:
            raise ValidationError(_l("Kỳ báo cáo tối đa 5 năm."))


@dataclass(frozen=True)
class Filters:
    period: Period | None  # None: no period chosen (the dashboard shows all open work)
    unit_id: int | None
    field: str | None
    procedure: str | None
    channel: str | None

    def report_period(self, today: date) -> Period:
        return self.period or Period(today.replace(day=1), today)

    def args(self, period: Period | None = None) -> dict[str, Any]:
        """Query arguments that reproduce these filters (for links and exports)."""
        period = period or self.period
        args: dict[str, Any] = {}
        if period:
            args["tu"], args["den"] = period.start.isoformat(), period.end.isoformat()
        for key, value in (
            ("don_vi", self.unit_id),
            ("linh_vuc", self.field),
            ("thu_tuc", self.procedure),
            ("kenh", self.channel),
        ):
            if value:
                args[key] = str(value)
        return args


def read_filters(form: FilterForm, fixed_unit: int | None) -> Filters:
    """Valid fields are kept, invalid ones dropped (their errors show next to them)."""
    form.validate()
    start = form.tu.data if not form.tu.errors else None
    end = form.den.data if not form.den.errors else None
    period = None
    if start or end:
        start, end = start or end, end or start
        assert start is not None and end is not None
        if end >= start and (end - start).days <= MAX_PERIOD_DAYS:
            period = Period(start, end)
    unit_id = fixed_unit
    unit_field = getattr(form, "don_vi", None)
    if fixed_unit is None and unit_field is not None and not unit_field.errors:
        unit_id = parse_id(unit_field.data)  # blank (Optional lets spaces through): none
    return Filters(
        period=period,
        unit_id=unit_id,
        field=_valid(form.linh_vuc),
        procedure=_valid(form.thu_tuc),
        channel=_valid(form.kenh),
    )


def _valid(field: Any) -> str | None:
    return str(field.data) if field.data and not field.errors else None


def presets(today: date) -> list[tuple[Any, Period]]:
    """The periods managers ask for most, as one-click links."""
    month = today.replace(day=1)
    last_month_end = month - timedelta(days=1)
    quarter = month.replace(month=3 * ((today.month - 1) // 3) + 1)
    return [
        (_l("Tháng này"), Period(month, today)),
        (_l("Tháng trước"), Period(last_month_end.replace(day=1), last_month_end)),
        (_l("Quý này"), Period(quarter, today)),
        (_l("Năm nay"), Period(today.replace(month=1, day=1), today)),
    ]


MANUAL_LABELS = (
    ("c5", _l("Chỉ số 5 – Giải quyết tại Bộ phận Một cửa")),
    ("c6", _l("Chỉ số 6 – Công khai thủ tục hành chính")),
)


class ManualIndicatorForm(Form):
    chi_so = SelectField(
        _l("Chỉ số"),
        choices=choices(MANUAL_LABELS),
        invalid_choice_message=_l("Chỉ nhập thủ công các chỉ số 5 và 6."),
    )
    diem = SelectField(
        _l("Điểm"),
        choices=choices((("2", "2"), ("1", "1"), ("0", "0"))),
        validators=[DataRequired(message=_l("Chọn điểm."))],
        invalid_choice_message=_l("Chọn 0, 1 hoặc 2 điểm."),
    )
    ghi_chu = TextAreaField(
        _l("Căn cứ, ghi chú"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX_LENGTH, message=_l("Tối đa %(max)d ký tự.", max=NOTE_MAX_LENGTH)),
        ],
        render_kw={"rows": 2, "maxlength": NOTE_MAX_LENGTH},
    )
    # The unit's entries for the period as the page showed them (another manager's entry
    # made since is not overwritten silently).
    version = HiddenField()
    submit = SubmitField(_l("Lưu chỉ số"))


MANAGER_ROLES = (Role.UNIT_HEAD, Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class Context:
    actor: Actor
    filters: Filters
    form: FilterForm
    options: FilterOptions
    today: date
    now: datetime

    def scope(self, received_in: Period | None = None) -> Scope:
        f = self.filters
        return build_scope(f.unit_id, f.field, f.procedure, f.channel, received_in)

    def meta(self, period: Period | None, period_label: Any = None) -> list[tuple[Any, str]]:
        f = self.filters
        units = dict(self.options.units)
        procedures = dict(self.options.procedures)
        channels = {key: str(label) for key, label in CHANNEL_LABELS}
        lines: list[tuple[Any, str]] = []
        if period:
            lines.append(
                (
                    period_label or _l("Kỳ báo cáo"),
                    f"{formatting.day(period.start)} – {formatting.day(period.end)}",
                )
            )
        lines.append((_l("Đơn vị"), units.get(f.unit_id or 0, str(_l("Toàn tỉnh")))))
        if f.field:
            lines.append((_l("Lĩnh vực"), f.field))
        if f.procedure:
            lines.append((_l("Thủ tục"), procedures.get(f.procedure, f.procedure)))
        if f.channel:
            lines.append((_l("Kênh tiếp nhận"), channels.get(f.channel, f.channel)))
        lines.append((_l("Số liệu lúc"), formatting.moment(self.now)))
        return lines


def manager_context() -> Context:
    """The signed-in manager's filters; anyone else gets 403. A unit head is held to the
    own unit whatever the query string says."""
    role = Role(current_user.role)
    if role not in MANAGER_ROLES:
        abort(403)
    fixed_unit = None
    if role is Role.UNIT_HEAD:
        if current_user.agency_id is None:
            abort(403)
        fixed_unit = current_user.agency_id
    options = filter_options()
    form = FilterForm(formdata=request.args)
    form.fill_choices(options, unit_choice=fixed_unit is None)
    now = clock.now()
    return Context(
        actor=actor_for(current_user),
        filters=read_filters(form, fixed_unit),
        form=form,
        options=options,
        today=now.astimezone(LOCAL_TZ).date(),
        now=now,
    )
