"""Mẫu 01 of an online file, where nothing was paid at the counter: it states the
procedure's fee, a tiered tariff with its tiers, and where the result will be delivered."""

from __future__ import annotations

from flask import Flask

from tests.services.support import (
    APPLICANT,
    actor,
    document_ids,
    dossier_version,
    local,
    procedure_id,
    submit_draft,
    unit_id,
)
from tests.web.slips import scenarios as sc
from tests.web.slips.conftest import pdf_text
from vpub_onestop.services import portal, reception, slips

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COPY = "2.000815"  # certified copies at the commune


def _received_online(delivery: str) -> int:
    citizen = actor("citizen1")
    procedure = procedure_id(COPY)
    uploads = [
        portal.Upload(f"giay-to-{doc}.pdf", PDF, doc)
        for doc in document_ids(procedure, mandatory_only=True)
    ]
    details = portal.DraftDetails(
        procedure_id=procedure,
        receiving_unit_id=unit_id("px_quynhon"),
        applicant=APPLICANT,
        result_delivery=delivery,
    )
    draft = portal.save_draft(citizen, details, uploads, now=local(2026, 3, 2, 8, 30))
    submit_draft(citizen, draft, now=local(2026, 3, 2, 8, 40))
    reception.receive_dossier(
        actor(sc.COMMUNE_DESK),
        draft,
        expected_version=dossier_version(draft),
        now=local(2026, 3, 2, 9, 0),
    )
    return draft


def test_an_online_receipt_states_the_fee_tiers_and_the_delivery(app: Flask) -> None:
    with app.app_context():
        dossier_id = _received_online("post")
        text = pdf_text(slips.render_dossier_slip("mau-01", dossier_id, actor(sc.COMMUNE_DESK)))
    assert "6. Nơi nhận kết quả: Qua dịch vụ bưu chính công ích" in text
    # The certified-copy tariff: 2.000 ₫ a page for the first 2 pages, 1.000 ₫ after, at
    # most 200.000 ₫ a copy, reached at 2 + (200.000 − 4.000) / 1.000 = 198 pages.
    assert "7. Phí, lệ phí: Thu theo số trang của mỗi bản:" in text
    assert "2.000 ₫/trang cho 2 trang đầu;" in text
    assert "từ trang thứ 3 trở đi: 1.000 ₫/trang;" in text
    assert "tối đa 200.000 ₫ cho mỗi bản (đạt mức tối đa từ bản có 198 trang)." in text
    assert "Phí, lệ phí đã nộp" not in text  # nothing was paid at the counter


def test_a_counter_receipt_still_states_what_was_paid(app: Flask) -> None:
    with app.app_context():
        dossier_id = sc.counter_receipt()
        text = pdf_text(slips.render_dossier_slip("mau-01", dossier_id, actor(sc.COMMUNE_DESK)))
    assert "7. Phí, lệ phí đã nộp: 20.000 ₫ (biên lai số 0001234)." in text
