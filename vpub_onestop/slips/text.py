"""How the printed forms spell dates, times and a few fixed phrases.

Official documents write the place-and-date line as "Gia Lai, ngày 05 tháng 03 năm 2026"
and times as "08 giờ 15 phút, ngày 09/03/2026"; moments are always shown in local time.
"""

from __future__ import annotations

from datetime import date, datetime

from vpub_onestop.domain import formatting
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.formatting import local_day

DEFAULT_PLACE = "Gia Lai"

# Where the applicant collects the result (Dossier.result_delivery).
DELIVERY_LABELS = {
    "counter": "Tại Bộ phận Một cửa (quầy trả kết quả)",
    "post": "Qua dịch vụ bưu chính công ích (gửi về địa chỉ người nộp)",
    "online": "Trực tuyến (kết quả điện tử trên Cổng dịch vụ công)",
}

CHANNEL_LABELS = {
    "online": "Trực tuyến",
    "direct": "Trực tiếp tại Bộ phận Một cửa",
    "post": "Qua dịch vụ bưu chính",
}


def place_and_date(place: str, moment: date | datetime) -> str:
    day = local_day(moment)
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def hour_minute_day(moment: datetime | None) -> str:
    """ "08 giờ 15 phút, ngày 09/03/2026" (the wording of Mẫu 01)."""
    if moment is None:
        return ""
    local = moment.astimezone(LOCAL_TZ)
    return f"{local:%H} giờ {local:%M} phút, ngày {formatting.day(local)}"


def delivery_label(method: str | None) -> str:
    return DELIVERY_LABELS.get(method or "counter", DELIVERY_LABELS["counter"])


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)
