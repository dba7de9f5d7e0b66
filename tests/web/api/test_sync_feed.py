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
from vpub_onestop.domain.roles import Role
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


def _pull_all(api: FlaskClient, token: dict[str, str], after: int, limit: int) -> list[dict]:
    """Every event from `after` on, page by page with the answers' cursors, as a consumer
    pulls; checks on the way that positions only go up and the cursor never goes back."""
    events: list[dict] = []
    while True:
        page = api.get(f"/api/v1/sync/events?after={after}&limit={limit}", headers=token)
        body = page.get_json()
        assert page.status_code == 200 and body["next_cursor"] >= after
        positions = [e["position"] for e in body["events"]]
        assert positions == sorted(positions) and all(p > after for p in positions)
        events += body["events"]
        if body["next_cursor"] == after:
            return events
        after = body["next_cursor"]


def test_a_commune_client_reads_only_its_own_dossiers_changes_in_order_without_gaps(
    api_app: Flask, api: FlaskClient
) -> None:
    from vpub_onestop.services.accounts import create_user

    create_user(
        "reception.px_quynhonnam",
        "password-123",
        "Cán bộ Quy Nhơn Nam",
        Role.RECEPTION,
        agency_key="px_quynhonnam",
    )
    quy_nhon = bearer(_system_token(api_app, "sync:read", agency="px_quynhon"))
    quy_nhon_nam = bearer(_system_token(api_app, "sync:read", agency="px_quynhonnam"))
    province = bearer(_system_token(api_app, "sync:read", "sync:province", agency="ttpvhcc"))
    desks = {"qn": actor("reception.px_quynhon"), "qnn": actor("reception.px_quynhonnam")}

    def receive(desk: str, hour: int) -> int:
        return counter_receipt(
            desks[desk], procedure_id("1.000894"), now=local(2026, 3, 2, hour)
        ).id

    # The two communes' changes interleave in the province's feed.
    a1, b1, a2, b2 = receive("qn", 8), receive("qnn", 9), receive("qn", 10), receive("qnn", 11)
    reception.dispatch_dossier(desks["qn"], a1, expected_version=dossier_version(a1))
    code = {i: fresh(i).code for i in (a1, b1, a2, b2)}

    everything = _pull_all(api, province, 0, 2)
    own = _pull_all(api, quy_nhon, 0, 1)
    other = _pull_all(api, quy_nhon_nam, 0, 1)
    # Quy Nhơn reads exactly its receipts (national code 2) and its dispatch (4), in the
    # order the province's feed has them; none of Quy Nhơn Nam's, and the reverse.
    assert [(e["dossier_code"], e["status_code"]) for e in own] == [
        (code[a1], 2),
        (code[a2], 2),
        (code[a1], 4),
    ]
    assert [(e["dossier_code"], e["status_code"]) for e in other] == [(code[b1], 2), (code[b2], 2)]
    assert own == [e for e in everything if e["dossier_code"] in {code[a1], code[a2]}]
    assert other == [e for e in everything if e["dossier_code"] in {code[b1], code[b2]}]

    # Caught up, each cursor stands past the other commune's changes; a new change of
    # each commune reaches its own client only, once.
    cursor = api.get("/api/v1/sync/events?after=0&limit=500", headers=quy_nhon).get_json()
    assert cursor["next_cursor"] == everything[-1]["position"]
    b3 = receive("qnn", 14)
    reception.dispatch_dossier(desks["qn"], a2, expected_version=dossier_version(a2))
    new = _pull_all(api, quy_nhon, cursor["next_cursor"], 5)
    assert [(e["dossier_code"], e["status_code"]) for e in new] == [(code[a2], 4)]
    assert [e["dossier_code"] for e in _pull_all(api, quy_nhon_nam, 0, 10)][-1] == fresh(b3).code


def test_without_the_province_grant_a_province_unit_client_reads_its_own_unit_only(
    api_app: Flask, api: FlaskClient
) -> None:
    centre = bearer(_system_token(api_app, "sync:read", agency="ttpvhcc"))
    counter_receipt(
        actor("reception.px_quynhon"), procedure_id("1.000894"), now=local(2026, 3, 2, 8)
    )
    at_centre = counter_receipt(
        actor("reception.ttpvhcc"), procedure_id("1.001193"), now=local(2026, 3, 2, 9)
    ).id
    assert [e["dossier_code"] for e in _pull_all(api, centre, 0, 10)] == [fresh(at_centre).code]


def test_the_administrator_grants_the_province_feed_on_the_page_and_the_audit_keeps_it(
    api_app: Flask, api: FlaskClient
) -> None:
    from sqlalchemy import select

    from tests.web.api.test_admin_tokens_page import _signed_in, made_on_the_page
    from vpub_onestop.extensions import db
    from vpub_onestop.models import AdminChange

    admin = _signed_in(api_app, "admin.ttpvhcc")
    page = admin.get("/quan-tri/api").get_data(as_text=True)
    assert "Nhận dòng sự kiện trạng thái của toàn tỉnh" in page  # offered as a grant
    _, secret = made_on_the_page(admin, "ttpvhcc", "sync:read", "sync:province")
    at_commune = counter_receipt(
        actor("reception.px_quynhon"), procedure_id("1.000894"), now=local(2026, 3, 2, 8)
    ).id
    events = _pull_all(api, bearer(secret), 0, 10)
    assert [e["dossier_code"] for e in events] == [fresh(at_commune).code]
    db.session.rollback()
    change = db.session.scalars(
        select(AdminChange).where(AdminChange.object_type == "api_token")
    ).one()
    assert sorted(change.after["operations"]) == ["sync:province", "sync:read"]
