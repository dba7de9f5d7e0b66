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


def test_the_lookup_form_and_its_stylesheet_follow_the_address_root(shell_app: Flask) -> None:
    visitor = shell_app.test_client()
    under_prefix = visitor.get("/tra-cuu", base_url="http://localhost/mot-cua-so").get_data(
        as_text=True
    )
    assert 'action="/mot-cua-so/tra-cuu"' in under_prefix
    assert 'href="/mot-cua-so/static/css/portal.css"' in under_prefix
    at_root = visitor.get("/tra-cuu").get_data(as_text=True)
    assert 'action="/tra-cuu"' in at_root
    assert 'href="/static/css/portal.css"' in at_root


def test_the_language_links_keep_this_request_s_own_arguments(shell_app: Flask) -> None:
    visitor = shell_app.test_client()
    first = visitor.get("/tra-cuu?ma=AB-1&khoa=K%C3%8A+Y").get_data(as_text=True)
    assert 'href="/tra-cuu?ma=AB-1&amp;khoa=K%C3%8A+Y&amp;lang=en"' in first
    # The next request's links are its own (nothing kept from the one before).
    second = visitor.get("/tra-cuu?ma=CD-2").get_data(as_text=True)
    assert 'href="/tra-cuu?ma=CD-2&amp;lang=en"' in second
    assert "AB-1" not in second
    plain = visitor.get("/tra-cuu?lang=en").get_data(as_text=True)
    assert 'href="/tra-cuu?lang=vi"' in plain


def test_a_visitor_gets_no_cookie_until_choosing_a_language(shell_app: Flask) -> None:
    visitor = shell_app.test_client()
    page = visitor.get("/tra-cuu")
    assert "Set-Cookie" not in page.headers
    assert "Cookie" in page.headers["Vary"]  # the page's language may come from a cookie
    chosen = visitor.get("/tra-cuu?lang=en")
    assert "session=" in chosen.headers.get("Set-Cookie", "")
    again = visitor.get("/thu-tuc")
    assert '<html lang="en">' in again.get_data(as_text=True)
    assert "Set-Cookie" not in again.headers  # kept, not written again
    assert again.headers.getlist("Content-Security-Policy") == [
        again.headers["Content-Security-Policy"]
    ]  # sent once
