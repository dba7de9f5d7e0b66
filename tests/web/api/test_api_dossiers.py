"""The dossier endpoints: the API shows each person what their pages show (the same
dossiers, the same events), acts through the pages' services (409 naming who changed the
dossier, 428 without a version, 404 for another's dossier), submits online idempotently,
and a system client reads its agency's dossiers as the public does."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import (
    APPLICANT,
    PDF,
    actor,
    counter_receipt,
    dossier_version,
    fresh,
    local,
    online_submission,
    procedure_id,
    unit_id,
)
from tests.web.api.conftest import Tokens, bearer, problem
from tests.web.conftest import log_in
from vpub_onestop.extensions import limiter
from vpub_onestop.services import reception

MARRIAGE = "1.000894"
CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}")


def _province() -> dict[str, str]:
    """Dossiers of two units, two citizens, in several states; their codes by name."""
    desk = actor("reception.px_quynhon")
    at_commune = counter_receipt(desk, procedure_id(MARRIAGE), now=local(2026, 3, 2, 9)).id
    reception.dispatch_dossier(
        desk, at_commune, expected_version=dossier_version(at_commune), now=local(2026, 3, 2, 10)
    )
    at_centre = counter_receipt(
        actor("reception.ttpvhcc"), procedure_id("1.001193"), now=local(2026, 3, 2, 9)
    ).id
    unit = unit_id("px_quynhon")
    mine = online_submission(actor("citizen1"), procedure_id(MARRIAGE), unit, APPLICANT)
    theirs = online_submission(actor("citizen2"), procedure_id(MARRIAGE), unit, APPLICANT)
    return {
        name: str(fresh(dossier_id).code)
        for name, dossier_id in {
            "at_commune": at_commune,
            "at_centre": at_centre,
            "mine": mine,
            "theirs": theirs,
        }.items()
    }


def _api_codes(api: FlaskClient, token: str) -> set[str]:
    codes: set[str] = set()
    url = "/api/v1/dossiers?limit=2"  # several pages: the cursor is followed
    while url:
        body = api.get(url, headers=bearer(token)).get_json()
        codes |= {item["code"] for item in body["items"]}
        url = (
            f"/api/v1/dossiers?limit=2&cursor={body['next_cursor']}" if body["next_cursor"] else ""
        )
    return codes


def _page_codes(app: Flask, username: str) -> set[str]:
    """The codes the person's own list page shows: "Hồ sơ của tôi" for a citizen, the
    staff search (every dossier of theirs matches the applicant's name) for staff."""
    client = app.test_client()
    limiter.reset()
    assert log_in(client, username, "password-123").status_code == 302
    page = "/ho-so-cua-toi" if username.startswith("citizen") else "/tim-kiem?q=Nhung"
    return set(CODE.findall(client.get(page).get_data(as_text=True)))


def test_each_person_gets_the_dossiers_their_pages_list(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    codes = _province()
    people = {
        "citizen1": {"mine"},
        "citizen2": {"theirs"},
        "reception.px_quynhon": {"at_commune", "mine", "theirs"},
        "reception.ttpvhcc": {"at_centre"},
        "admin.ttpvhcc": set(codes),
    }
    for username, expected in people.items():
        api_codes = _api_codes(api, token_for(username))
        assert api_codes == _page_codes(api_app, username), username
        assert api_codes == {codes[name] for name in expected}, username


def test_one_dossier_shows_the_events_as_each_page_does(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    codes = _province()
    code = codes["mine"]
    reception.refuse_dossier(
        actor("reception.px_quynhon"),
        fresh_id(code),
        "Ảnh chụp giấy tờ bị mờ, không đọc được.",
        expected_version=dossier_version(fresh_id(code)),
    )
    officer = api.get(f"/api/v1/dossiers/{code}", headers=bearer(token_for("reception.px_quynhon")))
    owner = api.get(f"/api/v1/dossiers/{code}", headers=bearer(token_for("citizen1")))
    assert officer.status_code == owner.status_code == 200
    staff_view, citizen_view = officer.get_json(), owner.get_json()
    # Refused at the one-stop unit: national code 3, online (2); the applicant reads the
    # reason (it is addressed to them) but not the officer's name, as on their page.
    assert (citizen_view["status_code"], citizen_view["channel"]) == (3, 2)
    refusal_staff, refusal_citizen = staff_view["events"][-1], citizen_view["events"][-1]
    assert refusal_staff["actor_name"] == "Cán bộ reception.px_quynhon"
    assert refusal_citizen["actor_name"] is None
    assert refusal_citizen["note"] == "Ảnh chụp giấy tờ bị mờ, không đọc được."
    assert [e["action"] for e in staff_view["events"]] == [
        e["action"] for e in citizen_view["events"]
    ]
    # Another citizen, and another unit's officer, are told it does not exist.
    problem(api.get(f"/api/v1/dossiers/{code}", headers=bearer(token_for("citizen2"))), 404)
    problem(
        api.get(f"/api/v1/dossiers/{code}", headers=bearer(token_for("reception.ttpvhcc"))), 404
    )


def fresh_id(code: str) -> int:
    from sqlalchemy import select

    from vpub_onestop.extensions import db
    from vpub_onestop.models import Dossier

    db.session.rollback()
    return int(db.session.scalar(select(Dossier.id).where(Dossier.code == code)) or 0)


def test_a_transition_checks_the_version_as_the_page_does(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    code = _province()["mine"]
    desk = bearer(token_for("reception.px_quynhon"))
    version = api.get(f"/api/v1/dossiers/{code}", headers=desk).get_json()["version"]
    url = f"/api/v1/dossiers/{code}/transitions"

    missing = problem(api.post(url, json={"trigger": "receive"}, headers=desk), 428)
    assert missing["type"].endswith("version-required")
    received = api.post(url, json={"trigger": "receive", "expected_version": version}, headers=desk)
    assert received.status_code == 200
    assert received.get_json()["status_code"] == 2  # received
    stale = problem(
        api.post(url, json={"trigger": "dispatch", "expected_version": version}, headers=desk), 409
    )
    assert stale["changed_by"] == "Cán bộ reception.px_quynhon"
    assert stale["current_version"] == received.get_json()["version"]
    wrong = problem(
        api.post(url, json={"trigger": "fly", "expected_version": 1}, headers=desk), 422
    )
    assert [e["field"] for e in wrong["errors"]] == ["trigger"]
    # The citizen may not dispatch their own dossier (the page has no such button), and
    # another unit's desk is told it does not exist; neither changes anything.
    current = {"trigger": "dispatch", "expected_version": received.get_json()["version"]}
    problem(api.post(url, json=current, headers=bearer(token_for("citizen1"))), 403)
    problem(api.post(url, json=current, headers=bearer(token_for("reception.ttpvhcc"))), 404)
    after = api.get(f"/api/v1/dossiers/{code}", headers=desk).get_json()
    assert (after["version"], after["state"]) == (current["expected_version"], "received")


def _files() -> dict[str, object]:
    from io import BytesIO

    from tests.services.support import document_ids

    mandatory = set(document_ids(procedure_id(MARRIAGE), mandatory_only=True))
    every = document_ids(procedure_id(MARRIAGE))
    return {
        f"document_{n}": (BytesIO(PDF), f"giay-to-{n}.pdf")
        for n, doc in enumerate(every, 1)
        if doc in mandatory
    }


def test_an_online_submission_with_a_key_is_made_once(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    citizen = {**bearer(token_for("citizen1")), "Idempotency-Key": "dang-ky-ket-hon-01"}
    form = {"procedure": MARRIAGE, "name": APPLICANT.name, "email": "nhung@example.com"}
    first = api.post("/api/v1/dossiers", data={**form, **_files()}, headers=citizen)
    again = api.post("/api/v1/dossiers", data={**form, **_files()}, headers=citizen)
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json() == again.get_json()
    assert first.get_json()["status_code"] == 1
    assert _api_codes(api, token_for("citizen1")) == {first.get_json()["code"]}
    other = problem(
        api.post(
            "/api/v1/dossiers", data={**form, "name": "Người khác", **_files()}, headers=citizen
        ),
        422,
    )
    assert [e["field"] for e in other["errors"]] == ["Idempotency-Key"]
    # A missing mandatory document is named as the API names it, and nothing is made.
    files = _files()
    first_missing = sorted(files)[0]
    files.pop(first_missing)
    incomplete = problem(
        api.post(
            "/api/v1/dossiers",
            data={**form, **files},
            headers={**bearer(token_for("citizen1")), "Idempotency-Key": "k-2"},
            content_type="multipart/form-data",
        ),
        422,
    )
    assert first_missing in [e["field"] for e in incomplete["errors"]]
    assert len(_api_codes(api, token_for("citizen1"))) == 1


def test_a_system_client_reads_its_agency_dossiers_as_the_public(
    api_app: Flask, api: FlaskClient
) -> None:
    from tests.web.api.test_catalogue_and_clients import _system_token

    codes = _province()
    token = bearer(_system_token(api_app, "dossiers:read", agency="px_quynhon"))
    assert _api_codes(api, token["Authorization"].split()[1]) == {
        codes["at_commune"],
        codes["mine"],
        codes["theirs"],
    }
    detail = api.get(f"/api/v1/dossiers/{codes['at_commune']}", headers=token).get_json()
    assert all(event["actor_name"] is None for event in detail["events"])
    problem(api.get(f"/api/v1/dossiers/{codes['at_centre']}", headers=token), 404)
    # Reading is all it was granted.
    problem(
        api.post(
            f"/api/v1/dossiers/{codes['mine']}/transitions",
            json={"trigger": "receive", "expected_version": 1},
            headers=token,
        ),
        403,
    )


def test_a_declaration_that_is_not_a_json_object_is_named(
    api_app: Flask, api: FlaskClient, token_for: Tokens
) -> None:
    refused = problem(
        api.post(
            "/api/v1/dossiers",
            data={"procedure": "1.004222", "name": APPLICANT.name, "declaration": "[1, 2]"},
            headers=bearer(token_for("citizen1")),
            content_type="multipart/form-data",
        ),
        422,
    )
    assert [e["field"] for e in refused["errors"]] == ["declaration"]
    assert _api_codes(api, token_for("citizen1")) == set()
