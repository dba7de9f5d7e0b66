"""What one simulated person does through the real forms (CSRF tokens included)."""

from __future__ import annotations

import re
import urllib.parse

from bench.reliability.client import PDF, Browser, csrf_in, version_in

MARRIAGE = "1.000894"  # Đăng ký kết hôn at the commune: one mandatory document
DOCUMENT_FIELD = re.compile(r'name="(doc_\d+)"')
APPLICANT = {
    "name": "Nguyễn Văn An",
    "id_number": "079090001234",
    "phone": "0905123401",
    "email": "an.nguyen@example.com",
    "address": "12 Trần Hưng Đạo, phường Quy Nhơn",
    "result_delivery": "online",
}
CATALOGUE_PAGES = [
    "/thu-tuc",
    "/thu-tuc?trang=2",
    "/thu-tuc?q=" + urllib.parse.quote("kết hôn"),
    f"/thu-tuc/{MARRIAGE}",
]


def _path(location: str) -> str:
    parts = urllib.parse.urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def submit_online(browser: Browser, unit_id: int) -> tuple[int, int] | None:
    """Draft with every document uploaded → review → submit. Returns (dossier id, files
    sent) when the server said it was submitted (the redirect to the acknowledgement)."""
    start = f"/thu-tuc/{MARRIAGE}/nop-truc-tuyen"
    form = browser.get(start)
    if form.status != 200:
        return None
    fields = sorted(set(DOCUMENT_FIELD.findall(form.body)))
    data = {
        **APPLICANT,
        "csrf_token": csrf_in(form.body),
        "receiving_unit_id": str(unit_id),
        "proceed": "x",
    }
    drafted = browser.post(start, data, dict.fromkeys(fields, PDF))
    if drafted.status != 302:
        return None
    review_path = _path(drafted.location)
    dossier_id = int(review_path.rstrip("/").split("/")[-2])
    review = browser.get(review_path)
    if review.status != 200:
        return None
    done = browser.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        {"csrf_token": csrf_in(review.body), "version": version_in(review.body)},
    )
    if done.status == 302 and _path(done.location).endswith("/da-nop"):
        return dossier_id, len(fields)
    return None


def decide(browser: Browser, dossier_id: int, action: str) -> tuple[str, str, str] | None:
    """Open the desk's checklist page: (path to post to, csrf, version) for `action`."""
    page = browser.get(f"/mot-cua/kiem-tra/{dossier_id}")  # the checklist holds the forms
    if page.status != 200:
        return None
    slug = {"receive": "tiep-nhan", "refuse": "tu-choi"}[action]
    return f"/mot-cua/ho-so/{dossier_id}/{slug}", csrf_in(page.body), version_in(page.body)


def post_decision(browser: Browser, action: str, prepared: tuple[str, str, str]) -> int:
    path, csrf, version = prepared
    data = {"csrf_token": csrf, f"{action}-version": version}
    if action == "refuse":
        data["refuse-reason"] = "Hồ sơ không thuộc thẩm quyền tiếp nhận của đơn vị."
    return browser.post(path, data).status
