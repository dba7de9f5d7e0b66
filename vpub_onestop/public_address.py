"""The address citizens reach the application on, for the links in emails and SMS and the
QR code of the slips.

`PUBLIC_BASE_URL` wins when it is set (behind a proxy, or when messages are sent from the
command line). When it is not, a request's own address is used: a slip printed from
http://10.0.0.5:8000 carries a QR code that opens http://10.0.0.5:8000/tra-cuu. Outside a
request and without the setting (a sweep run from cron), the local development address
is the last resort.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, has_request_context, request

LAST_RESORT = "http://127.0.0.1:5000"


def public_base_url() -> str:
    configured = str(current_app.config.get("PUBLIC_BASE_URL") or "").strip()
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    return LAST_RESORT


def public_url(path: str, **query: str | None) -> str:
    """`path` on the public address, with the query (empty values left out)."""
    filled = {key: value for key, value in query.items() if value}
    return public_base_url() + path + (f"?{urlencode(filled)}" if filled else "")
