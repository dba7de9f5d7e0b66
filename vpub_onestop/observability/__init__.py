"""What an operator sees of the running app: one JSON log line per request
(request_log.py, json_logs.py) and the Prometheus `/metrics` page (metrics.py).

`init_app(app)` is the one entry point `create_app` calls, before the web layer, so the
request timer starts before any other hook and its line is written after every other one.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from vpub_onestop.observability import json_logs, metrics, request_log

    json_logs.configure(app)
    metrics.init_app(app)
    request_log.init_app(app)
