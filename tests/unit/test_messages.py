"""Domain and service messages: Vietnamese text that keeps its catalogue template, and an
English translation for every one of them (docs/architecture.md#errors)."""

from __future__ import annotations

import pickle
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from vpub_onestop.domain.errors import N_, Message, ValidationError

PACKAGE = Path(__file__).resolve().parents[2] / "vpub_onestop"
CATALOGUE = PACKAGE / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_a_message_reads_as_its_vietnamese_text_and_keeps_its_template() -> None:
    message = N_("Ngày %(day)s không thuộc năm %(year)s.", day="05/01/2027", year=2026)

    assert message == "Ngày 05/01/2027 không thuộc năm 2026."
    assert isinstance(message, str) and isinstance(message, Message)
    assert message.template == "Ngày %(day)s không thuộc năm %(year)s."
    assert dict(message.params) == {"day": "05/01/2027", "year": 2026}


def test_a_message_without_parameters_keeps_a_literal_percent_sign() -> None:
    assert N_("Tỷ lệ 100 % hồ sơ đúng hạn.") == "Tỷ lệ 100 % hồ sơ đúng hạn."


def test_an_error_keeps_the_message_through_pickling() -> None:
    """Errors cross process boundaries in background jobs: the template must survive."""
    error = ValidationError(N_("Tối đa %(n)s ký tự.", n=500), {"note": N_("Bắt buộc.")})
    message = pickle.loads(pickle.dumps(error.message))

    assert message == "Tối đa 500 ký tự." and message.template == "Tối đa %(n)s ký tự."


def test_every_marked_message_of_the_package_has_an_english_translation() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    marked = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE),
            method_map=[("**.py", "python")],
            keywords={"N_": None},
        )
        if isinstance(message, str) and message
    }

    assert len(marked) > 100  # the services' messages, not only the labels
    untranslated = sorted(m for m in marked if m not in catalogue or not catalogue[m].string)
    assert untranslated == []
