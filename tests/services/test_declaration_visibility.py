"""Who reads a dossier's declaration answers: whoever sees the applicant's papers (the
visibility rules of docs/domain.md#who-sees-what, unchanged): the receiving unit and every
agency of the route; the public lookup, which shows progress only, does not."""

from __future__ import annotations

from flask import Flask

from tests.services.support import (
    APPLICANT,
    actor,
    document_ids,
    dossier_version,
    fresh,
    local,
    procedure_id,
)
from vpub_onestop.access.declaration import declaration_of
from vpub_onestop.access.visibility import viewer_for
from vpub_onestop.domain.visibility import PUBLIC_LOOKUP
from vpub_onestop.services import counter, reception

RESIDENCE = "1.004222"  # its route goes to the provincial police (congan)
ANSWERS = {
    "ho_ten": "Võ Thị Mai",
    "ngay_sinh": "12/12/1985",
    "gioi_tinh": "nu",
    "so_dinh_danh": "052185007777",
    "dien_thoai": "0935000111",
    "la_chu_ho": "yes",
    "dia_chi_thuong_tru": {"province": "52", "commune": "phường Pleiku", "detail": "8 Hùng Vương"},
    "noi_dung_de_nghi": "Đăng ký thường trú tại nhà riêng.",
}


def test_the_unit_and_the_routes_agency_read_the_answers_the_public_lookup_does_not(
    app: Flask,
) -> None:
    with app.app_context():
        procedure = procedure_id(RESIDENCE)
        received = counter.receive_walk_in(
            actor("reception.px_quynhon"),
            counter.WalkIn(
                procedure_id=procedure,
                applicant=APPLICANT,
                present_document_ids=frozenset(document_ids(procedure)[1:]),
                answers=ANSWERS,
            ),
            now=local(2026, 3, 9, 9),
        )
        # Handed over to the route's first agency (the police), which then reads the file.
        reception.dispatch_dossier(
            actor("reception.px_quynhon"),
            received.id,
            now=local(2026, 3, 9, 9, 30),
            expected_version=dossier_version(received.id),
        )
        dossier = fresh(received.id)
        for who in ("reception.px_quynhon", "specialist.congan"):
            shown = declaration_of(dossier, viewer_for(actor(who), dossier))
            assert shown is not None, who
            lines = {line.label: line.text for line in shown.sections[2].items}
            assert (
                lines["Địa chỉ đăng ký thường trú"] == "8 Hùng Vương, phường Pleiku, tỉnh Gia Lai"
            )
        assert declaration_of(dossier, PUBLIC_LOOKUP) is None
        # An agency outside the route sees nothing of the dossier, its answers included.
        assert declaration_of(dossier, viewer_for(actor("specialist.bhxh"), dossier)) is None
