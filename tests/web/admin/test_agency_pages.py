"""/quan-tri/co-quan: the tree, an agency's page, create and edit with their errors in
Vietnamese, and the merge from preview to confirmation. Administrators only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tests.services.support import actor, counter_receipt, local, procedure_id, unit_id
from tests.web.officer.conftest import Clients, csrf_of, form_for, text_of
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, StepTask

TREE = "/quan-tri/co-quan"
MERGE = "/quan-tri/co-quan/sap-nhap"


def test_the_tree_shows_the_province_and_its_agencies(client_for: Clients) -> None:
    page = text_of(client_for("admin.ttpvhcc").get(TREE))
    assert "Ủy ban nhân dân tỉnh Gia Lai" in page
    # The land office sits under its department, inside an expandable <details>.
    department = page.index("Sở Nông nghiệp và Môi trường tỉnh Gia Lai")
    assert page.index("<details", department) < page.index("Văn phòng Đăng ký đất đai", department)
    assert "Văn phòng Đăng ký đất đai tỉnh Gia Lai" in page[department:]


def test_other_roles_are_kept_out(client_for: Clients) -> None:
    specialist = client_for("specialist.congan")
    assert specialist.get(TREE).status_code == 403
    assert specialist.get(MERGE).status_code == 403
    assert specialist.post(MERGE, data={"csrf_token": csrf_of(specialist)}).status_code == 403


def test_an_unknown_agency_is_not_found(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    assert admin.get(f"{TREE}/999999").status_code == 404
    assert admin.get(f"{TREE}/999999/sua").status_code == 404


def test_a_form_without_its_csrf_token_is_refused(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    response = admin.post(
        f"{TREE}/moi",
        data={
            "ten": "Trung tâm mới",
            "ma_ngan": "px_moi",
            "ma_dinh_danh": "000.05.31.H21",
            "cap": "commune",
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Agency.id).where(Agency.key == "px_moi")) is None


def test_a_bad_code_is_explained_and_the_input_kept(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    fields = form_for(text_of(admin.get(f"{TREE}/moi")), f"{TREE}/moi")
    assert fields is not None
    fields.update(
        {
            "ten": "Trung tâm Phục vụ hành chính công phường Mới",
            "ma_ngan": "px_moi",
            "ma_dinh_danh": "00.05.31-H21",
            "cap": "commune",
            "dien_thoai": "12",
        }
    )
    response = admin.post(f"{TREE}/moi", data=fields)
    page = text_of(response)
    assert response.status_code == 422
    assert "Mã định danh phải có dạng 000.00.00.H21" in page
    assert "Số điện thoại phải bắt đầu bằng 0 hoặc +84" in page
    assert 'value="Trung tâm Phục vụ hành chính công phường Mới"' in page
    fields.update({"ma_dinh_danh": "000.05.31.h21", "dien_thoai": "0256 3822 999"})
    created = admin.post(f"{TREE}/moi", data=fields)
    assert created.status_code == 302
    shown = text_of(admin.get(created.headers["Location"]))
    assert "000.05.31.H21" in shown and "Tạo mới" in shown  # the audit's line on the page


def test_an_edit_from_an_outdated_page_asks_for_a_reload(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    centre = unit_id("px_quynhon")
    page = f"{TREE}/{centre}/sua"
    first = form_for(text_of(admin.get(page)), page)
    second = dict(first or {})
    assert first is not None
    first["dia_chi"] = "26 Phan Bội Châu, phường Quy Nhơn"
    assert admin.post(page, data=first).status_code == 302
    second["dia_chi"] = "27 Phan Bội Châu, phường Quy Nhơn"
    refused = admin.post(page, data=second)
    assert refused.status_code == 409
    assert "tải lại trang" in text_of(refused)
    db.session.rollback()
    assert db.session.get(Agency, centre).address == "26 Phan Bội Châu, phường Quy Nhơn"


def test_a_merge_is_previewed_then_confirmed(client_for: Clients, clock: object) -> None:
    clock.set(local(2026, 3, 2, 9))  # type: ignore[attr-defined]
    counter_receipt(actor("reception.ttpvhcc"), procedure_id("1.012781"))
    clock.set(local(2026, 3, 16, 8))  # type: ignore[attr-defined]  # the merger's own day
    admin = client_for("admin.ttpvhcc")
    office, department = unit_id("vpdkdd"), unit_id("snnmt")
    page = _merge_preview(admin, office, department, "2026-03-16")
    assert "Xem trước: những gì sẽ chuyển" in page
    assert 'data-move="tasks"><td>Bước xử lý đang mở</td><td class="text-end">2</td>' in page
    # Nothing has moved yet.
    assert _open_at(office) == 2
    confirm = form_for(page, MERGE)
    assert confirm is not None and confirm["phien_ban"]
    done = admin.post(
        MERGE, data={**confirm, "bi_sap_nhap": str(office), "confirm": "Xác nhận sáp nhập"}
    )
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"{TREE}/{department}")
    assert _open_at(office) == 0 and _open_at(department) == 2
    # Open until the day before the merger took effect, closed from then on.
    closed = text_of(admin.get(f"{TREE}/{office}"))
    assert "đến hết 15/03/2026" in closed and "Hết hiệu lực" in closed


def test_a_merge_without_a_basis_is_explained(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    data = {
        "csrf_token": csrf_of(admin),
        "bi_sap_nhap": str(unit_id("vpdkdd")),
        "cach": "co_san",
        "tiep_nhan": str(unit_id("snnmt")),
        "ap_dung_tu": "2026-03-16",
        "can_cu": "",
        "moi_cap": "province",
        "preview": "Xem trước",
    }
    refused = admin.post(MERGE, data=data)
    assert refused.status_code == 422
    assert "Nhập căn cứ sáp nhập." in text_of(refused)


def _open_at(agency_id: int) -> int:
    db.session.rollback()
    finished = (TaskState.DONE, TaskState.DENIED, TaskState.CANCELLED)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(StepTask)
            .where(StepTask.agency_id == agency_id, StepTask.state.not_in(finished))
        )
        or 0
    )


def test_a_merged_centre_s_open_dossiers_are_announced_for_the_surviving_desk(
    client_for: Clients, clock: object
) -> None:
    clock.set(local(2026, 3, 2, 9))  # type: ignore[attr-defined]
    counter_receipt(actor("reception.px_quynhon"), procedure_id("1.000894"))
    admin = client_for("admin.ttpvhcc")
    old, survivor = unit_id("px_quynhon"), unit_id("px_quynhonnam")
    page = _merge_preview(admin, old, survivor, "2026-03-02")
    assert (
        "Bộ phận Một cửa của cơ quan tiếp nhận sáp nhập sẽ tiếp tục giải quyết và trả kết quả)"
        ": <strong>1</strong>" in page
    )
    assert "Đã sáp nhập;" in text_of(_confirm_merge(admin, page, old))
    merged = text_of(admin.get(f"{TREE}/{old}"))
    assert (
        "Đã sáp nhập vào" in merged
        and "Trung tâm Phục vụ hành chính công phường Quy Nhơn Nam" in merged
    )
    assert "(từ 02/03/2026)" in merged
    assert "Trung tâm Phục vụ hành chính công phường Quy Nhơn</a> — từ 02/03/2026" in text_of(
        admin.get(f"{TREE}/{survivor}")
    )


def _merge_preview(admin, source: int, survivor: int, day: str) -> str:  # type: ignore[no-untyped-def]
    """The merge page previewing `source` merged into `survivor` from `day` (ISO)."""
    fields = form_for(text_of(admin.get(MERGE)), MERGE)
    assert fields is not None
    fields.update(
        {
            "bi_sap_nhap": str(source),
            "cach": "co_san",
            "tiep_nhan": str(survivor),
            "ap_dung_tu": day,
            "can_cu": "Nghị quyết 1664/NQ-UBTVQH15",
        }
    )
    fields.pop("confirm", None)
    return text_of(admin.post(MERGE, data={**fields, "preview": "Xem trước"}))


def _confirm_merge(admin, page: str, source: int):  # type: ignore[no-untyped-def]
    confirm = form_for(page, MERGE)
    assert confirm is not None
    data = {**confirm, "bi_sap_nhap": str(source), "confirm": "Xác nhận sáp nhập"}
    return admin.post(MERGE, data=data, follow_redirects=True)


def test_a_merger_confirmed_ahead_waits_and_can_be_called_off(
    client_for: Clients, clock: object
) -> None:
    clock.set(local(2026, 3, 2, 9))  # type: ignore[attr-defined]
    admin = client_for("admin.ttpvhcc")
    old, survivor = unit_id("px_quynhon"), unit_id("px_quynhonnam")
    done = _confirm_merge(admin, _merge_preview(admin, old, survivor, "2026-03-16"), old)
    assert "Đã lên lịch sáp nhập từ ngày 16/03/2026" in text_of(done)
    # Nothing moved: the centre is open, and both its page and the admin home say what waits.
    page = text_of(admin.get(f"{TREE}/{old}"))
    assert "Hết hiệu lực" not in page and "Chờ đến ngày có hiệu lực" in page
    assert "Từ ngày 16/03/2026" in text_of(admin.get("/quan-tri"))
    [found] = _cancel_forms(page)
    action, cancel = found["action"], found["fields"]
    # Without a reason: told so in Vietnamese, nothing cancelled.
    refused = admin.post(action, data={**cancel, "ly_do": " "}, follow_redirects=True)
    assert "Nhập lý do hủy lịch sáp nhập." in text_of(refused)
    assert "Chờ đến ngày có hiệu lực" in text_of(admin.get(f"{TREE}/{old}"))
    # Without the CSRF token: refused.
    assert admin.post(action, data={"version": cancel["version"], "ly_do": "x"}).status_code == 400
    done = admin.post(action, data={**cancel, "ly_do": "Quyết định 9"}, follow_redirects=True)
    assert "Đã hủy lịch sáp nhập; không có gì thay đổi." in text_of(done)
    assert "Đã hủy" in text_of(admin.get(f"{TREE}/{old}"))
    # A second administrator's page from before the cancel: reload.
    stale = admin.post(action, data={**cancel, "ly_do": "Quyết định 10"})
    assert stale.status_code == 409 and "tải lại trang" in text_of(stale)


def _cancel_forms(html: str) -> list[dict[str, Any]]:
    from tests.web.officer.conftest import forms_in

    return [form for form in forms_in(html) if form["action"].endswith("/huy")]
