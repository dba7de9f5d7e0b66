"""What the citizen is told along the online flow: the fee (a tiered tariff with its tiers
and a worked example), the delivery chosen, an acknowledgement that says the email went
out only when the mail server took it, and a file listed by what it really is."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.services.support import unit_id
from tests.web.citizen.conftest import (
    MARRIAGE,
    PDF,
    PNG,
    Mailbox,
    document_ids,
    draft_fields,
    free_port,
    log_in,
    submit_online,
    text,
    token,
    upload,
)
from vpub_onestop.domain.delivery import MAX_ATTEMPTS
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierFile
from vpub_onestop.services import outbox

COPY = "2.000815"  # certified copies: 2.000 ₫/page for 2 pages, then 1.000 ₫, 200.000 ₫ cap
LAND = "1.012781"  # land change registration (province): a flat 50.000 ₫
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def test_the_form_shows_a_tiered_fee_with_its_tiers_and_an_example(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    page = text(client.get(f"/thu-tuc/{COPY}/nop-truc-tuyen"))
    assert "Phí, lệ phí" in page
    assert "Thu theo số trang của mỗi bản:" in page
    assert "2.000 ₫/trang cho 2 trang đầu;" in page
    assert "từ trang thứ 3 trở đi: 1.000 ₫/trang;" in page
    # The cap is reached at 198 pages: 2 × 2.000 + 196 × 1.000 = 200.000.
    assert "tối đa 200.000 ₫ cho mỗi bản (đạt mức tối đa từ bản có 198 trang)." in page
    # 5 pages: 2 × 2.000 + 3 × 1.000 = 7.000; two such copies 14.000.
    assert "Ví dụ: một bản 5 trang = 2 × 2.000 ₫ + 3 × 1.000 ₫ = 7.000 ₫" in page


def test_review_and_acknowledgement_show_the_fee_and_the_delivery_chosen(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    start = f"/thu-tuc/{LAND}/nop-truc-tuyen"
    with app.app_context():
        unit = unit_id("ttpvhcc")
    uploads = {
        f"doc_{doc_id}": upload(PDF, f"giay-to-{n}.pdf")
        for n, doc_id in enumerate(document_ids(app, LAND))
    }
    data = draft_fields(
        csrf_token=token(client, start), receiving_unit_id=unit, proceed="x", result_delivery="post"
    )
    to_review = client.post(start, data={**data, **uploads}, content_type="multipart/form-data")
    assert to_review.status_code == 302, text(to_review)
    review = text(client.get(to_review.location))
    assert "Qua dịch vụ bưu chính" in review
    assert "50.000 ₫ cho mỗi hồ sơ." in review

    dossier_id = submit_online(app, client, LAND, unit_key="ttpvhcc", result_delivery="post")
    done = text(client.get(f"/ho-so-cua-toi/{dossier_id}/da-nop"))
    assert "Qua dịch vụ bưu chính" in done
    assert "50.000 ₫ cho mỗi hồ sơ." in done


def test_the_acknowledgement_says_sent_only_when_the_mail_server_took_it(
    app: Flask, client: FlaskClient, mailbox: Mailbox
) -> None:
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}/da-nop"))
    assert len(mailbox.messages) == 1
    assert "Thư xác nhận đã được gửi tới an.nguyen@example.com." in page
    assert "đang gửi" not in page


def test_a_refused_mail_is_reported_as_still_being_sent_then_as_not_sent(
    app: Flask, client: FlaskClient
) -> None:
    # Nothing listens on the port: every delivery run fails (the mail server is down).
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), OUTBOX_AUTOSEND=True)
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}/da-nop"))
    assert "đã được gửi" not in page
    assert "Thư xác nhận đang gửi tới an.nguyen@example.com" in page

    with app.app_context():
        for _ in range(MAX_ATTEMPTS):
            outbox.deliver_pending()
        db.session.remove()
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}/da-nop"))
    assert "Chưa gửi được thư xác nhận tới an.nguyen@example.com" in page


def test_a_photo_named_pdf_is_kept_under_the_photos_extension(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    start = f"/thu-tuc/{MARRIAGE}/nop-truc-tuyen"
    with app.app_context():
        unit = unit_id("px_quynhon")
    first, *_ = document_ids(app, MARRIAGE)
    data = draft_fields(csrf_token=token(client, start), receiving_unit_id=unit, save="x")
    files = {f"doc_{first}": upload(JPEG, "giay-chung-nhan.pdf"), "doc_other": upload(PNG, "so do")}
    saved = client.post(start, data={**data, **files}, content_type="multipart/form-data")
    assert saved.status_code == 302, text(saved)
    page = text(client.get(saved.location))
    assert "giay-chung-nhan.jpg" in page and "giay-chung-nhan.pdf" not in page
    with app.app_context():
        stored = {
            row.original_name: (row.content_type, row.stored_name)
            for row in db.session.scalars(select(DossierFile))
        }
        db.session.remove()
    assert stored["giay-chung-nhan.jpg"][0] == "image/jpeg"
    assert stored["giay-chung-nhan.jpg"][1].endswith(".jpg")
    assert stored["so do.png"][0] == "image/png"
