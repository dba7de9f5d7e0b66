"""The administration area: administrators only, a navigation that never links to a page
that does not exist, and the audit list with its filters and its pages."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from tests.web.officer.conftest import Clients
from vpub_onestop.access.actors import actor_for
from vpub_onestop.models import User
from vpub_onestop.services.admin_audit import record_admin_change, row_snapshot
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.web.admin import PREFIX, SECTIONS


def _rename(username: str, new_name: str) -> int:
    with unit_of_work() as session:
        admin = session.scalars(select(User).where(User.username == "admin.ttpvhcc")).one()
        user = session.scalars(select(User).where(User.username == username)).one()
        before = row_snapshot(user)
        user.full_name = new_name
        record_admin_change(
            session,
            actor_for(admin),
            "user",
            user.id,
            "update",
            before=before,
            after=row_snapshot(user),
            reason="Sai chính tả",
        )
        return user.id


def test_a_visitor_is_asked_to_sign_in_and_other_roles_are_refused(
    officer_app: Flask, client_for: Clients
) -> None:
    for path in (PREFIX, f"{PREFIX}/nhat-ky"):
        visitor = officer_app.test_client().get(path)
        assert visitor.status_code == 302 and "/dang-nhap" in visitor.headers["Location"]
        for username in ("reception.ttpvhcc", "leader.congan", "supervisor.ttpvhcc", "citizen1"):
            assert client_for(username).get(path).status_code == 403, (username, path)


def test_the_admin_reaches_the_area_from_the_navigation_and_every_section_link_works(
    officer_app: Flask, client_for: Clients
) -> None:
    admin = client_for("admin.ttpvhcc")
    home = admin.get("/").get_data(as_text=True)
    assert f'href="{PREFIX}"' in home

    page = admin.get(PREFIX)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Quản trị hệ thống" in html
    existing = {rule.rule for rule in officer_app.url_map.iter_rules()}
    for section in SECTIONS:
        path = PREFIX + section.path
        if path in existing:
            assert f'href="{path}"' in html
            assert admin.get(path).status_code == 200, path
        else:  # a section still being built is not offered
            assert f'href="{path}"' not in html
    assert f'href="{PREFIX}/nhat-ky"' in html


def test_the_audit_list_shows_a_change_with_its_fields_and_reason(
    officer_app: Flask, client_for: Clients
) -> None:
    user_id = _rename("citizen1", "Nguyễn Văn Ấn")

    html = client_for("admin.ttpvhcc").get(f"{PREFIX}/nhat-ky").get_data(as_text=True)
    assert "admin.ttpvhcc" in html and "Sai chính tả" in html
    assert "Họ và tên" in html and "Cán bộ citizen1" in html and "Nguyễn Văn Ấn" in html
    assert f"#{user_id}" in html
    assert "password_hash" not in html


def test_the_filters_narrow_the_list_and_a_reversed_range_is_explained(
    officer_app: Flask, client_for: Clients
) -> None:
    _rename("citizen1", "Tên một")
    with unit_of_work() as session:
        admin = session.scalars(select(User).where(User.username == "admin.ttpvhcc")).one()
        record_admin_change(session, actor_for(admin), "setting", "office_hours", "schedule")
    admin_client = client_for("admin.ttpvhcc")

    settings_only = admin_client.get(f"{PREFIX}/nhat-ky?loai=setting").get_data(as_text=True)
    assert "Tên một" not in settings_only and "#office_hours" in settings_only
    # The clock stands at 2/3/2026: nothing was changed on the 1st.
    earlier = admin_client.get(f"{PREFIX}/nhat-ky?tu=2026-03-01&den=2026-03-01")
    assert "Tên một" not in earlier.get_data(as_text=True)
    same_day = admin_client.get(f"{PREFIX}/nhat-ky?tu=2026-03-02&den=2026-03-02")
    assert "Tên một" in same_day.get_data(as_text=True)

    reversed_range = admin_client.get(f"{PREFIX}/nhat-ky?tu=2026-03-05&den=2026-03-01")
    assert reversed_range.status_code == 200
    assert "Đến ngày phải sau hoặc bằng từ ngày." in reversed_range.get_data(as_text=True)
    bad_date = admin_client.get(f"{PREFIX}/nhat-ky?tu=31-02-2026")
    assert "Ngày không hợp lệ." in bad_date.get_data(as_text=True)


def test_the_next_page_continues_after_the_last_row_shown(
    officer_app: Flask, client_for: Clients
) -> None:
    officer_app.config["QUEUE_PAGE_SIZE"] = 2
    for number in range(5):
        _rename("citizen1", f"Tên số {number}")
    admin_client = client_for("admin.ttpvhcc")

    seen: list[str] = []
    path = f"{PREFIX}/nhat-ky"
    while path:
        html = admin_client.get(path).get_data(as_text=True)
        seen += re.findall(r"Tên số \d(?= *</dd>)", html)
        nxt = re.search(r'href="([^"]+)" rel="next"', html)
        path = nxt.group(1).replace("&amp;", "&") if nxt else ""
    # Newest first, each change once.
    assert seen == [f"Tên số {n}" for n in (4, 3, 2, 1, 0)]


def test_an_unknown_page_of_the_area_is_not_found(client_for: Clients) -> None:
    assert client_for("admin.ttpvhcc").get(f"{PREFIX}/khong-co").status_code == 404
    assert client_for("admin.ttpvhcc").get(f"{PREFIX}/nhat-ky?trang=abc").status_code == 400


def test_the_history_macro_shows_one_objects_changes_newest_first(officer_app: Flask) -> None:
    from flask import render_template_string

    user_id = _rename("citizen1", "Tên đầu")
    _rename("citizen1", "Tên sau")
    _rename("citizen2", "Người khác")
    page = '{% from "admin/_history.html" import admin_history %}{{ admin_history("user", id) }}'
    with officer_app.test_request_context("/quan-tri"):
        html = render_template_string(page, id=user_id)

    newest, oldest = html.split("<li")[1:]
    assert "Tên đầu" in newest and "Tên sau" in newest  # Tên đầu → Tên sau
    assert "Cán bộ citizen1" in oldest and "Tên sau" not in oldest
    assert "Người khác" not in html
    assert f"/quan-tri/nhat-ky?loai=user&amp;ma={user_id}" in html
