"""The reception desk: the online queue, the check screen and its three decisions, and
dispatch with the 15:00 rule for paper."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, dossier_version, local
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, blind_post, fresh, submit, text_of
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent
from vpub_onestop.services import closing, reception, supplements
from vpub_onestop.services.files import store_file
from vpub_onestop.services.uow import unit_of_work

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _table(html: str) -> str:
    """The desktop table of a list page (the phone list repeats the same rows)."""
    return html[html.index("<table") : html.index("</table>")]


def _row(table: str, code: str) -> str:
    return next(row for row in table.split("<tr")[1:] if code in row)


def test_the_queue_lists_online_submissions_oldest_first_with_working_hours_waited(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    older = scenarios.submitted_online(clock)  # Mon 2/3 08:00
    clock.set(local(2026, 3, 2, 15, 0))
    newer = scenarios.submitted_online(clock)
    elsewhere = scenarios.submitted_online(clock, code="1.012781", unit="ttpvhcc")
    clock.set(local(2026, 3, 3, 10, 0))  # Tue 10:00

    html = text_of(client_for("reception.px_quynhon").get("/mot-cua/tiep-nhan"))

    table = _table(html)
    older_code, newer_code = fresh(older.dossier_id).code, fresh(newer.dossier_id).code
    assert older_code and newer_code
    assert table.index(older_code) < table.index(newer_code)
    # Mon 08:00 -> Tue 10:00 is 3.5 + 3.5 + 3 = 10 office hours; Mon 15:00 -> 2 + 3 = 5.
    older_row, newer_row = _row(table, older_code), _row(table, newer_code)
    assert "10,0 giờ làm việc" in older_row and "quá 8 giờ" in older_row
    assert "5,0 giờ làm việc" in newer_row and "quá 8 giờ" not in newer_row
    assert "table-warning" in older_row and "table-warning" not in newer_row
    # another centre's submission is not in this unit's queue
    assert fresh(elsewhere.dossier_id).code not in html


def test_the_check_screen_puts_the_checklist_beside_the_uploaded_files(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock)
    dossier = fresh(built.dossier_id)
    first, second = dossier.procedure.documents
    with unit_of_work() as session:
        stored = store_file(
            session,
            dossier,
            "tờ khai kết hôn.pdf",
            PDF,
            now=clock.now,
            uploaded_by_id=dossier.owner_user_id,
            required_document_id=first.id,
        )
        session.flush()
        file_id = stored.id

    desk = client_for("reception.px_quynhon")
    html = text_of(desk.get(f"/mot-cua/kiem-tra/{built.dossier_id}"))

    assert first.name in html and second.name in html
    row_of_first = html[html.index(first.name) : html.index(second.name)]
    assert "tờ khai kết hôn.pdf" in row_of_first
    assert "Chưa có tệp" in html[html.index(second.name) :]
    opened = desk.get(f"/mot-cua/ho-so/{built.dossier_id}/tep/{file_id}")
    assert opened.status_code == 200 and opened.data == PDF
    assert opened.mimetype == "application/pdf"
    # the agency of a dossier it has no step in cannot open its files
    assert (
        client_for("specialist.congan")
        .get(f"/mot-cua/ho-so/{built.dossier_id}/tep/{file_id}")
        .status_code
        == 404
    )


def test_receiving_gives_a_code_and_offers_the_receipt_to_print(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock)
    clock.set(local(2026, 3, 2, 9, 30))
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/kiem-tra/{built.dossier_id}"

    response = submit(desk, page, f"/mot-cua/ho-so/{built.dossier_id}/tiep-nhan")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/mot-cua/ho-so/{built.dossier_id}?xong=tiep-nhan"
    )
    dossier = fresh(built.dossier_id)
    assert dossier.state is DossierState.RECEIVED and dossier.received_at is not None
    html = text_of(desk.get(response.headers["Location"]))
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in html
    assert "In giấy tiếp nhận (Mẫu 01)" in html
    # 1.000894 is 5 working days: Mon 2/3 09:30 -> Mon 9/3 09:30
    assert "09:30 09/03/2026" in html


def test_return_for_completion_lists_each_missing_item_with_its_reason(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock)
    document = fresh(built.dossier_id).procedure.documents[0]
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/kiem-tra/{built.dossier_id}"
    action = f"/mot-cua/ho-so/{built.dossier_id}/yeu-cau-hoan-thien"

    nothing_marked = submit(desk, page, action)
    assert nothing_marked.status_code == 422
    assert "Hãy đánh dấu giấy tờ còn thiếu" in text_of(nothing_marked)
    assert fresh(built.dossier_id).state is DossierState.SUBMITTED

    response = submit(
        desk,
        page,
        action,
        {f"rfc-missing_{document.id}": "y", f"rfc-reason_{document.id}": "Ảnh chụp bị mờ"},
    )

    assert response.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.DRAFT
    event = db.session.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == built.dossier_id,
            DossierEvent.trigger == "return_for_completion",
        )
    ).one()
    assert event.data["missing_items"] == [{"name": document.name, "reason": "Ảnh chụp bị mờ"}]
    html = text_of(desk.get(response.headers["Location"]))
    assert "Ảnh chụp bị mờ" in html
    assert "Mẫu 02" in html


def test_refusal_needs_a_reason_kept_next_to_the_field(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock)
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/kiem-tra/{built.dossier_id}"
    action = f"/mot-cua/ho-so/{built.dossier_id}/tu-choi"

    missing = submit(desk, page, action, {"refuse-reason": ""})
    assert missing.status_code == 422
    assert 'id="refuse-reason-error"' in text_of(missing)
    assert "Vui lòng ghi rõ lý do." in text_of(missing)
    assert fresh(built.dossier_id).state is DossierState.SUBMITTED

    reason = "Thủ tục không thuộc thẩm quyền của Trung tâm phường."
    refused = submit(desk, page, action, {"refuse-reason": reason})
    assert refused.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.REFUSED
    html = text_of(desk.get(refused.headers["Location"]))
    assert reason in html and "Mẫu 03" in html


def test_paper_dispatched_after_three_pm_moves_at_the_next_morning(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    clock.set(local(2026, 3, 2, 15, 30))
    built = scenarios.received_at_counter(clock)
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    assert "chuyển đầu giờ ngày làm việc tiếp theo (07:00 03/03/2026)" in text_of(desk.get(page))
    listed = text_of(desk.get("/mot-cua/tiep-nhan?loai=cho-chuyen"))
    assert "chuyển đầu giờ ngày làm việc tiếp theo" in listed

    response = submit(desk, page, f"/mot-cua/ho-so/{built.dossier_id}/chuyen-xu-ly")

    assert response.status_code == 302
    followed = text_of(desk.get(response.headers["Location"]))
    assert "chuyển đầu giờ ngày làm việc tiếp theo (07:00 03/03/2026)" in followed
    task = built.tasks()[0]
    assert task.state is TaskState.PENDING
    assert task.arrived_at == local(2026, 3, 3, 7, 0)


def test_paper_dispatched_before_three_pm_moves_at_once(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    clock.set(local(2026, 3, 2, 14, 0))
    built = scenarios.received_at_counter(clock)
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    assert "chuyển đầu giờ ngày làm việc tiếp theo" not in text_of(desk.get(page))

    # from the list, and back to the list
    response = submit(desk, "/mot-cua/tiep-nhan?loai=cho-chuyen", f"{page}/chuyen-xu-ly")

    assert response.headers["Location"].endswith("/mot-cua/tiep-nhan?loai=cho-chuyen")
    assert built.tasks()[0].arrived_at == local(2026, 3, 2, 14, 0)


def test_a_dossier_of_another_unit_is_not_found_and_unchanged(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.received_at_counter(clock)
    other_desk = client_for("reception.ttpvhcc")
    assert other_desk.get(f"/mot-cua/ho-so/{built.dossier_id}").status_code == 404
    response = blind_post(
        other_desk, f"/mot-cua/ho-so/{built.dossier_id}/chuyen-xu-ly", "dispatch", built.version, {}
    )
    assert response.status_code == 404
    assert fresh(built.dossier_id).state is DossierState.RECEIVED


def test_a_form_without_its_version_is_refused(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.received_at_counter(clock)
    desk = client_for("reception.px_quynhon")
    response = submit(
        desk,
        f"/mot-cua/ho-so/{built.dossier_id}",
        f"/mot-cua/ho-so/{built.dossier_id}/chuyen-xu-ly",
        {"dispatch-version": ""},
    )
    # Nobody can tell which state the officer saw: nothing is done, the page says reload.
    assert response.status_code == 428
    assert "tải lại trang" in text_of(response)
    assert fresh(built.dossier_id).state is DossierState.RECEIVED


def test_the_dossier_page_links_each_slip_that_applies(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock, scenarios.SEQUENTIAL, desk="reception.ttpvhcc")
    scenarios.work_step(clock, built.task("vpdkdd", stage=1), "vpdkdd", until=TaskState.IN_PROGRESS)
    closing.apologise(
        actor("leader.vpdkdd"),
        built.dossier_id,
        "Chờ kết quả đo đạc.",
        local(2026, 3, 20, 9, 0),
        now=clock.advance(minutes=5),
        expected_version=dossier_version(built.dossier_id),
    )
    supplements.request_supplement(
        actor("specialist.vpdkdd"),
        built.dossier_id,
        "Thiếu bản vẽ.",
        now=clock.now,
        expected_version=dossier_version(built.dossier_id),
    )
    refused = scenarios.submitted_online(clock)
    reception.refuse_dossier(
        actor("reception.px_quynhon"),
        refused.dossier_id,
        "Không thuộc thẩm quyền.",
        now=clock.now,
        expected_version=dossier_version(refused.dossier_id),
    )

    land = text_of(client_for("reception.ttpvhcc").get(f"/mot-cua/ho-so/{built.dossier_id}"))
    other = text_of(client_for("reception.px_quynhon").get(f"/mot-cua/ho-so/{refused.dossier_id}"))

    for key in ("01", "02", "04", "05"):
        assert f"(Mẫu {key})" in land
    assert "(Mẫu 03)" not in land
    assert "(Mẫu 03)" in other and "(Mẫu 01)" not in other
    if "slips.dossier_slip" not in officer_app.view_functions:
        return  # the titles are listed, printing comes with the slips module
    for html, dossier_id, username in (
        (land, built.dossier_id, "reception.ttpvhcc"),
        (other, refused.dossier_id, "reception.px_quynhon"),
    ):
        links = re.findall(rf'href="(/ho-so/{dossier_id}/phieu/mau-0\d\.pdf)"', html)
        assert links
        for link in links:
            pdf = client_for(username).get(link)
            assert pdf.status_code == 200 and pdf.mimetype == "application/pdf", link
