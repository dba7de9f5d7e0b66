"""Notifications: the applicant's messages, queued in the outbox inside the transaction of
the change they announce (delivered after commit by `services.outbox`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from unidecode import unidecode

from vpub_onestop.access.visibility import may_see_file
from vpub_onestop.domain import formatting
from vpub_onestop.domain.visibility import APPLICANT
from vpub_onestop.models import Dossier
from vpub_onestop.public_address import public_url
from vpub_onestop.services import outbox_rows

# Subject and first line per event, in Vietnamese; the body adds the code and the link.
MESSAGES: dict[str, tuple[str, str]] = {
    "submitted": ("Đã nộp hồ sơ trực tuyến", "Hồ sơ của Ông/Bà đã được nộp lúc {submitted}."),
    "received": (
        "Hồ sơ đã được tiếp nhận",
        "Hồ sơ đã được tiếp nhận. Ngày hẹn trả kết quả: {appointment}.",
    ),
    "refused": ("Hồ sơ không được tiếp nhận", "Hồ sơ không được tiếp nhận. Lý do: {reason}"),
    "returned_for_completion": (
        "Đề nghị hoàn thiện hồ sơ",
        "Hồ sơ cần được hoàn thiện trước khi tiếp nhận: {reason}",
    ),
    "supplement_requested": (
        "Yêu cầu bổ sung hồ sơ",
        "Cơ quan giải quyết đề nghị bổ sung: {reason}",
    ),
    "payment_requested": (
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Đề nghị Ông/Bà nộp {amount} để tiếp tục giải quyết hồ sơ.",
    ),
    "apologised": (
        "Thư xin lỗi và hẹn lại ngày trả kết quả",
        "Cơ quan giải quyết xin lỗi vì hồ sơ chậm so với hẹn. Lý do: {reason}. "
        "Ngày hẹn mới: {appointment}.",
    ),
    "result_ready": (
        "Đã có kết quả giải quyết hồ sơ",
        "Hồ sơ đã có kết quả. Mời Ông/Bà nhận kết quả.",
    ),
    # Decree 61: the applicant is told when the result is ready before the appointment.
    "result_ready_early": (
        "Hồ sơ đã có kết quả trước ngày hẹn",
        "Hồ sơ đã có kết quả sớm hơn ngày hẹn ({appointment}). Mời Ông/Bà nhận kết quả.",
    ),
    # A denial after appraisal is a written answer with its reasons, never "ready early".
    "denied": (
        "Trả lời từ chối giải quyết hồ sơ",
        "Sau khi thẩm định, cơ quan có thẩm quyền không giải quyết hồ sơ. Lý do: {reason}. "
        "Mời Ông/Bà nhận văn bản trả lời và hồ sơ tại Bộ phận Một cửa.",
    ),
    # Circular 03/2025/TT-VPCP form 05: the applicant did not supplement within the deadline.
    "stopped": (
        "Thông báo dừng giải quyết hồ sơ",
        "Hồ sơ đã được dừng giải quyết vì chưa được bổ sung trong thời hạn. Lý do: {reason}",
    ),
    "returned": (
        "Đã trả kết quả hồ sơ",
        "Kết quả hồ sơ đã được trả. Cảm ơn Ông/Bà đã sử dụng dịch vụ.",
    ),
}


SMS_WITH_REASON = frozenset({"denied", "stopped"})


def format_moment(moment: datetime | None) -> str:
    """ "08:15 ngày 09/03/2026", the way a Vietnamese letter writes a moment."""
    if moment is None:
        return "—"
    return f"{formatting.time_of_day(moment)} ngày {formatting.day(moment)}"


def lookup_link(dossier: Dossier) -> str:
    """The public lookup page, already filled with the code and key (as the QR code is)."""
    return public_url("/tra-cuu", ma=dossier.code, khoa=dossier.lookup_key)


def dossier_message(
    session: Session, dossier: Dossier, kind: str, now: datetime, **extra: Any
) -> None:
    if kind == "result_ready" and dossier.outcome == "denied":
        kind = "denied"
    elif kind == "result_ready" and dossier.timeliness == "early":
        kind = "result_ready_early"
    subject, line = MESSAGES[kind]
    text = line.format(
        submitted=format_moment(dossier.submitted_at),
        appointment=format_moment(dossier.appointment_at),
        reason=extra.get("reason", ""),
        amount=formatting.money(int(extra.get("amount_vnd", 0))),
    )
    codes = [
        str(stored.result_code)
        for stored in extra.get("results", [])
        if may_see_file(APPLICANT, dossier, stored)
    ]
    if codes:
        text += "\nMã kết quả điện tử: " + ", ".join(codes) + "."
    link = lookup_link(dossier)
    key_line = f"Mã tra cứu: {dossier.lookup_key}\n" if dossier.lookup_key else ""
    body = (
        f"Kính gửi Ông/Bà {dossier.applicant_name},\n\n{text}\n\n"
        f"Mã hồ sơ: {dossier.code or '—'}\n{key_line}Thủ tục: {dossier.procedure.name}\n"
        f"Tra cứu tình trạng hồ sơ: {link}\n\n{dossier.receiving_unit.name}\n"
    )
    full_subject = f"[{dossier.code}] {subject}" if dossier.code else subject
    if dossier.applicant_email:
        outbox_rows.queue(
            session,
            dossier,
            channel="email",
            recipient=dossier.applicant_email,
            subject=full_subject,
            body=body,
            created_at=now,
        )
    if dossier.applicant_phone:
        # Unaccented, as Vietnamese SMS usually are: a Unicode SMS holds 70 characters, not 160.
        # A denial or a stop must reach the applicant with its reasons, by SMS too.
        why = f" Lý do: {extra.get('reason', '')}." if kind in SMS_WITH_REASON else ""
        sms = unidecode(f"{subject}. Mã hồ sơ {dossier.code}.{why} Tra cứu: {link}")
        outbox_rows.queue(
            session,
            dossier,
            channel="sms",
            recipient=dossier.applicant_phone,
            subject="",
            body=sms,
            created_at=now,
        )
