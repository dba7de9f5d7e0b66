"""`GET /api/v1/sync/events`: a system client with `sync:read` pulls every status change
in order with its cursor; the same cursor gives the same page; others are refused."""

from __future__ import annotations

import base64
import json

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import (
    actor,
    counter_receipt,
    dossier_version,
    fresh,
    local,
    procedure_id,
)
from tests.web.api.conftest import Tokens, bearer, problem
from tests.web.api.test_catalogue_and_clients import _system_token
from vpub_onestop.services import reception


def test_a_system_client_pulls_every_change_once_in_order(api_app: Flask, api: FlaskClient) -> None:
    token = bearer(_system_token(api_app, "sync:read"))
    desk = actor("reception.px_quynhon")
    first = counter_receipt(desk, procedure_id("1.000894"), now=local(2026, 3, 2, 8)).id
    second = counter_receipt(desk, procedure_id("1.000894"), now=local(2026, 3, 2, 9)).id

    page = api.get("/api/v1/sync/events?after=0&limit=1", headers=token).get_json()
    assert [e["dossier_code"] for e in page["events"]] == [fresh(first).code]
    cursor = page["next_cursor"]
    reception.dispatch_dossier(desk, first, expected_version=dossier_version(first))
    rest = api.get(f"/api/v1/sync/events?after={cursor}", headers=token).get_json()
    assert [(e["dossier_code"], e["status_code"]) for e in rest["events"]] == [
        (fresh(second).code, 2),
        (fresh(first).code, 4),
    ]
    # Pulled again from the same cursor (a consumer that crashed before saving the new
    # one): the same events, nothing lost, nothing new.
    again = api.get(f"/api/v1/sync/events?after={cursor}", headers=token).get_json()
    assert again == rest
    done = api.get(f"/api/v1/sync/events?after={rest['next_cursor']}", headers=token)
    assert done.get_json() == {"events": [], "next_cursor": rest["next_cursor"]}


def test_the_feed_is_for_granted_systems_and_managers_only(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    problem(api.get("/api/v1/sync/events"), 401)
    refused = problem(
        api.get("/api/v1/sync/events", headers=bearer(_system_token(api_app, "dossiers:read"))),
        403,
    )
    assert "sync:read" in refused["detail"]
    problem(api.get("/api/v1/sync/events", headers=bearer(token_for("citizen1"))), 403)
    problem(api.get("/api/v1/sync/events", headers=bearer(token_for("reception.ttpvhcc"))), 403)
    assert (
        api.get("/api/v1/sync/events", headers=bearer(token_for("admin.ttpvhcc"))).status_code
        == 200
    )
    bad = problem(
        api.get("/api/v1/sync/events?after=-1", headers=bearer(token_for("admin.ttpvhcc"))), 422
    )
    assert [e["field"] for e in bad["errors"]] == ["after"]


def test_a_position_or_cursor_past_what_the_database_holds_is_refused_not_a_crash(
    api: FlaskClient, token_for: Tokens
) -> None:
    # A feed position or a dossier id past 2**31 - 1 cannot name anything we store; the
    # caller is told which input is wrong (422), the database is never asked.
    admin = bearer(token_for("admin.ttpvhcc"))
    past = problem(api.get("/api/v1/sync/events?after=135616066995", headers=admin), 422)
    assert {error["field"] for error in past["errors"]} == {"after"}
    cursor = base64.urlsafe_b64encode(json.dumps([2**40]).encode()).decode().rstrip("=")
    listed = problem(
        api.get("/api/v1/dossiers", query_string={"cursor": cursor}, headers=admin), 422
    )
    assert {error["field"] for error in listed["errors"]} == {"cursor"}
