"""HTML to PDF with WeasyPrint, on the fonts committed under static/fonts, and QR codes.

The font configuration and the compiled print stylesheet are built once per process:
loading the TTF files and parsing the @font-face rules is most of a cold render's cost.
Rendering never touches the network: only `data:` URIs and our own font files are fetched.
"""

from __future__ import annotations

import base64
import io
import threading
from pathlib import Path
from typing import Any

import qrcode
from flask import current_app
from qrcode.constants import ERROR_CORRECT_M
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
STYLESHEET = "slips/print.css"

# Pango's font map is shared state: one render at a time per process keeps it safe
# under a threaded server (a slip takes tens of milliseconds).
_render_lock = threading.Lock()
_assets: tuple[FontConfiguration, CSS] | None = None


def _fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def _print_assets() -> tuple[FontConfiguration, CSS]:
    """The font configuration and stylesheet, cached (rebuilt on every render in debug
    mode so that editing print.css shows at once)."""
    global _assets
    if _assets is not None and not current_app.debug:
        return _assets
    font_config = FontConfiguration()
    source = _render_template(STYLESHEET, font_dir=FONT_DIR.as_uri())
    css = CSS(string=source, font_config=font_config, url_fetcher=_fetcher())
    _assets = (font_config, css)
    return _assets


def _render_template(name: str, **context: Any) -> str:
    """Render with the app's Jinja environment (its filters: vnd, vn_date...) but without
    the request context processors: a form can be printed outside a request (CLI, jobs)."""
    return current_app.jinja_env.get_template(name).render(**context)


def render_pdf(template: str, **context: Any) -> bytes:
    """Render `template` (a page of templates/slips/) with `context` into PDF bytes."""
    html = _render_template(template, **context)
    with _render_lock:
        font_config, css = _print_assets()
        document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_fetcher())
        pdf = document.write_pdf(stylesheets=[css], font_config=font_config)
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return bytes(pdf)


def qr_data_uri(text: str) -> str:
    """A PNG QR code of `text` as a data: URI (embedded in the PDF, nothing to fetch)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
