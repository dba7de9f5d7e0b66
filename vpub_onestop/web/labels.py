"""Vietnamese labels of the domain and the read models, translated when a page shows them.

The domain, the queries and the printed slips keep their Vietnamese wording (the slips are
legal forms, the exports and the national portal use the same words). Pages pass these
labels through the `tr` template filter (`label(...)` in Python), which looks them up in
the message catalogue: a Vietnamese page shows them unchanged, an English page shows the
translation. They are listed here with N_ only so that pybabel extracts them; tests check
that every label of the domain is listed and translated.

Time limits ("3 ngày làm việc", "Trong ngày") are composed from a number and a unit, so
`limit_text` rebuilds them in the page's language.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any

from flask_babel import gettext, ngettext

from vpub_onestop.slips.forms import DOSSIER_FORMS
from vpub_onestop.web import N_, translations
from vpub_onestop.web.form_base import is_vietnamese_page

# Dossier states (national status list) and agency step states (domain/status.py).
DOSSIER_STATES = (
    N_("Nháp"),
    N_("Mới đăng ký"),
    N_("Được tiếp nhận"),
    N_("Không được tiếp nhận"),
    N_("Đang xử lý"),
    N_("Yêu cầu bổ sung giấy tờ"),
    N_("Yêu cầu thực hiện nghĩa vụ tài chính"),
    N_("Công dân yêu cầu rút hồ sơ"),
    N_("Dừng xử lý"),
    N_("Đã xử lý xong"),
    N_("Đã trả kết quả"),
    N_("Đã hủy"),
)
TASK_STATES = (
    N_("Chờ đến lượt"),
    N_("Chờ phân công"),
    N_("Chờ phê duyệt"),
    N_("Hoàn thành"),
    N_("Từ chối giải quyết"),
)
# Timeliness of finished work and of pending work (domain/timeliness.py).
TIMELINESS = (
    N_("Trước hạn"),
    N_("Đúng hạn"),
    N_("Quá hạn"),
    N_("Trong hạn"),
    N_("Sắp đến hạn"),
)
# What happened, as the timeline says it (labels of domain/workflow.py).
ACTIONS = (
    N_("Nộp hồ sơ"),
    N_("Tiếp nhận tại quầy"),
    N_("Tiếp nhận hồ sơ"),
    N_("Từ chối tiếp nhận"),
    N_("Yêu cầu hoàn thiện hồ sơ"),
    N_("Chuyển xử lý"),
    N_("Yêu cầu bổ sung hồ sơ"),
    N_("Nộp bổ sung"),
    N_("Dừng xử lý do không bổ sung"),
    N_("Yêu cầu nộp phí, lệ phí"),
    N_("Xác nhận đã nộp phí"),
    N_("Xin lỗi và hẹn lại ngày trả kết quả"),
    N_("Hoàn thành xử lý"),
    N_("Trả kết quả"),
    N_("Yêu cầu rút hồ sơ"),
    N_("Xác nhận rút hồ sơ"),
    N_("Hủy hồ sơ"),
    N_("Chuyển đến cơ quan xử lý"),
    N_("Phân công xử lý"),
    N_("Phân công lại"),
    N_("Trình phê duyệt"),
    N_("Phê duyệt"),
    N_("Trả lại chuyên viên"),
    N_("Hủy bước xử lý"),
    N_("Hệ thống"),  # the actor of the engine's own events
    # queries/timeline.py: wordings that depend on what the event recorded
    N_("Từ chối giải quyết, có văn bản trả lời nêu lý do"),
    N_("Xin lỗi và hẹn lại ngày trả kết quả (xin lỗi muộn)"),
    N_("Dừng giải quyết hồ sơ, đã gửi thông báo cho người nộp"),
    N_("Trả kết quả ngay tại quầy"),
)
# Satisfaction answers and the criteria of Decree 61 Art. 31 (domain/satisfaction.py).
SATISFACTION = (
    N_("Rất hài lòng"),
    N_("Hài lòng"),
    N_("Không hài lòng"),
    N_("Thời gian giải quyết so với thời hạn quy định"),
    N_("Số lượng cơ quan, số lần phải liên hệ để hoàn thiện hồ sơ"),
    N_("Tính chính xác, đầy đủ của thông tin thủ tục được công khai"),
    N_("Thái độ, tinh thần phục vụ của cán bộ, công chức"),
    N_("Kết quả giải quyết đúng quy định; phí, lệ phí đúng quy định"),
    N_("Việc tiếp nhận, xử lý ý kiến phản ánh, kiến nghị"),
    N_("Chất lượng dịch vụ công trực tuyến"),
)
# The catalogue (queries/catalogue.py); the fees are worded by web/fee_text.py.
CATALOGUE = (
    N_("Cấp tỉnh"),
    N_("Cấp xã"),
    N_("Toàn trình"),
    N_("Một phần"),
    N_("Bộ phận Một cửa nơi tiếp nhận hồ sơ"),
)
# The citizen's view and the public lookup (queries/lookup.py, queries/citizen_dossier.py).
CITIZEN = (
    N_("Tạm dừng tính thời hạn (chờ bổ sung hồ sơ)"),
    N_("Chờ người nộp hoàn thiện hồ sơ"),
    N_("Người nộp hồ sơ (đang bổ sung, hoàn thiện hồ sơ)"),
)
# Why a leader cannot send the apology letter any more (queries/workspace.py).
WORKSPACE = (N_("Hồ sơ đã có văn bản xin lỗi (chỉ được xin lỗi và hẹn lại một lần)."),)

STATUS_CONTEXT = "status"

# The links that print the official forms (slips/forms.py) are labels too.
SLIP_LINKS = tuple(form.link for form in DOSSIER_FORMS.values())

ALL_LABELS = frozenset(
    DOSSIER_STATES + TASK_STATES + TIMELINESS + ACTIONS + SATISFACTION + CATALOGUE + CITIZEN
) | frozenset(WORKSPACE + SLIP_LINKS)


def label(value: Any) -> Any:
    """A Vietnamese label in the page's language; anything else comes back unchanged.
    (gettext("") would answer the catalogue's header, so empty strings are left alone.)

    Where the same Vietnamese words are a button elsewhere ("Từ chối giải quyết": refuse /
    refused), the catalogue has a translation in the context "status" (made by a template's
    pgettext), which wins."""
    if not isinstance(value, str) or not value:
        return value
    catalogue = translations.page_catalogue()
    known = _known_labels(catalogue).get(value)
    return known if known is not None else _translated(catalogue, value)


def page_labeller() -> Callable[[str], str]:
    """`label` for many labels of one page: the catalogue and its table found once (a
    history translates two labels per entry)."""
    catalogue = translations.page_catalogue()
    known = _known_labels(catalogue)

    def translate(value: str) -> str:
        found = known.get(value)
        if found is not None or not value:
            return found or value
        return _translated(catalogue, value)

    return translate


def _translated(catalogue: Any, value: str) -> str:
    as_status = str(catalogue.upgettext(STATUS_CONTEXT, value))
    return as_status if as_status != value else str(catalogue.ugettext(value))


# Every listed label in a catalogue's language, made once per catalogue (a page shows a
# label per row of a history or a list).
_KNOWN: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def _known_labels(catalogue: Any) -> dict[str, str]:
    table = _KNOWN.get(catalogue)
    if table is None:
        table = _KNOWN[catalogue] = {text: _translated(catalogue, text) for text in ALL_LABELS}
    return table


# "3 ngày làm việc", "0,5 ngày làm việc", "Trong ngày" (queries/catalogue.py limit_label).
_LIMIT = re.compile(r"^(\d+(?:,\d+)?) (ngày làm việc|giờ làm việc|ngày)$")
_SAME_DAY = "trong ngày"


def limit_text(value: Any) -> Any:
    """A time limit as the catalogue words it, in the page's language."""
    if not isinstance(value, str) or is_vietnamese_page():
        return value
    if value.strip().lower() == _SAME_DAY:
        return gettext("Trong ngày")
    match = _LIMIT.match(value.strip())
    if match is None:
        return value
    number, unit = match.group(1), match.group(2)
    amount = number.replace(",", ".")
    count = 1 if amount == "1" else 2  # "0.5 working days", "1 working day"
    if unit == "ngày làm việc":
        return ngettext(
            "%(amount)s ngày làm việc", "%(amount)s ngày làm việc", count, amount=amount
        )
    if unit == "giờ làm việc":
        return ngettext("%(amount)s giờ làm việc", "%(amount)s giờ làm việc", count, amount=amount)
    return ngettext("%(amount)s ngày", "%(amount)s ngày", count, amount=amount)
