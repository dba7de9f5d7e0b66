"""The layout's parts drawn once per process (web/layout.py) still follow what they depend
on: the signed-in role, the page (the current entry), the language and the address the app
is served under. A part kept under too coarse a key would show one visitor another's menu."""

from __future__ import annotations

import re

from flask import Flask

from tests.web.conftest import log_in

CATALOGUE = "/thu-tuc"


def _entries(html: str) -> list[tuple[str, bool]]:
    """(label, is the current page) of the navigation entries, in order."""
    menu = html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>", 1)[0]
    entry = r'<a class="nav-link( active)?" href="[^"]*"\s*(?:aria-current="page")?>([^<]+)</a>'
    found = re.findall(entry, menu)
    return [(label.strip(), bool(active)) for active, label in found]


def test_each_role_sees_its_own_menu_on_the_same_page(shell_app: Flask) -> None:
    desk = shell_app.test_client()
    log_in(desk, "lan.tiepnhan")
    desk_menu = _entries(desk.get(CATALOGUE).get_data(as_text=True))
    assert ("Chờ tiếp nhận", False) in desk_menu

    citizen = shell_app.test_client()
    log_in(citizen, "hung.congdan")
    citizen_menu = _entries(citizen.get(CATALOGUE).get_data(as_text=True))
    assert citizen_menu == [
        ("Thủ tục", True),
        ("Hồ sơ của tôi", False),
        ("Tra cứu", False),
        ("Tài khoản", False),
    ]

    visitor_menu = _entries(shell_app.test_client().get(CATALOGUE).get_data(as_text=True))
    assert visitor_menu == [("Thủ tục", True), ("Tra cứu", False), ("Đăng ký", False)]


def test_the_current_page_and_the_language_are_marked_on_every_visit(shell_app: Flask) -> None:
    visitor = shell_app.test_client()
    assert _entries(visitor.get(CATALOGUE).get_data(as_text=True))[:2] == [
        ("Thủ tục", True),
        ("Tra cứu", False),
    ]
    assert _entries(visitor.get("/tra-cuu").get_data(as_text=True))[:2] == [
        ("Thủ tục", False),
        ("Tra cứu", True),
    ]
    english = visitor.get("/tra-cuu?lang=en").get_data(as_text=True)
    assert _entries(english)[:2] == [("Procedures", False), ("Look up", True)]
    assert "Open-source software" in english  # the footer, kept per language too
    assert "Phần mềm nguồn mở" not in english
    back = visitor.get("/tra-cuu?lang=vi").get_data(as_text=True)
    assert _entries(back)[:2] == [("Thủ tục", False), ("Tra cứu", True)]
    assert "Phần mềm nguồn mở" in back


def test_links_follow_the_address_the_app_is_served_under(shell_app: Flask) -> None:
    visitor = shell_app.test_client()
    at_root = visitor.get(CATALOGUE).get_data(as_text=True)
    assert 'href="/static/css/app.css"' in at_root
    under_prefix = visitor.get(CATALOGUE, base_url="http://localhost/mot-cua-so").get_data(
        as_text=True
    )
    assert 'href="/mot-cua-so/static/css/app.css"' in under_prefix
    assert 'href="/mot-cua-so/tra-cuu"' in under_prefix
    assert 'src="/mot-cua-so/static/vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js"' in (
        under_prefix
    )
    assert 'href="/static/css/app.css"' in visitor.get(CATALOGUE).get_data(as_text=True)
