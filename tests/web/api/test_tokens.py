"""Bearer tokens: made with username and password (shown once, stored hashed), listed
without their secrets, revoked; refused (401) when missing, unknown, expired, revoked,
or when the account is disabled or signed out everywhere; the sign-in lock and the rate
limit of the page apply; a browser's session cookie opens nothing under /api."""

from __future__ import annotations

import hashlib
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import Clock
from tests.web.api.conftest import PASSWORD, Tokens, bearer, problem
from tests.web.conftest import log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import ApiToken, User
from vpub_onestop.services import accounts


def test_a_token_is_shown_once_stored_hashed_and_opens_the_api(
    api_app: Flask, api: FlaskClient
) -> None:
    response = api.post(
        "/api/v1/tokens",
        json={"username": "citizen1", "password": PASSWORD, "name": "Ứng dụng di động"},
    )
    assert response.status_code == 201
    body = response.get_json()
    secret = body["token"]
    assert body["token_type"] == "Bearer" and body["name"] == "Ứng dụng di động"
    # 30 days from Mon 2/3/2026 08:00: March has 31 days, so Wed 1/4/2026 08:00 (+07:00).
    assert body["expires_at"] == "2026-04-01T08:00:00+07:00"
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.hint, stored.token_digest, stored.name)

    listed = api.get("/api/v1/tokens", headers=bearer(secret))
    assert listed.status_code == 200
    (item,) = listed.get_json()["items"]
    assert item["id"] == body["id"] and item["active"] is True
    assert secret not in listed.get_data(as_text=True)
    assert secret.startswith(item["hint"])


def test_missing_malformed_and_unknown_tokens_get_401_with_a_bearer_challenge(
    api: FlaskClient,
) -> None:
    missing = api.get("/api/v1/tokens")
    assert problem(missing, 401)["type"].endswith("#problem-unauthorized")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    for header in ("Basic Y2l0aXplbjE6cGFzc3dvcmQtMTIz", "Bearer", "Bearer vpub_made-up"):
        answer = api.get("/api/v1/tokens", headers={"Authorization": header})
        problem(answer, 401)


def test_an_expired_token_is_refused(
    api: FlaskClient, token_for: Tokens, frozen_clock: Clock
) -> None:
    secret = token_for("citizen1", expires_in_days=2)
    assert api.get("/api/v1/tokens", headers=bearer(secret)).status_code == 200
    frozen_clock.advance(days=2)  # the expiry moment itself is past validity
    answer = api.get("/api/v1/tokens", headers=bearer(secret))
    problem(answer, 401)
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]


def test_a_revoked_token_is_refused_and_another_persons_token_cannot_be_revoked(
    api: FlaskClient, token_for: Tokens
) -> None:
    mine = token_for("citizen1")
    spare = token_for("citizen1")
    theirs = token_for("citizen2")
    their_id = api.get("/api/v1/tokens", headers=bearer(theirs)).get_json()["items"][0]["id"]
    # Another person's token: "not found", and it keeps working.
    problem(api.delete(f"/api/v1/tokens/{their_id}", headers=bearer(mine)), 404)
    assert api.get("/api/v1/tokens", headers=bearer(theirs)).status_code == 200

    items = api.get("/api/v1/tokens", headers=bearer(mine)).get_json()["items"]
    spare_id = items[0]["id"]  # newest first: the spare, made after mine
    assert api.delete(f"/api/v1/tokens/{spare_id}", headers=bearer(mine)).status_code == 204
    problem(api.get("/api/v1/tokens", headers=bearer(spare)), 401)
    listed = api.get("/api/v1/tokens", headers=bearer(mine)).get_json()["items"]
    assert [i["active"] for i in listed] == [False, True]  # newest first: the spare


