"""The page's catalogue is found once per request (web/translations.py) yet every word
still follows the page's language, including when a locale is forced mid-request, and
the templates' `_()` escapes and formats exactly as Jinja's own gettext does."""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale

from vpub_onestop.web.labels import label


def test_a_forced_locale_mid_request_switches_labels_and_template_words(app: Flask) -> None:
    page = "{{ _('Tra cứu hồ sơ') }} · {{ 'Được tiếp nhận' | tr }}"
    with app.test_request_context("/?lang=vi"):
        assert render_template_string(page) == "Tra cứu hồ sơ · Được tiếp nhận"
        assert label("Được tiếp nhận") == "Được tiếp nhận"
        with force_locale("en"):
            assert render_template_string(page) == "Track a dossier · Received"
            assert label("Được tiếp nhận") == "Received"
        # Back to the request's own language once the forced one ends.
        assert render_template_string(page) == "Tra cứu hồ sơ · Được tiếp nhận"
        assert label("Được tiếp nhận") == "Được tiếp nhận"


def test_each_request_gets_its_own_language(app: Flask) -> None:
    for query, expected in (("en", "Track a dossier"), ("vi", "Tra cứu hồ sơ")):
        with app.test_request_context(f"/?lang={query}"):
            assert render_template_string("{{ _('Tra cứu hồ sơ') }}") == expected


def test_template_words_escape_their_values_and_read_percent_signs_as_jinja_does(
    app: Flask,
) -> None:
    with app.test_request_context("/?lang=vi"):
        # A value put into a sentence is escaped (a name cannot inject markup).
        html = render_template_string("{{ _('Xin chào %(name)s', name=who) }}", who="<b>An</b>")
        assert html == "Xin chào &lt;b&gt;An&lt;/b&gt;"
        # "%%" is a percent sign, with or without values (a message is always formatted).
        assert render_template_string("{{ _('Đúng hạn (%%)') }}") == "Đúng hạn (%)"
        assert render_template_string("{{ _('100 %% − %(x)s', x=3) }}") == "100 % − 3"
        # Without "%" the message is the text itself, markup in it kept as written.
        assert render_template_string("{{ _('Một <b>cửa</b>') }}") == "Một <b>cửa</b>"
