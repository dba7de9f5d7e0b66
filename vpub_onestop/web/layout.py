"""The parts of the page layout that do not vary by request, drawn once per process.

base.html's stylesheet links, navigation entries and footer were drawn on every page: a
dozen address builds and translations, a fifth of a simple page's Python work
(bench/PROFILE.md, "Layout and session"). They depend only on the page's language, the
address the app is served under, and, for the navigation, the signed-in role and the page
(which entry is marked current). Each part is drawn on first use for those and kept.

`fixed_url` does the same for an address that depends only on the endpoint, its fixed
arguments and the address root (a page's form action, a stylesheet): `url_for` costs some
forty calls each time (bench/PROFILE.md, "Fourth round: lookup").
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

_KEPT = "vpub_layout_parts"
_URLS = "vpub_fixed_urls"


def layout_part(template: str, per_page: bool = False) -> Markup:
    """The part `template` drawn for this request's language (and role and page when
    `per_page`), from the process's copy when it was drawn before."""
    kept: dict[tuple[Any, ...], Markup] = current_app.extensions[_KEPT]
    key: tuple[Any, ...] = (template, str(get_locale()), request.script_root)
    if per_page:
        role = current_user.role if current_user.is_authenticated else None
        key = (*key, role, request.endpoint)
    part = kept.get(key)
    if part is None:
        part = kept[key] = Markup(render_template(template))
    return part


def fixed_url(endpoint: str, **values: Any) -> str:
    """`url_for(endpoint, **values)` (a relative address), built once per address root."""
    kept: dict[tuple[Any, ...], str] = current_app.extensions[_URLS]
    key = (endpoint, request.script_root, *sorted(values.items()))
    url = kept.get(key)
    if url is None:
        url = kept[key] = url_for(endpoint, **values)
    return url


def register(app: Flask) -> None:
    app.extensions[_KEPT] = {}
    app.extensions[_URLS] = {}
    app.add_template_global(layout_part, "layout_part")
    app.add_template_global(fixed_url, "fixed_url")