def test_a_disabled_account_or_signing_out_everywhere_ends_its_tokens(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    first = token_for("citizen1")
    accounts.sign_out_everywhere("citizen1")
    problem(api.get("/api/v1/tokens", headers=bearer(first)), 401)

    second = token_for("citizen1")
    assert api.get("/api/v1/tokens", headers=bearer(second)).status_code == 200
    user = db.session.scalars(select(User).where(User.username == "citizen1")).one()
    user.enabled = False
    db.session.commit()
    problem(api.get("/api/v1/tokens", headers=bearer(second)), 401)
    # ...and a disabled account cannot make a new one either.
    problem(api.post("/api/v1/tokens", json={"username": "citizen1", "password": PASSWORD}), 401)


def test_wrong_passwords_lock_the_account_as_on_the_sign_in_page(
    api_app: Flask, api: FlaskClient
) -> None:
    wrong = {"username": "citizen2", "password": "not-the-password"}
    for _ in range(5):  # LOGIN_LOCKOUT_ATTEMPTS
        limiter.reset()
        problem(api.post("/api/v1/tokens", json=wrong), 401)
    limiter.reset()
    right = api.post("/api/v1/tokens", json={"username": "citizen2", "password": PASSWORD})
    detail = problem(right, 401)["detail"]
    # Locked for 15 minutes from the fifth failure at 08:00 (+07:00).
    assert "tạm khóa" in detail and "08:15 02/03/2026" in detail


def test_the_login_rate_limit_answers_429_with_retry_after(
    api_app: Flask, api: FlaskClient
) -> None:
    api_app.config["RATELIMIT_LOGIN"] = "2 per minute"
    limiter.reset()
    wrong = {"username": "nobody", "password": "whatever-1"}
    for _ in range(2):
        problem(api.post("/api/v1/tokens", json=wrong), 401)
    refused = api.post("/api/v1/tokens", json=wrong)
    assert problem(refused, 429)["type"].endswith("#problem-rate-limited")
    assert refused.headers["Retry-After"].isdigit() and int(refused.headers["Retry-After"]) >= 1


def test_bad_bodies_are_named_field_by_field(api: FlaskClient) -> None:
    answer = api.post(
        "/api/v1/tokens", json={"username": "citizen1", "password": 12, "expires_in_days": 0}
    )
    errors = {e["field"]: e["detail"] for e in problem(answer, 422)["errors"]}
    assert set(errors) == {"password", "expires_in_days"}
    assert errors["expires_in_days"] == "Từ 1 đến 90."
    problem(api.post("/api/v1/tokens", data="username=citizen1"), 415)
    problem(api.post("/api/v1/tokens", data="[1]", content_type="application/json"), 400)
    # Deeply nested or oversized JSON is a bad request, not a server error.
    deep = "[" * 50_000 + "]" * 50_000
    problem(api.post("/api/v1/tokens", data=deep, content_type="application/json"), 400)
    huge = '{"username": "' + "a" * (1024 * 1024) + '"}'
    problem(api.post("/api/v1/tokens", data=huge, content_type="application/json"), 413)


def test_the_session_cookie_of_a_signed_in_browser_opens_nothing(
    api_app: Flask,
) -> None:
    browser = api_app.test_client()
    assert log_in(browser, "citizen1", PASSWORD).status_code == 302
    answer = browser.get("/api/v1/tokens")
    problem(answer, 401)
    assert "Set-Cookie" not in answer.headers
    # And a POST without any CSRF token is judged on its body alone (no cookie, no CSRF).
    made = browser.post("/api/v1/tokens", json={"username": "citizen1", "password": PASSWORD})
    assert made.status_code == 201 and "Set-Cookie" not in made.headers


def test_problems_speak_english_when_asked_and_never_set_a_cookie(api: FlaskClient) -> None:
    answer = api.get("/api/v1/tokens?lang=en", headers={"Accept-Language": "en"})
    body = problem(answer, 401)
    assert body["title"] == "Not authenticated"
    assert body["detail"] == "A token is required: send the header Authorization: Bearer <token>."
    assert "Set-Cookie" not in answer.headers


def test_a_temporary_password_gets_no_token_until_it_is_replaced(
    api_app: Flask, api: FlaskClient
) -> None:
    user = db.session.scalars(select(User).where(User.username == "citizen2")).one()
    user.must_change_password = True  # as after the administrator's password reset
    db.session.commit()
    refused = api.post("/api/v1/tokens", json={"username": "citizen2", "password": PASSWORD})
    assert "mật khẩu tạm" in problem(refused, 403)["detail"]
    assert db.session.scalars(select(ApiToken)).first() is None


def test_the_request_log_names_the_token_and_the_person_it_acts_for(
    api: FlaskClient, token_for: Tokens, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = token_for("citizen1")
    capsys.readouterr()
    assert api.get("/api/v1/tokens", headers=bearer(secret)).status_code == 200
    lines = [json.loads(t) for t in capsys.readouterr().err.splitlines() if t[:1] == "{"]
    (line,) = [x for x in lines if x.get("path") == "/api/v1/tokens"]
    citizen = db.session.scalars(select(User.id).where(User.username == "citizen1")).one()
    token_id = db.session.scalars(select(ApiToken.id)).one()
    assert (line["user_id"], line["api_token_id"]) == (citizen, token_id)
    assert secret not in json.dumps(lines)
