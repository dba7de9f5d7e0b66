"""Forms of the administration area's own pages: the audit list's filter bar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from vpub_onestop.queries.admin_audit import AuditFilters
from vpub_onestop.web.form_base import Form
from vpub_onestop.web.labels import label
from vpub_onestop.web.monitor_forms import VnDateField, choices
from vpub_onestop.web.request_input import parse_id


class AuditFilterForm(Form):
    """Read from the query string; a GET changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    loai = SelectField(_l("Loại đối tượng"), validators=[Optional()])
    nguoi = SelectField(_l("Người thực hiện"), validators=[Optional()])
    tu = VnDateField(_l("Từ ngày"), validators=[Optional()])
    den = VnDateField(_l("Đến ngày"), validators=[Optional()])

    def fill_choices(self, object_types: Mapping[str, str], actors: list[tuple[int, str]]) -> None:
        self.loai.choices = choices(
            [("", _l("Tất cả")), *((key, label(name)) for key, name in object_types.items())]
        )
        self.nguoi.choices = choices([("", _l("Tất cả")), *actors])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.tu.data and self.den.data and self.den.data < self.tu.data:
            self.den.errors = [*self.den.errors, str(_l("Đến ngày phải sau hoặc bằng từ ngày."))]
            return False
        return valid

    def filters(self) -> AuditFilters:
        return AuditFilters(
            object_type=self.loai.data or None,
            actor_id=parse_id(self.nguoi.data) if self.nguoi.data else None,
            date_from=self.tu.data,
            date_to=self.den.data,
        )
