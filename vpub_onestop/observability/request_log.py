"""One log line per request, and its latency in the metrics.

The line carries the request id (the caller's `X-Request-Id` when well-formed, else a new
one; echoed in the response), the method, the path without its query string (a lookup's
arguments can be personal data), the status, the duration, the signed-in user's id and,
when the request was about one dossier, its id and code. The dossier is noticed by the ORM
as it is loaded or written, so no view has to report it and no query is added.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import event, inspect

from vpub_onestop.models import Dossier
from vpub_onestop.observability import metrics

log = logging.getLogger("vpub_onestop.request")
REQUEST_ID_HEADER = "X-Request-Id"
# What a proxy or client may pass on (a UUID, a hex id, "abc-123.4"); anything else is
# replaced, so a forged header cannot inject text into the logs.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


def init_app(app: Flask) -> None:
    # First before-request hook of all, last after-request hook (they run in reverse).
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)


def request_id_from(header: str | None) -> str:
    if header and _WELL_FORMED.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a hook before ours failed: nothing was timed
        return response
    seconds = time.perf_counter() - started
    endpoint = request.url_rule.endpoint if request.url_rule else "unmatched"
    metrics.observe_request(endpoint, response.status_code, seconds)
    response.headers[REQUEST_ID_HEADER] = g.request_id
    fields: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "endpoint": endpoint,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "user_id": _user_id(),
    }
    fields.update(_dossier())
    fields.update(_api_caller())
    # A server error is an ERROR line (alerting reads the level); a 503 "busy, try again"
    # (slow-work slots taken, database unreachable) a WARNING; anything else is INFO.
    status = response.status_code
    level = logging.WARNING if status == 503 else logging.ERROR if status >= 500 else logging.INFO
    log.log(
        level,
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={"fields": fields},
    )
    return response


def _user_id() -> int | None:
    # The user Flask-Login already loaded for this request, if any: reading `current_user`
    # here would load it, one query more for pages that never needed it.
    user = g.get("_login_user")
    if user is None or getattr(user, "is_anonymous", True):
        return None
    # The identity the ORM session holds, not `user.id`: after a rollback every attribute
    # is expired and reading one queries the database, which may be what just failed
    # (the 503 of an unreachable database must still get its log line).
    state = inspect(user, raiseerr=False)
    identity = state.identity if state is not None else None
    return int(identity[0]) if identity else None


def _api_caller() -> dict[str, Any]:
    """An API request names its token (and the person it acts for): the API reads no
    session, so `user_id` above is empty there (docs/api.md#authentication)."""
    caller = g.get("api_caller")
    if caller is None:
        return {}
    return {"api_token_id": caller.token_id, "user_id": caller.user_id}


def _dossier() -> dict[str, Any]:
    seen: dict[int, str | None] = g.get("dossiers_seen", {})
    if len(seen) != 1:  # none, or a list page: no single dossier to name
        return {}
    ((dossier_id, code),) = seen.items()
    return {"dossier_id": dossier_id, "dossier_code": code}


def _note_dossier(target: Dossier, *_args: Any) -> None:
    if not has_request_context():
        return
    state = target.__dict__  # read without loading anything
    dossier_id = state.get("id")
    if dossier_id is None:
        return
    seen: dict[int, str | None] = g.setdefault("dossiers_seen", {})
    seen[dossier_id] = state.get("code") or seen.get(dossier_id)


for _event in ("load", "refresh"):
    event.listen(Dossier, _event, _note_dossier)
for _event in ("after_insert", "after_update"):
    event.listen(Dossier, _event, lambda _mapper, _conn, target: _note_dossier(target))
