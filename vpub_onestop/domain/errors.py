"""Domain errors. The web layer maps each to one HTTP status in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base class; `message` is shown to the user (Vietnamese)."""

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


class PermissionDenied(DomainError):
    http_status = 403


class NotFound(DomainError):
    http_status = 404


class ValidationError(DomainError):
    """Bad input; `field_errors` maps a field name to its message."""

    http_status = 422

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = field_errors or {}
