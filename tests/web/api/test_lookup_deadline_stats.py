"""The read endpoints that reuse a page's own query: the public lookup (what /tra-cuu
shows, nothing personal, the same rate limit), the deadline (the engine of `flask
deadline`), and the statistics (the figures of the report page's export)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Clock
from tests.services.support import APPLICANT, actor, counter_receipt, local, procedure_id
from tests.web.api.conftest import Tokens, bearer, problem
from tests.web.monitor.pages import csv_section, sign_in
from vpub_onestop.extensions import limiter


def _counter_dossier(
    code: str = "1.000894", unit: str = "px_quynhon", **when: int
) -> tuple[str, str]:
    dossier = counter_receipt(
        actor(f"reception.{unit}"), procedure_id(code), APPLICANT, now=local(2026, 3, 2, **when)
    )
    return dossier.code or "", dossier.lookup_key or ""


def test_the_lookup_answers_what_the_page_shows_and_nothing_personal(
    api_app: Flask, api: FlaskClient
) -> None:
    code, key = _counter_dossier()
    answer = api.get(f"/api/v1/lookup/{code}", query_string={"key": key})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["code"] == code and body["procedure"] == "Đăng ký kết hôn"
    assert body["national_status_code"] == 2 and body["state"] == "Được tiếp nhận"
    # 5 working days after Mon 2/3/2026 09:00: Tue, Wed, Thu, Fri, Mon 9/3 at 09:00.
    assert body["appointment_at"] == "2026-03-09T09:00:00+07:00"
    assert body["holder"] == "Trung tâm Phục vụ hành chính công phường Quy Nhơn"
    assert body["timeline"][0]["action"] == "Tiếp nhận tại quầy"
    text = answer.get_data(as_text=True)
    for personal in (APPLICANT.name, APPLICANT.phone, APPLICANT.email, APPLICANT.id_number):
        assert personal not in text
    assert "reception.px_quynhon" not in text
    page = api.get("/tra-cuu", query_string={"ma": code, "khoa": key}).get_data(as_text=True)
    assert body["state"] in page and body["holder"] in page


def test_a_wrong_key_is_not_found_and_repeated_failures_are_limited(
    api_app: Flask, api: FlaskClient
) -> None:
    code, key = _counter_dossier()
    api_app.config["RATELIMIT_LOOKUP"] = "3 per 10 minutes"
    limiter.reset()
    for _ in range(3):
        problem(api.get(f"/api/v1/lookup/{code}", query_string={"key": "ZZZZZZ"}), 404)
    refused = api.get(f"/api/v1/lookup/{code}", query_string={"key": key})
    problem(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1
    limiter.reset()  # a minute later, say
    assert [e["field"] for e in problem(api.get(f"/api/v1/lookup/{code}"), 422)["errors"]] == [
        "key"
    ]


def test_the_deadline_is_the_commands_and_the_law_s(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    token = token_for("reception.px_quynhon")

    def due(received: str, limit: str) -> dict[str, Any]:
        answer = api.get(
            "/api/v1/deadline",
            query_string={"received": received, "limit": limit},
            headers=bearer(token),
        )
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return answer.get_json()  # type: ignore[no-any-return]

    # Mon 2/3/2026 09:00 + 5 working days = Mon 9/3/2026 09:00 (no holiday in between).
    assert due("2026-03-02T09:00", "5 working_days")["due"] == "2026-03-09T09:00:00+07:00"
    # A same-day procedure received after 15:00 is due at the end of the next working day
    # (Decree 61/2018 Art. 19(3)): Tue 3/3/2026 at 17:00, the close of office hours.
    late = due("2026-03-02T15:30:00+07:00", "same_day")
    assert late["due"] == "2026-03-03T17:00:00+07:00" and late["provisional"] is False
    command = api_app.test_cli_runner().invoke(
        args=["deadline", "--received", "2026-03-02 15:30", "--limit", "same_day"]
    )
    assert command.output.splitlines()[0] == late["due"]
    bad = api.get(
        "/api/v1/deadline",
        query_string={"received": "02/03/2026", "limit": "5 ngày"},
        headers=bearer(token),
    )
    assert {e["field"] for e in problem(bad, 422)["errors"]} == {"received", "limit"}


def _csv_tables(content: bytes, titles: list[str]) -> dict[str, list[list[str]]]:
    return {title: csv_section(content, title)[1:] for title in titles}


def _as_csv(table: dict[str, Any]) -> list[list[str]]:
    keys = [column["key"] for column in table["columns"]]
    lines = [*table["rows"], *([table["totals"]] if table["totals"] else [])]
    return [["" if line[k] is None else str(line[k]) for k in keys] for line in lines]


def test_the_statistics_are_the_figures_of_the_report_export(
    api_app: Flask, api: FlaskClient, token_for: Tokens, frozen_clock: Clock
) -> None:
    _counter_dossier(hour=9)
    _counter_dossier("2.000815", hour=10)
    _counter_dossier("1.000894", unit="ttpvhcc", hour=11)
    frozen_clock.set(local(2026, 3, 20, 10))
    period = {"from": "2026-03-01", "to": "2026-03-20"}
    for username in ("unit_head.px_quynhon", "supervisor.ttpvhcc"):
        token = token_for(username)
        answer = api.get("/api/v1/stats", query_string=period, headers=bearer(token))
        assert answer.status_code == 200, answer.get_data(as_text=True)
        body = answer.get_json()
        browser = api_app.test_client()
        limiter.reset()
        sign_in(browser, username)
        export = browser.get(
            "/theo-doi/bao-cao.csv", query_string={"tu": period["from"], "den": period["to"]}
        )
        assert export.status_code == 200
        titles = [table["title"] for table in body["tables"]]
        from_page = _csv_tables(export.data, titles)
        for table in body["tables"]:
            assert _as_csv(table) == from_page[table["title"]], (username, table["key"])
    units = {t["key"]: t for t in body["tables"]}["units"]
    assert units["totals"]["received"] == 3  # the supervisor sees the province


def test_statistics_are_for_managers_within_their_scope(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    problem(api.get("/api/v1/stats", headers=bearer(token_for("citizen1"))), 403)
    problem(api.get("/api/v1/stats", headers=bearer(token_for("reception.px_quynhon"))), 403)
    head = token_for("unit_head.px_quynhon")
    from vpub_onestop.extensions import db
    from vpub_onestop.models import Agency

    other = db.session.query(Agency.id).filter_by(key="ttpvhcc").scalar()
    own = db.session.query(Agency.id).filter_by(key="px_quynhon").scalar()
    db.session.rollback()
    problem(api.get("/api/v1/stats", query_string={"unit": other}, headers=bearer(head)), 404)
    mine = api.get("/api/v1/stats", query_string={"unit": own}, headers=bearer(head))
    assert mine.status_code == 200 and mine.get_json()["unit"] == own
    bad = api.get(
        "/api/v1/stats",
        query_string={"from": "2026-03-20", "to": "2026-03-01"},
        headers=bearer(head),
    )
    assert [e["field"] for e in problem(bad, 422)["errors"]] == ["to"]
