"""The report's figures in the page's language: the hand-counted March of month_story.py,
on-time ratio 100 % − (2 late + 2 overdue) / 12 to process = 66.67 %, shown as "66,7 %"
on a Vietnamese page and "66.7 %" on an English one (docs/architecture.md#formatting)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.monitor.month_story import add_managers, build_march
from tests.web.monitor.pages import html_tables, sign_in
from vpub_onestop.extensions import limiter

MARCH = "tu=2026-03-01&den=2026-03-31"


@pytest.fixture
def head(app: Flask) -> FlaskClient:
    limiter.reset()
    with app.app_context():
        add_managers()
        build_march()
    client = app.test_client()
    sign_in(client, "unit_head.px_quynhon")
    return client


@pytest.mark.parametrize(("lang", "ratio"), [("vi", "66,7 %"), ("en", "66.7 %")])
def test_the_on_time_ratio_follows_the_page_language(
    head: FlaskClient, lang: str, ratio: str
) -> None:
    html = head.get(f"/theo-doi/bao-cao?{MARCH}&lang={lang}").get_data(as_text=True)

    assert html_tables(html)["units"]["total"]["on_time_ratio"] == ratio
    assert f'data-key="on_time_ratio">{ratio}</dd>' in html  # the figure above the charts
