"""Notifications: Vietnamese text with the code and the lookup link for every event the
applicant must hear about; email through SMTP after commit, retried; SMS through a provider
whose default keeps the message in the database."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    receipt_code_of,
    submit_draft,
    task_version,
    unit_id,
)
from tests.web.citizen.conftest import Mailbox, free_port
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage
from vpub_onestop.services import closing, outbox, processing, reception


def _messages(dossier_id: int, channel: str = "email") -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.dossier_id == dossier_id, OutboxMessage.channel == channel)
            .order_by(OutboxMessage.id)
        )
    )


def _counter(code: str = "1.000894", day: int = 2) -> int:
    return counter_receipt(
        actor("reception.px_quynhon"), procedure_id(code), APPLICANT, now=local(2026, 3, day)
    ).id


def test_refusal_apology_early_result_and_return_are_announced_in_vietnamese(app: Flask) -> None:
    with app.app_context():
        citizen = actor("citizen1")
        draft = draft_with_documents(
            citizen, procedure_id("1.000894"), unit_id("px_quynhon"), APPLICANT
        )
        submit_draft(citizen, draft, now=local(2026, 3, 2, 8))
        reception.refuse_dossier(
            actor("reception.px_quynhon"),
            draft,
            "Không thuộc thẩm quyền.",
            now=local(2026, 3, 2, 9),
            expected_version=dossier_version(draft),
        )
        refusal = _messages(draft)[-1]
        assert refusal.subject.endswith("Hồ sơ không được tiếp nhận")
        assert "Lý do: Không thuộc thẩm quyền." in refusal.body

        # a land dossier (10 working days) with an apology, then finished early and returned
        desk = actor("reception.ttpvhcc")
        land = counter_receipt(
            desk, procedure_id("1.012781"), APPLICANT, now=local(2026, 3, 2, 9)
        ).id
        reception.dispatch_dossier(
            desk, land, now=local(2026, 3, 2, 10), expected_version=dossier_version(land)
        )
        leader = actor("leader.vpdkdd")
        closing.apologise(
            leader,
            land,
            "Chờ xác minh ranh giới.",
            local(2026, 3, 19, 9),
            now=local(2026, 3, 3, 9),
            expected_version=dossier_version(land),
        )
        apology = _messages(land)[-1]
        assert "Thư xin lỗi và hẹn lại ngày trả kết quả" in apology.subject
        assert "Chờ xác minh ranh giới." in apology.body
        assert "Ngày hẹn mới: 09:00 ngày 19/03/2026" in apology.body

        for stage in (1, 2, 3):
            task = next(t for t in fresh(land).tasks if t.stage == stage)
            agency_leader = actor("leader.thue" if stage == 2 else "leader.vpdkdd")
            processing.assign_task(
                agency_leader,
                task.id,
                agency_leader.user_id or 0,
                now=local(2026, 3, 3 + stage, 9),
                expected_version=task_version(task.id),
            )
            processing.propose_result(
                agency_leader,
                task.id,
                "Xong.",
                now=local(2026, 3, 3 + stage, 10),
                expected_version=task_version(task.id),
            )
            processing.approve_step(
                agency_leader,
                task.id,
                now=local(2026, 3, 3 + stage, 11),
                expected_version=task_version(task.id),
            )
        early = _messages(land)[-1]
        assert early.subject.endswith("Hồ sơ đã có kết quả trước ngày hẹn")
        assert "sớm hơn ngày hẹn" in early.body
        closing.return_result(
            desk,
            land,
            "counter",
            now=local(2026, 3, 9, 9),
            expected_version=dossier_version(land),
            receipt_code=receipt_code_of(land),
        )
        returned = _messages(land)[-1]
        code, key = fresh(land).code, fresh(land).lookup_key
        assert returned.subject == f"[{code}] Đã trả kết quả hồ sơ"
        assert f"Kính gửi Ông/Bà {APPLICANT.name}," in returned.body
        assert (
            f"Tra cứu tình trạng hồ sơ: http://127.0.0.1:5000/tra-cuu?ma={code}&khoa={key}"
            in returned.body
        )
        sms = _messages(land, "sms")[-1]
        assert sms.recipient == APPLICANT.phone and "Da tra ket qua ho so" in sms.body


def test_a_failed_email_stays_in_the_outbox_and_goes_out_on_a_later_run(app: Flask) -> None:
    port = free_port()  # nothing listens there yet
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, OUTBOX_AUTOSEND=True)
    with app.app_context():
        dossier_id = _counter()  # committed although the mail cannot go out
        email = _messages(dossier_id)[0]
        assert fresh(dossier_id).state is DossierState.RECEIVED
        assert email.sent_at is None and email.attempts == 1 and email.last_error
        sms = _messages(dossier_id, "sms")[0]
        assert sms.sent_at is not None and sms.provider == "database"

        from aiosmtpd.controller import Controller

        box = Mailbox()
        controller = Controller(box, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            assert outbox.deliver_pending() == 1
        finally:
            controller.stop()
        db.session.expire_all()
        email = _messages(dossier_id)[0]
        assert email.sent_at is not None and email.attempts == 2 and email.provider == "smtp"
        assert box.subjects() == [email.subject]
        assert "Hồ sơ đã được tiếp nhận" in box.subjects()[0]


def test_an_email_is_not_tried_again_after_the_last_attempt(app: Flask) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.app_context():
        dossier_id = _counter()
        for _ in range(outbox.MAX_ATTEMPTS + 2):
            outbox.deliver_pending()
        db.session.expire_all()
        email = _messages(dossier_id)[0]
        assert email.sent_at is None and email.attempts == outbox.MAX_ATTEMPTS


class _Gateway:
    name = "gateway-test"

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail = fail

    def send(self, recipient: str, body: str) -> None:
        if self.fail:
            raise OSError("gateway unreachable")
        self.sent.append((recipient, body))


def test_sms_go_through_the_configured_provider(app: Flask) -> None:
    gateway = _Gateway()
    app.extensions[outbox.SMS_PROVIDER_KEY] = gateway
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.app_context():
        dossier_id = _counter()
        outbox.deliver_pending()
        sms = _messages(dossier_id, "sms")[0]
        code = fresh(dossier_id).code
        assert gateway.sent == [(APPLICANT.phone, sms.body)]
        assert sms.provider == "gateway-test" and f"Ma ho so {code}" in sms.body

        broken = _Gateway(fail=True)
        app.extensions[outbox.SMS_PROVIDER_KEY] = broken
        second = _counter(day=3)
        outbox.deliver_pending()
        db.session.expire_all()
        failed = _messages(second, "sms")[0]
        assert failed.sent_at is None and failed.last_error == "gateway unreachable"
