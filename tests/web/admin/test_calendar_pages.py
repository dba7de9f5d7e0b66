"""/quan-tri/lich: the year's days with their legal basis, a day added after the page has
shown the dossiers whose appointment it lies before ("hẹn đã cấp, không tự đổi"), errors in
Vietnamese, and nobody but an administrator."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests.services.support import actor, counter_receipt, local, procedure_id
from tests.web.officer.conftest import Clients, csrf_of, form_for, fresh, text_of
from vpub_onestop.extensions import db
from vpub_onestop.models import CalendarOverride, CalendarYear
from vpub_onestop.services.clock import load_work_calendar

YEAR = "/quan-tri/lich?nam=2026"
ADD = "/quan-tri/lich/ngay"


def test_the_year_shows_each_day_with_its_basis(client_for: Clients) -> None:
    page = text_of(client_for("admin.ttpvhcc").get(YEAR))
    assert "Đã xác nhận" in page
    # Friday 2/1/2026, swapped with Saturday 10/1 (docs/domain.md#calendar).
    assert "Thứ Sáu, 02/01/2026" in page and "Thứ Bảy, 10/01/2026" in page
    assert "12729/VPCP-KGVX" in page


def test_other_roles_are_kept_out(client_for: Clients) -> None:
    desk = client_for("reception.ttpvhcc")
    assert desk.get(YEAR).status_code == 403
    assert desk.post(ADD, data={"csrf_token": csrf_of(desk)}).status_code == 403
    assert (
        desk.post(
            "/quan-tri/lich/2027/xac-nhan", data={"csrf_token": csrf_of(desk), "can_cu": "x"}
        ).status_code
        == 403
    )


def test_an_unknown_day_is_not_found(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    assert admin.get("/quan-tri/lich/ngay/999999").status_code == 404
    assert admin.get("/quan-tri/lich?nam=1800").status_code == 404


def test_a_day_without_its_legal_basis_is_refused_in_vietnamese(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    fields = form_for(text_of(admin.get(YEAR)), ADD)
    assert fields is not None
    fields.update({"ngay": "2026-03-04", "loai": "off", "ten": "Nghỉ theo quyết định của tỉnh"})
    refused = admin.post(ADD, data=fields)
    assert refused.status_code == 422
    page = text_of(refused)
    assert "Nhập căn cứ pháp lý." in page
    assert 'value="Nghỉ theo quyết định của tỉnh"' in page  # nothing typed is lost


def test_a_day_off_lists_the_appointments_it_leaves_as_printed(
    client_for: Clients, clock: object
) -> None:
    clock.set(local(2026, 3, 2, 9))  # type: ignore[attr-defined]
    dossier = counter_receipt(actor("reception.px_quynhon"), procedure_id("1.000894"))
    printed = dossier.appointment_at
    admin = client_for("admin.ttpvhcc")
    fields = form_for(text_of(admin.get(YEAR)), ADD)
    assert fields is not None
    fields.update(
        {
            "ngay": "2026-03-04",
            "loai": "off",
            "ten": "Nghỉ theo quyết định của tỉnh",
            "can_cu": "Công văn 1234/UBND-KGVX",
        }
    )
    preview = admin.post(ADD, data=fields)
    page = text_of(preview)
    assert preview.status_code == 200
    assert "Hồ sơ đang giải quyết có ngày hẹn sau ngày này: 1" in page
    assert dossier.code in page and "Hẹn đã cấp, không tự đổi" in page
    db.session.rollback()
    assert (
        db.session.scalar(
            select(CalendarOverride.id).where(CalendarOverride.day == date(2026, 3, 4))
        )
        is None
    )  # nothing saved before the confirmation
    confirm = form_for(page, ADD)
    assert confirm is not None and confirm["xac_nhan"] == "1"
    saved = admin.post(ADD, data={**confirm, "save": "Lưu vào lịch"})
    assert saved.status_code == 302
    year = text_of(admin.get(YEAR))
    assert "Thứ Tư, 04/03/2026" in year and "Công văn 1234/UBND-KGVX" in year
    assert fresh(dossier.id).appointment_at == printed


def test_a_day_is_removed_after_the_same_preview(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    day_id = db.session.scalars(
        select(CalendarOverride.id).where(CalendarOverride.day == date(2026, 8, 31))
    ).one()
    page = f"/quan-tri/lich/ngay/{day_id}"
    action = f"{page}/xoa"
    fields = form_for(text_of(admin.get(page)), action)
    assert fields is not None
    refused = admin.post(action, data=fields)  # no basis given
    assert refused.status_code == 422 and "Nhập căn cứ pháp lý." in text_of(refused)
    fields["can_cu"] = "Quyết định điều chỉnh lịch nghỉ Quốc khánh"
    preview = admin.post(action, data=fields)
    assert "Hồ sơ đang giải quyết có ngày hẹn sau ngày này: 0" in text_of(preview)
    confirm = form_for(text_of(preview), action)
    assert confirm is not None
    assert admin.post(action, data={**confirm, "save": "Xác nhận bỏ ngày này"}).status_code == 302
    db.session.rollback()
    assert db.session.get(CalendarOverride, day_id) is None
    assert "Thứ Hai, 31/08/2026" not in text_of(admin.get(YEAR))


CONFIRM_2027 = "/quan-tri/lich/2027/xac-nhan"


def _ticked(page: str) -> set[str]:
    """The holidays ticked in the confirmation form."""
    boxes = re.findall(r'<input[^>]*name="giu"[^>]*>', page)
    return {
        re.search(r'value="([0-9-]+)"', box).group(1)  # type: ignore[union-attr]
        for box in boxes
        if re.search(r"\schecked[\s>=]", box)
    }


def test_confirming_a_year_writes_the_shown_holidays_the_admin_keeps(
    client_for: Clients,
) -> None:
    admin = client_for("admin.ttpvhcc")
    page = text_of(admin.get("/quan-tri/lich?nam=2027"))
    # Tết 2027 comes from the holidays package only: shown as days off, ticked to be kept.
    ticked = _ticked(page)
    assert {"2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"} <= ticked
    kept = sorted(ticked - {"2027-02-10"})
    # No basis: refused in Vietnamese, the unticked day stays unticked, nothing confirmed.
    refused = admin.post(CONFIRM_2027, data={"csrf_token": csrf_of(admin), "giu": kept})
    assert refused.status_code == 422
    again = text_of(refused)
    assert "Nhập căn cứ pháp lý." in again
    assert _ticked(again) == set(kept)
    db.session.rollback()
    assert db.session.get(CalendarYear, 2027).status == "provisional"

    saved = admin.post(
        CONFIRM_2027,
        data={"csrf_token": csrf_of(admin), "giu": kept, "can_cu": "Quyết định năm 2027"},
    )
    assert saved.status_code == 302
    year = text_of(admin.get("/quan-tri/lich?nam=2027"))
    assert "Đã xác nhận" in year and "Bộ luật Lao động 2019, Điều 112" in year
    db.session.rollback()
    calendar = load_work_calendar()
    assert not calendar.is_working_day(date(2027, 2, 4))
    assert calendar.is_working_day(date(2027, 2, 10))  # the day the admin unticked


def test_confirming_without_the_token_changes_nothing(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    refused = admin.post(CONFIRM_2027, data={"can_cu": "Quyết định năm 2027"})
    assert refused.status_code == 400  # the CSRF page
    db.session.rollback()
    assert db.session.get(CalendarYear, 2027).status == "provisional"
