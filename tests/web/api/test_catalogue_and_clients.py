"""The catalogue through the API (what the public procedure page shows, a page at a time
by cursor, each paper's uploaded template with its sha256), and system clients' tokens:
bound to the operations the administrator granted (403 outside them), made and revoked
from the command line."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.services.support import actor
from tests.services.test_catalogue_bundle import CODE, TEMPLATE, _docx, _publish_with_template
from tests.web.api.conftest import Tokens, bearer, problem
from vpub_onestop.domain.template_files import DOCX
from vpub_onestop.extensions import db
from vpub_onestop.models import Procedure
from vpub_onestop.services.catalogue_versions import start_draft
from vpub_onestop.services.paper_templates import attach_template


def _all_pages(api: FlaskClient, token: str, **query: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(50):
        args = {**query, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/v1/procedures", query_string=args, headers=bearer(token))
        assert page.status_code == 200
        body = page.get_json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the pages never ended")


def test_cursor_pages_list_every_current_procedure_once_in_code_order(
    api: FlaskClient, token_for: Tokens
) -> None:
    token = token_for("citizen1")
    items = _all_pages(api, token, limit=3)
    codes = [item["code"] for item in items]
    current = db.session.scalar(
        select(func.count()).select_from(Procedure).where(Procedure.is_current.is_(True))
    )
    assert len(codes) == current == len(set(codes))
    assert codes == sorted(codes)
    # Filters are the public catalogue's: the commune civil-status procedures.
    civil = _all_pages(api, token, q="kết hôn", level="commune")
    assert [item["code"] for item in civil] == ["1.000894"]


def test_one_procedure_as_its_public_page_shows_it(api: FlaskClient, token_for: Tokens) -> None:
    token = token_for("citizen1")
    answer = api.get("/api/v1/procedures/1.000894", headers=bearer(token))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["name"] == "Đăng ký kết hôn" and body["level"] == "commune"
    assert body["limit"] == {"amount": "5.00", "unit": "working_days", "label": "5 ngày làm việc"}
    assert body["fee"]["kind"] == "exempt" and body["fee"]["summary"] == "Không thu phí, lệ phí."
    assert [d["name"] for d in body["documents"]] == [
        "Tờ khai đăng ký kết hôn",
        "Giấy xác nhận tình trạng hôn nhân (nếu cần)",
    ]
    assert [d["mandatory"] for d in body["documents"]] == [True, False]
    (step,) = body["route"]
    assert step["agency"] == "Bộ phận Một cửa nơi tiếp nhận hồ sơ"
    assert "Nam từ đủ 20 tuổi" in body["conditions"]
    page = api.get("/thu-tuc/1.000894").get_data(as_text=True)
    for text in (body["name"], body["result_name"], body["limit"]["label"]):
        assert text in page
    assert body["form"] is None  # no electronic form for the marriage registration
    birth = api.get("/api/v1/procedures/1.001193", headers=bearer(token)).get_json()
    # The birth registration's declaration (seed declarations-demo.json), as published.
    assert birth["form"]["title"] == "Tờ khai đăng ký khai sinh"
    assert birth["form"]["sections"][0]["title"] == "Người yêu cầu"
    problem(api.get("/api/v1/procedures/9.999999", headers=bearer(token)), 404)


def test_a_made_up_cursor_or_limit_is_named(api: FlaskClient, token_for: Tokens) -> None:
    token = token_for("citizen1")
    answer = api.get(
        "/api/v1/procedures",
        query_string={"cursor": "bm90LWEtY3Vyc29y", "limit": 500},
        headers=bearer(token),
    )
    fields = {error["field"] for error in problem(answer, 422)["errors"]}
    assert fields == {"cursor", "limit"}


def _system_token(app: Flask, *operations: str, agency: str = "px_quynhon") -> str:
    runner = app.test_cli_runner()
    args = ["api-token", "create", "--admin", "admin.ttpvhcc", "--agency", agency]
    for operation in operations:
        args += ["--operation", operation]
    result = runner.invoke(args=[*args, "--name", "Cổng dịch vụ công tỉnh"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[1]


def test_a_system_client_may_use_only_the_operations_granted(
    api_app: Flask, api: FlaskClient
) -> None:
    token = _system_token(api_app, "procedures:read")
    assert token.startswith("vpub_")
    assert api.get("/api/v1/procedures", headers=bearer(token)).status_code == 200
    refused = problem(api.get("/api/v1/stats", headers=bearer(token)), 403)
    assert "stats:read" in refused["detail"]
    problem(
        api.get(
            "/api/v1/deadline",
            query_string={"received": "2026-03-02T09:00", "limit": "1 working_days"},
            headers=bearer(token),
        ),
        403,
    )
    # A person's own-token list is not for systems.
    problem(api.get("/api/v1/tokens", headers=bearer(token)), 403)


def test_the_administrator_revokes_a_system_token_and_only_an_administrator_makes_one(
    api_app: Flask, api: FlaskClient
) -> None:
    token = _system_token(api_app, "procedures:read")
    from vpub_onestop.models import ApiToken

    token_id = db.session.scalars(select(ApiToken.id)).one()
    db.session.rollback()
    runner = api_app.test_cli_runner()
    refused = runner.invoke(args=["api-token", "revoke", "--admin", "citizen1", str(token_id)])
    assert refused.exit_code != 0 and "Chỉ quản trị hệ thống" in refused.output
    assert api.get("/api/v1/procedures", headers=bearer(token)).status_code == 200
    done = runner.invoke(args=["api-token", "revoke", "--admin", "admin.ttpvhcc", str(token_id)])
    assert done.exit_code == 0, done.output
    problem(api.get("/api/v1/procedures", headers=bearer(token)), 401)
    wrong = runner.invoke(
        args=[
            "api-token",
            "create",
            "--admin",
            "citizen1",
            "--agency",
            "px_quynhon",
            "--operation",
            "stats:read",
        ]
    )
    assert wrong.exit_code != 0 and "Chỉ quản trị hệ thống" in wrong.output


def test_a_paper_template_is_linked_with_its_sha256_and_only_the_published_one_downloads(
    api: FlaskClient, token_for: Tokens
) -> None:
    _publish_with_template(TEMPLATE)
    token = token_for("citizen1")
    body = api.get(f"/api/v1/procedures/{CODE}", headers=bearer(token)).get_json()
    first, second = body["documents"][0], body["documents"][1]
    assert first["template_file"] == {
        "url": f"/thu-tuc/{CODE}/mau/1",
        "file_name": "to-khai-khai-sinh.docx",
        "content_type": DOCX,
        "size": len(TEMPLATE),
        "sha256": hashlib.sha256(TEMPLATE).hexdigest(),
    }
    assert second["template_file"] is None
    # The link is public (no token) and gives the very bytes the sha256 names.
    download = api.get(first["template_file"]["url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == first["template_file"]["sha256"]
    # A template uploaded on a draft is neither linked nor downloadable before publishing.
    admin = actor("admin.ttpvhcc")
    draft_id = start_draft(admin, CODE)
    draft = db.session.get(Procedure, draft_id)
    assert draft is not None
    paper = min(draft.documents, key=lambda d: d.position)
    attach_template(admin, draft_id, draft.revision, paper.id, "nhap.docx", _docx("bản nháp"))
    again = api.get(f"/api/v1/procedures/{CODE}", headers=bearer(token)).get_json()
    assert again["documents"][0]["template_file"] == first["template_file"]
    assert api.get(f"/thu-tuc/{CODE}/mau/1").data == TEMPLATE
