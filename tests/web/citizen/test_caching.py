"""No copy of a personal page is kept by a browser or a proxy; HTTPS is pinned (HSTS).

`Cache-Control: no-store` on everything a signed-in person is shown (pages, exports,
downloads; the slips' own tests check theirs) and on the lookup's answer; the public
catalogue, for an anonymous visitor, and the static assets may be cached. HSTS comes with
HTTPS requests only, and behind a proxy only when the app is told to trust the proxy's
`X-Forwarded-Proto`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.web.citizen.conftest import log_in, submit_online
from vpub_onestop import create_app
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierFile

STATIC = "/static/css/app.css"


def _stored(response_cache_control: str | None) -> bool:
    return response_cache_control != "no-store"


def test_an_anonymous_visitor_may_cache_the_catalogue_and_the_static_assets(
    client: FlaskClient,
) -> None:
    for url in ("/thu-tuc", "/thu-tuc/1.000894", STATIC):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _stored(response.headers.get("Cache-Control")), url
    # The lookup is public too, but its answer (or refusal) concerns one dossier.
    failed = client.get("/tra-cuu", query_string={"ma": "X-260302-0001", "khoa": "ABCDEF"})
    assert failed.headers["Cache-Control"] == "no-store"


def test_every_page_export_and_download_of_a_signed_in_person_is_no_store(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    with app.app_context():
        file_id = db.session.scalars(
            select(DossierFile.id).where(DossierFile.dossier_id == dossier_id)
        ).first()
    urls = [
        "/",
        "/thu-tuc",  # the navigation bar names the person
        "/ho-so-cua-toi",
        f"/ho-so-cua-toi/{dossier_id}",
        f"/ho-so-cua-toi/{dossier_id}/tep/{file_id}",
        "/tai-khoan",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    # The static assets stay cacheable whoever asks.
    assert _stored(client.get(STATIC).headers.get("Cache-Control"))

    admin = app.test_client()
    log_in(admin, "admin.ttpvhcc")
    export = admin.get("/theo-doi.csv")
    assert export.status_code == 200 and "attachment" in export.headers["Content-Disposition"]
    assert export.headers["Cache-Control"] == "no-store"


def test_hsts_only_over_https(client: FlaskClient) -> None:
    plain = client.get("/thu-tuc")
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/thu-tuc", base_url="https://dichvucong.example.gov.vn")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize(("trusted_proxies", "pinned"), [(0, False), (1, True)])
def test_behind_a_proxy_hsts_follows_x_forwarded_proto_only_when_the_proxy_is_trusted(
    tmp_path: Path, trusted_proxies: int, pinned: bool
) -> None:
    """nginx ends TLS and forwards plain HTTP with `X-Forwarded-Proto: https`. Trusted
    (PROXY_FIX_X_PROTO=1) the app knows the visitor used HTTPS; untrusted (the default)
    anybody could send that header, so it is ignored."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'proxy.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
        PROXY_FIX_X_PROTO=trusted_proxies,
        PROXY_FIX_X_FOR=trusted_proxies,
    )
    response = app.test_client().get(
        STATIC, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    )
    assert response.status_code == 200
    assert ("Strict-Transport-Security" in response.headers) is pinned
