"""Domain errors, and the messages they carry. The web layer maps each error to one HTTP
status in one place and shows its message in the page's language (web/errors.py).

Messages are written in Vietnamese, the source language of the catalogue, with `N_`:
`N_("Ngày %(day)s không thuộc năm %(year)s.", day=..., year=...)`. `N_` is the keyword
pybabel extracts (babel.cfg), and returns a `Message`: a `str` whose value is the Vietnamese
text (what logs, the command line and Vietnamese pages show) and which keeps its template
and parameters, so a page in another language can translate both. The domain never imports
Flask: translating happens where the message is shown. See docs/architecture.md#errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


class Message(str):
    """Vietnamese text that remembers the catalogue template and parameters it came from."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Message:
        params = dict(params or {})
        # No parameters, no interpolation: a literal "%" in a plain message stays as written.
        text = template % params if params else template
        message = super().__new__(cls, text)
        message.template = template
        message.params = MappingProxyType(params)
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, dict(self.params)))


def N_(template: str, **params: object) -> Message:
    """Mark a Vietnamese message for extraction; `%(name)s` placeholders take `params`."""
    return Message(template, params)


class DomainError(Exception):
    """Base class; `message` is shown to the user (Vietnamese; translated by web/errors.py)."""

    http_status = 400

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class TransitionNotAllowed(DomainError):
    http_status = 409


class StaleDossier(DomainError):
    """The record changed since the page was rendered (optimistic locking)."""

    http_status = 409


class VersionMissing(StaleDossier):
    """A state change sent without the version of the page it was made on (an old page
    cached before forms carried it, a hand-made request): nobody can tell whether the
    person saw the current state, so nothing is done (HTTP 428 Precondition Required)."""

    http_status = 428

    def __init__(self, message: str | None = None, **details: object) -> None:
        super().__init__(
            message
            or N_(
                "Không xác định được trang bạn dùng hiển thị phiên bản nào của dữ liệu (trang "
                "đã cũ hoặc yêu cầu không gửi từ biểu mẫu). Chưa có thay đổi nào được thực "
                "hiện. Vui lòng tải lại trang rồi thực hiện lại."
            ),
            **details,
        )


class PermissionDenied(DomainError):
    http_status = 403


class NotFound(DomainError):
    http_status = 404


class ValidationError(DomainError):
    """Bad input; `field_errors` maps a field name to its message."""

    http_status = 422

    def __init__(self, message: str, field_errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors: dict[str, str] = dict(field_errors or {})
