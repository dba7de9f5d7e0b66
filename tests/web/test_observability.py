"""What an operator sees: one JSON log line per request, naming the request id the client
got back, the signed-in user and the dossier; and a /metrics page, closed without its
token, that shows request latencies, the outbox backlog and the last deadline sweep."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Clock
from tests.services.support import actor, counter_receipt, procedure_id
from tests.web.conftest import log_in
from tests.web.monitor.dashboard_story import NOW, build_open_work
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import OutboxMessage, User
from vpub_onestop.services.sweep import run_sweep
from vpub_onestop.services.uow import unit_of_work

TOKEN = "metrics-token-for-tests-0123456789"


def _request_lines(err: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "vpub_onestop.request"]


@pytest.fixture
def officer(app: Flask) -> FlaskClient:
    limiter.reset()
    client = app.test_client()
    log_in(client, "reception.ttpvhcc", "password-123")
    return client


def test_a_dossier_page_logs_one_json_line_with_the_id_it_returned(
    app: Flask, officer: FlaskClient, capsys: pytest.CaptureFixture[str]
) -> None:
    with app.app_context():
        dossier = counter_receipt(actor("reception.ttpvhcc"), procedure_id("1.001193"))
        dossier_id, code = dossier.id, dossier.code
        user_id = db.session.query(User.id).filter_by(username="reception.ttpvhcc").scalar()
        db.session.rollback()
    capsys.readouterr()  # only this request's output below

    response = officer.get(f"/mot-cua/ho-so/{dossier_id}?ghi-chu=0905123456")

    assert response.status_code == 200
    returned = response.headers["X-Request-Id"]
    (line,) = _request_lines(capsys.readouterr().err)
    assert line["request_id"] == returned
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert (
        line["path"] == f"/mot-cua/ho-so/{dossier_id}"
    )  # the query string (a phone) is not logged
    assert "0905123456" not in json.dumps(line)
    assert line["status"] == 200
    assert line["user_id"] == user_id
    assert (line["dossier_id"], line["dossier_code"]) == (dossier_id, code)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])


def test_a_well_formed_incoming_request_id_is_kept_and_a_forged_one_replaced(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    client = app.test_client()
    kept = client.get("/thu-tuc", headers={"X-Request-Id": "proxy-7f3a9c01"})
    forged = client.get("/thu-tuc", headers={"X-Request-Id": 'x" injected\tline'})

    assert kept.headers["X-Request-Id"] == "proxy-7f3a9c01"
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-Id"])
    lines = _request_lines(capsys.readouterr().err)
    assert [line["request_id"] for line in lines] == [
        "proxy-7f3a9c01",
        forged.headers["X-Request-Id"],
    ]
    assert all(line["user_id"] is None and "dossier_id" not in line for line in lines)


def test_metrics_do_not_exist_without_a_token_setting(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = ""
    response = app.test_client().get("/metrics", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404


def test_metrics_refuse_a_missing_or_wrong_token(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    client = app.test_client()
    missing = client.get("/metrics")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert "vpub_" not in missing.get_data(as_text=True)


def _metrics(client: FlaskClient) -> dict[str, float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    samples = {}
    for line in response.get_data(as_text=True).splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_metrics_show_request_latencies_and_the_outbox_backlog(
    app: Flask, frozen_clock: Clock
) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    client = app.test_client()
    for _ in range(3):
        assert client.get("/thu-tuc").status_code == 200
    assert client.get("/thu-tuc/khong-co-thu-tuc-nay").status_code == 404

    before = _metrics(client)
    assert before["vpub_outbox_pending_messages"] == 0
    assert before["vpub_outbox_oldest_pending_age_seconds"] == 0

    with app.app_context(), unit_of_work() as session:
        for n in range(3):
            session.add(
                OutboxMessage(channel="email", recipient=f"a{n}@example.com", body="Thông báo")
            )
    frozen_clock.advance(minutes=7)  # the messages wait 7 minutes, nobody sends them
    after = _metrics(client)

    catalogue = 'vpub_http_request_duration_seconds_count{endpoint="public.catalogue",status="2xx"}'
    assert after[catalogue] == 3
    bucket = 'vpub_http_request_duration_seconds_bucket{endpoint="public.catalogue",status="2xx",'
    assert after[bucket + 'le="+Inf"}'] == 3
    assert after[bucket + 'le="0.005"}'] <= after[bucket + 'le="10.0"}'] <= 3
    assert any(key.endswith('status="4xx"}') for key in after)
    assert after["vpub_outbox_pending_messages"] == 3
    assert after["vpub_outbox_oldest_pending_age_seconds"] == 7 * 60


def test_metrics_show_the_last_sweep(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    with app.app_context():
        build_open_work()
        run_sweep(NOW)
    samples = _metrics(app.test_client())
    # The sweep story: dossiers D1 and D7 overdue, and D1's assigned step
    # (tests/services/test_sweep.py reads the same story).
    assert samples["vpub_dossiers_overdue"] == 2
    assert samples["vpub_steps_overdue"] == 1
    assert samples["vpub_sweep_last_duration_seconds"] >= 0


def test_a_server_error_is_an_error_line_and_its_traceback_carries_the_same_id(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> str:
        raise RuntimeError("the disk is full")

    app.add_url_rule("/thu-nghiem-loi", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a 500 page, not a raise
    response = app.test_client().get("/thu-nghiem-loi")

    assert response.status_code == 500
    returned = response.headers["X-Request-Id"]
    err = capsys.readouterr().err
    (line,) = _request_lines(err)
    assert (line["level"], line["status"], line["request_id"]) == ("ERROR", 500, returned)
    records = [json.loads(text) for text in err.splitlines() if text.startswith("{")]
    (traceback,) = [record for record in records if "exception" in record]
    assert traceback["request_id"] == returned
    assert "the disk is full" in traceback["exception"]
