"""Notifications: queued in the outbox inside the transaction, delivered after commit.

Email goes through SMTP (`MAIL_*` settings). SMS goes through an `SmsProvider`; no gateway
is reachable here, so the default provider's delivery is the outbox row itself (provider
"database"). A deployment with a gateway registers its own provider in
`app.extensions[SMS_PROVIDER_KEY]`. A message that fails stays pending and is tried again
by the next delivery run, up to MAX_ATTEMPTS times.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session
from unidecode import unidecode

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, OutboxMessage
from vpub_onestop.public_address import public_url

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
SMS_PROVIDER_KEY = "vpub_sms_provider"


class SmsProvider(Protocol):
    """Sends one text message; raises OSError (or a subclass) when the gateway fails."""

    name: str

    def send(self, recipient: str, body: str) -> None: ...


class DatabaseSmsProvider:
    """No gateway: the outbox row (recipient, text, time) is the record of the message."""

    name = "database"

    def send(self, recipient: str, body: str) -> None:
        return None


def sms_provider() -> SmsProvider:
    provider: SmsProvider = current_app.extensions.get(SMS_PROVIDER_KEY) or DatabaseSmsProvider()
    return provider


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
    "returned": (
        "Đã trả kết quả hồ sơ",
        "Kết quả hồ sơ đã được trả. Cảm ơn Ông/Bà đã sử dụng dịch vụ.",
    ),
}


def format_moment(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M ngày %d/%m/%Y") if moment else "—"


def format_vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def lookup_link(dossier: Dossier) -> str:
    """The public lookup page, already filled with the code and key (as the QR code is)."""
    return public_url("/tra-cuu", ma=dossier.code, khoa=dossier.lookup_key)


def dossier_message(
    session: Session, dossier: Dossier, kind: str, now: datetime, **extra: Any
) -> None:
    if kind == "result_ready" and dossier.timeliness == "early":
        kind = "result_ready_early"
    subject, line = MESSAGES[kind]
    text = line.format(
        submitted=format_moment(dossier.submitted_at),
        appointment=format_moment(dossier.appointment_at),
        reason=extra.get("reason", ""),
        amount=format_vnd(int(extra.get("amount_vnd", 0))),
    )
    link = lookup_link(dossier)
    key_line = f"Mã tra cứu: {dossier.lookup_key}\n" if dossier.lookup_key else ""
    body = (
        f"Kính gửi Ông/Bà {dossier.applicant_name},\n\n{text}\n\n"
        f"Mã hồ sơ: {dossier.code or '—'}\n{key_line}Thủ tục: {dossier.procedure.name}\n"
        f"Tra cứu tình trạng hồ sơ: {link}\n\n{dossier.receiving_unit.name}\n"
    )
    full_subject = f"[{dossier.code}] {subject}" if dossier.code else subject
    if dossier.applicant_email:
        session.add(
            OutboxMessage(
                channel="email",
                recipient=dossier.applicant_email,
                subject=full_subject,
                body=body,
                dossier_id=dossier.id,
                created_at=now,
            )
        )
    if dossier.applicant_phone:
        # Unaccented, as Vietnamese SMS usually are: a Unicode SMS holds 70 characters, not 160.
        sms = unidecode(f"{subject}. Mã hồ sơ {dossier.code}. Tra cứu: {link}")
        session.add(
            OutboxMessage(
                channel="sms",
                recipient=dossier.applicant_phone,
                subject="",
                body=sms,
                dossier_id=dossier.id,
                created_at=now,
            )
        )


def deliver_pending(limit: int = 100) -> int:
    """Send what the outbox holds (after commit). Each message is committed on its own so
    that one failing address does not block the others; failures are retried later."""
    session = db.session
    pending = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message in pending:
        message.attempts += 1
        try:
            if message.channel == "email":
                _send_email(message)
                message.provider = "smtp"
            else:
                provider = sms_provider()
                provider.send(message.recipient, message.body)
                message.provider = provider.name
            message.sent_at = datetime.now(UTC)
            message.last_error = None
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            message.last_error = str(exc)[:500]
            log.warning("outbox %s to %s failed: %s", message.id, message.recipient, exc)
        session.commit()
    return sent


def _send_email(message: OutboxMessage) -> None:
    cfg = current_app.config
    email = EmailMessage()
    email["From"] = cfg["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(email)
