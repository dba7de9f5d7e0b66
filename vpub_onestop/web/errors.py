"""Domain and service messages in the page's language.

Services raise errors whose messages are Vietnamese `Message`s (domain/errors.py): the
catalogue template and its parameters. Here, where a page shows them, the template goes
through the message catalogue and so do the parameters that are domain labels (a state, an
action: web/labels.py); names, codes, dates and numbers stay as they are. A plain string
that happens to be a catalogue entry is translated too; anything else is shown unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext

from vpub_onestop.domain.errors import DomainError, Message, ValidationError
from vpub_onestop.web.labels import label


def translated(text: str) -> str:
    """`text` in the page's language (a Vietnamese page gets the Vietnamese text back)."""
    if isinstance(text, Message):
        params = {name: _parameter(value) for name, value in text.params.items()}
        return gettext(text.template, **params) if params else gettext(text.template)
    if not isinstance(text, str) or not text:
        return text
    return label(text)


def _parameter(value: object) -> object:
    if isinstance(value, Message):
        return translated(value)
    return label(value) if isinstance(value, str) else value


def error_message(error: DomainError) -> str:
    return translated(error.message)


def field_errors(error: DomainError) -> dict[str, str]:
    """The per-field messages of a ValidationError, translated; {} for other errors."""
    if not isinstance(error, ValidationError):
        return {}
    return translated_fields(error.field_errors)


def translated_fields(errors: Mapping[str, str]) -> dict[str, str]:
    return {name: translated(message) for name, message in errors.items()}
