"""The catalogue editor (/quan-tri/thu-tuc): administrators only, CSRF on every form, a
draft edited through its forms (a refused form keeps what was typed), previewed with the
public page, published after a confirm step; a published version is read-only."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.web.conftest import csrf_token_from, log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Procedure

PASSWORD = "password-123"
CODE = "LT.KS-TT-BHYT"  # commune 1 WD, then police and social insurance in parallel, 2 WD


def _signed_in(app: Flask, username: str) -> FlaskClient:
    limiter.reset()
    client = app.test_client()
    assert log_in(client, username, PASSWORD).status_code == 302
    return client


def _ids(app: Flask, code: str) -> dict[int, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Procedure.version, Procedure.id).where(Procedure.code == code)
        ).all()
        return {int(version): int(pid) for version, pid in rows}


def _form_fields(html: str, action: str) -> dict[str, str]:
    """Every input, select and text area of the form posting to `action`, as the browser
    would send them unchanged (checked boxes only)."""
    start = html.index(f'action="{action}"')
    form = html[start : html.index("</form>", start)]
    fields: dict[str, str] = {}
    for tag in re.finditer(r"<input [^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        if "name" not in attrs or attrs.get("type") == "submit":
            continue
        if attrs.get("type") == "checkbox" and "checked" not in tag.group(0):
            continue
        fields[attrs["name"]] = attrs.get("value", "y" if attrs.get("type") == "checkbox" else "")
    for select_tag in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', select_tag.group(2)) or re.search(
            r'<option value="([^"]*)" selected', select_tag.group(2)
        )
        first = re.search(r'<option value="([^"]*)"', select_tag.group(2))
        fields[select_tag.group(1)] = (chosen or first).group(1) if (chosen or first) else ""
    for area in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[area.group(1)] = area.group(2).removeprefix("\n")
    return fields


def test_only_an_administrator_opens_the_editor(app: Flask) -> None:
    for username in ("reception.ttpvhcc", "leader.congan", "citizen1"):
        client = _signed_in(app, username)
        assert client.get("/quan-tri/thu-tuc").status_code == 403, username
        assert client.get(f"/quan-tri/thu-tuc/{CODE}").status_code == 403, username
    visitor = app.test_client()
    assert visitor.get("/quan-tri/thu-tuc").status_code == 302  # to the sign-in page
    admin = _signed_in(app, "admin.ttpvhcc")
    assert admin.get("/quan-tri/thu-tuc/phien-ban/999999").status_code == 404
    assert admin.get("/quan-tri/thu-tuc/KHONG-CO").status_code == 404


def test_the_list_searches_without_accents_and_filters_by_status(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    html = admin.get("/quan-tri/thu-tuc?q=khai+sinh+bhyt").get_data(as_text=True)
    assert f'data-code="{CODE}"' in html
    assert "Đăng ký khai sinh – Đăng ký thường trú" in html
    drafts = admin.get("/quan-tri/thu-tuc?trang_thai=draft").get_data(as_text=True)
    assert "data-code=" not in drafts  # no draft yet


def test_a_form_without_its_csrf_token_changes_nothing(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    response = admin.post(f"/quan-tri/thu-tuc/{CODE}/ban-nhap", data={})
    assert response.status_code == 400
    assert sorted(_ids(app, CODE)) == [1]


def test_edit_preview_and_publish_a_draft(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    page = admin.get(f"/quan-tri/thu-tuc/{CODE}").get_data(as_text=True)
    token = csrf_token_from(page)
    started = admin.post(f"/quan-tri/thu-tuc/{CODE}/ban-nhap", data={"csrf_token": token})
    assert started.status_code == 302
    draft = _ids(app, CODE)[2]
    base = f"/quan-tri/thu-tuc/phien-ban/{draft}"

    # A limit of 0 is refused next to its field; what was typed stays in the form.
    html = admin.get(base).get_data(as_text=True)
    general = _form_fields(html, f"{base}/chung")
    refused = admin.post(f"{base}/chung", data={**general, "thoi_han": "0", "ten": "Tên mới"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Nhập thời hạn lớn hơn 0" in text
    assert "Tên mới" in text

    # 4 WD instead of 3: the route (1 + 2 WD) no longer adds up, publishing says so.
    saved = admin.post(f"{base}/chung", data={**general, "thoi_han": "4"})
    assert saved.status_code == 302
    confirm = admin.get(f"{base}/cong-bo").get_data(as_text=True)
    assert "khác thời hạn giải quyết 4" in confirm
    assert "Xác nhận công bố" not in confirm

    # The route's second stage becomes 3 WD for the police and social insurance: 1 + 3 = 4.
    html = admin.get(base).get_data(as_text=True)
    route = _form_fields(html, f"{base}/quy-trinh")
    route |= {"buoc-1-thoi_gian": "3", "buoc-2-thoi_gian": "3"}
    assert admin.post(f"{base}/quy-trinh", data=route).status_code == 302

    # The fee: a per-page tariff, with the worked example the citizen will read.
    html = admin.get(base).get_data(as_text=True)
    fee = _form_fields(html, f"{base}/phi")
    fee |= {
        "loai": "per_page",
        "so_trang_dau": "2",
        "gia_trang_dau": "2000",
        "gia_trang_sau": "1000",
        "toi_da": "200000",
    }
    example = admin.post(f"{base}/phi", data={**fee, "tinh_thu": "y"}).get_data(as_text=True)
    # 5 pages: 2 × 2.000 ₫ + 3 × 1.000 ₫ = 7.000 ₫ (Circular 226/2016 tariff shape).
    assert "7.000 ₫" in example
    assert admin.post(f"{base}/phi", data=fee).status_code == 302

    # The preview is the public page of the draft, with a banner and no way to submit.
    preview = admin.get(f"{base}/xem-truoc").get_data(as_text=True)
    assert "Xem trước phiên bản 2" in preview
    assert "4 ngày làm việc" in preview
    assert "/nop/" not in preview and 'href="/ho-so/moi' not in preview
    public = app.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert "3 ngày làm việc" in public  # citizens still see v1

    confirm = admin.get(f"{base}/cong-bo").get_data(as_text=True)
    published = admin.post(f"{base}/cong-bo", data=_form_fields(confirm, f"{base}/cong-bo"))
    assert published.status_code == 302
    public = app.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)
    assert "4 ngày làm việc" in public
    # The published version is read-only now: its page has no form to save.
    html = admin.get(base).get_data(as_text=True)
    assert f'action="{base}/chung"' not in html
    again = admin.post(f"{base}/chung", data={**general, "thoi_han": "5"})
    assert again.status_code == 409


def test_a_stale_draft_page_is_refused_with_a_reload_message(app: Flask) -> None:
    admin = _signed_in(app, "admin.ttpvhcc")
    token = csrf_token_from(admin.get(f"/quan-tri/thu-tuc/{CODE}").get_data(as_text=True))
    admin.post(f"/quan-tri/thu-tuc/{CODE}/ban-nhap", data={"csrf_token": token})
    base = f"/quan-tri/thu-tuc/phien-ban/{_ids(app, CODE)[2]}"
    general = _form_fields(admin.get(base).get_data(as_text=True), f"{base}/chung")
    assert admin.post(f"{base}/chung", data={**general, "ten": "Lần một"}).status_code == 302
    late = admin.post(f"{base}/chung", data={**general, "ten": "Lần hai"})
    assert late.status_code == 409
    assert "tải lại trang" in late.get_data(as_text=True)
