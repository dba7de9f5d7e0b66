"""Logs as JSON lines on standard error (one object per line, for a log shipper), with
plain stdlib `logging`: every record of the `vpub_onestop` loggers gets the time, the level,
the logger, the message and, inside a request, its request id."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, g, has_request_context
from flask.logging import default_handler

# The package's logger: Flask's app.logger and every module's `logging.getLogger(__name__)`.
PACKAGE_LOGGER = "vpub_onestop"


class JsonFormatter(logging.Formatter):
    """One JSON object per record. A record's `fields` (a dict given as `extra`) are added
    at the top level; the time is the real wall clock in UTC, never the app's (possibly
    demo) clock, so log lines line up with the server's other logs."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Tags a record written during a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and has_request_context():
            record.request_id = g.get("request_id")
        return True


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is at the time (a test's capture included)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure(app: Flask) -> None:
    """Idempotent: every app of a process (tests make many) shares the one handler."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    logger.removeHandler(default_handler)  # Flask's plain-text handler
    # Our lines only, once each: whatever the root logger got from elsewhere (Alembic's
    # logging file in the same process, say) does not print them again in another format.
    logger.propagate = False
    logger.disabled = False
    logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
