"""The benchmark runner's own pieces against a real generated database: the fresh work it
adds for the write measures goes through the real forms (a draft is submitted, a submitted
dossier received, with the CSRF token and version copied from the page as the runner does),
and the floor app reads a dossier by primary key and inserts its own row."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from bench.floor.app import create_floor, ensure_table
from bench.generate.__main__ import generate
from bench.generate.fresh import Fresh, add_fresh_work
from bench.perf.sessions import hidden_fields
from tests.conftest import database_urls
from vpub_onestop import clock, create_app
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module", params=database_urls())
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, str, Fresh]]:
    tmp_path = tmp_path_factory.mktemp("runner")
    url = (
        os.environ["TEST_POSTGRES_URL"]
        if request.param == "postgres"
        else f"sqlite:///{tmp_path / 'runner.sqlite'}"
    )
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path / "up"))
    _empty(app)
    clock.freeze(NOW)
    try:
        generate(url, 60, seed=3)
        fresh = add_fresh_work(app, "citizen1", "px_quynhon", drafts=3, submitted=3)
    finally:
        clock.reset()
    yield app, url, fresh
    _empty(app)
    with app.app_context():
        db.engine.dispose()


def _empty(app: Flask) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            connection.execute(text("DROP TABLE IF EXISTS bench_floor"))


@pytest.fixture(autouse=True)
def _history_clock(frozen_clock: object) -> None:
    clock.freeze(NOW)


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/dang-nhap").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"username": username, "password": "demo1234"}
    if token:
        data["csrf_token"] = token.group(1)
    assert client.post("/dang-nhap", data=data).status_code == 302
    return client


def _post_like_the_runner(client: FlaskClient, page: str, action: str) -> int:
    fields = hidden_fields(client.get(page).get_data(as_text=True), action)
    assert any(name.endswith("csrf_token") for name in fields)
    return client.post(action, data=fields).status_code


# (fresh work kind, who acts, the page the form is on, where it posts, the state after)
FORMS = {
    "submit": ("citizen1", "/ho-so-cua-toi/{id}/xem-lai", "/ho-so-cua-toi/{id}/nop"),
    "receive": ("reception.px_quynhon", "/mot-cua/kiem-tra/{id}", "/mot-cua/ho-so/{id}/tiep-nhan"),
}


@pytest.mark.parametrize(
    ("act", "after"), [("submit", DossierState.SUBMITTED), ("receive", DossierState.RECEIVED)]
)
def test_fresh_work_goes_through_the_real_form(
    database: tuple[Flask, str, Fresh], act: str, after: DossierState
) -> None:
    """A fresh draft is submitted by its citizen, a fresh submitted dossier received at the
    desk, each with the hidden fields copied from the page as the runner does."""
    app, _url, fresh = database
    app.config["WTF_CSRF_ENABLED"] = True
    dossier_id = (fresh.drafts if act == "submit" else fresh.submitted)[0][0]
    username, page, action = FORMS[act]
    client = _signed_in(app, username)
    status = _post_like_the_runner(client, page.format(id=dossier_id), action.format(id=dossier_id))
    assert status == 302
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.state is after
        assert dossier.code is not None
        assert db.session.scalar(select(func.count()).where(Dossier.code == dossier.code)) == 1
        if act == "receive":
            assert dossier.due_at is not None and dossier.tasks
        db.session.remove()


def test_the_floor_reads_a_dossier_by_key_and_inserts_its_own_row(
    database: tuple[Flask, str, Fresh],
) -> None:
    app, url, _fresh = database
    with app.app_context():
        first = db.session.execute(select(Dossier.id, Dossier.code).limit(1)).one()
        db.session.remove()
    ensure_table(url)
    floor = create_floor(url).test_client()
    read = floor.get(f"/read/{first.id}")
    assert read.status_code == 200 and str(first.code) in read.get_data(as_text=True)
    assert floor.get("/read/999999999").status_code == 404
    assert floor.post("/insert").status_code == 201
    assert floor.post("/insert").status_code == 201
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM bench_floor")) == 2
        db.session.remove()
