"""The official forms of Circular 01/2018/TT-VPCP that the system prints, and which of
them apply to a dossier (docs/domain.md#forms)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from vpub_onestop.domain.errors import N_


@dataclass(frozen=True)
class SlipForm:
    key: str  # in URLs and file names: "mau-01"
    number: str  # as the Circular labels it: "Mẫu số 01"
    title: str  # the title printed on the form
    template: str
    # The words of a link or button that prints it, on every page (translated there).
    link: str = ""


RECEIPT = SlipForm(
    "mau-01",
    "Mẫu số 01",
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "slips/mau-01.html",
    N_("In giấy tiếp nhận (Mẫu 01)"),
)
SUPPLEMENT = SlipForm(
    "mau-02",
    "Mẫu số 02",
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "slips/mau-02.html",
    N_("In phiếu yêu cầu bổ sung, hoàn thiện (Mẫu 02)"),
)
REFUSAL = SlipForm(
    "mau-03",
    "Mẫu số 03",
    "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "slips/mau-03.html",
    N_("In phiếu từ chối tiếp nhận (Mẫu 03)"),
)
APOLOGY = SlipForm(
    "mau-04",
    "Mẫu số 04",
    "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "slips/mau-04.html",
    N_("In phiếu xin lỗi và hẹn lại ngày trả (Mẫu 04)"),
)
CONTROL = SlipForm(
    "mau-05",
    "Mẫu số 05",
    "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "slips/mau-05.html",
    N_("In phiếu kiểm soát quá trình giải quyết (Mẫu 05)"),
)
# Drawn straight into PDF (slips/register_pdf.py): no HTML template.
REGISTER = SlipForm("mau-06", "Mẫu số 06", "Sổ theo dõi hồ sơ", "")
# Circular 03/2025/TT-VPCP form 05, new in 2025: numbered here with its Circular, since
# this system keeps Circular 01's numbers for the other forms.
STOP_NOTICE = SlipForm(
    "thong-bao-dung",
    "Mẫu số 05 - Thông tư 03/2025/TT-VPCP",
    "Thông báo dừng giải quyết hồ sơ",
    "slips/stop-notice.html",
    N_("In thông báo dừng giải quyết hồ sơ"),
)
# A denial after appraisal is answered in writing with its reasons (Decree 61/2018 Art. 19).
DENIAL_NOTICE = SlipForm(
    "thong-bao-tu-choi",
    "",
    "Văn bản trả lời từ chối giải quyết hồ sơ",
    "slips/denial-notice.html",
    N_("In văn bản trả lời từ chối giải quyết"),
)

DOSSIER_FORMS: dict[str, SlipForm] = {
    form.key: form
    for form in (RECEIPT, SUPPLEMENT, REFUSAL, APOLOGY, CONTROL, STOP_NOTICE, DENIAL_NOTICE)
}

# The events each form is drawn from (Mẫu 02: before receipt, or asked for by an agency).
SUPPLEMENT_TRIGGERS = ("request_supplement", "return_for_completion")
REFUSAL_TRIGGERS = ("refuse",)
APOLOGY_TRIGGERS = ("apologise",)
STOP_TRIGGERS = ("close_unsupplemented",)
DENIAL_TRIGGERS = ("task.deny",)

# What a form needs before it can be printed, in words the officer or citizen reads
# when asking for a form that does not apply.
NOT_APPLICABLE = {
    "mau-01": N_(
        "Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)."
    ),
    "mau-02": N_("Hồ sơ này không có yêu cầu bổ sung, hoàn thiện nên không có Mẫu 02."),
    "mau-03": N_("Hồ sơ này không bị từ chối tiếp nhận nên không có Phiếu từ chối (Mẫu 03)."),
    "mau-04": N_("Hồ sơ này không có phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)."),
    "mau-05": N_(
        "Hồ sơ chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình giải quyết (Mẫu 05)."
    ),
    "thong-bao-dung": N_("Hồ sơ này không bị dừng giải quyết nên không có thông báo dừng."),
    "thong-bao-tu-choi": N_("Hồ sơ này không bị từ chối giải quyết nên không có văn bản trả lời."),
}


def applicable_keys(received: bool, triggers: Collection[str]) -> list[str]:
    """Form keys that apply, in form order. `received`: the dossier has been received
    (it has a receipt and a route); `triggers`: every trigger in its history."""
    keys = []
    if received:
        keys.append(RECEIPT.key)
    if any(t in triggers for t in SUPPLEMENT_TRIGGERS):
        keys.append(SUPPLEMENT.key)
    if any(t in triggers for t in REFUSAL_TRIGGERS):
        keys.append(REFUSAL.key)
    if any(t in triggers for t in APOLOGY_TRIGGERS):
        keys.append(APOLOGY.key)
    if received:
        keys.append(CONTROL.key)
    if any(t in triggers for t in STOP_TRIGGERS):
        keys.append(STOP_NOTICE.key)
    if any(t in triggers for t in DENIAL_TRIGGERS):
        keys.append(DENIAL_NOTICE.key)
    return keys
