"""English, the second locale, on the main pages of every role (`?lang=en`, kept in the
session). Procedure names, agency names and people's names are data and stay as entered;
the interface around them is English, and the main Vietnamese heading is gone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import (
    actor,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    submit_draft,
    unit_id,
)
from tests.web.conftest import log_in
from tests.web.monitor.dashboard_story import NOW, build_open_work
from vpub_onestop import clock
from vpub_onestop.extensions import limiter
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.web.labels import ALL_LABELS, label, limit_text

PASSWORD = "password-123"  # every account seeded by tests/conftest.py
MARRIAGE = "1.000894"


@pytest.fixture
def story(app: Flask) -> Iterator[dict[str, int]]:
    """Open work on 11/3/2026 (tests/web/monitor/dashboard_story.py) plus an online dossier
    of citizen1 waiting at the reception desk."""
    limiter.reset()
    clock.freeze(NOW)
    with app.app_context():
        ids = build_open_work()
        citizen = actor("citizen1")
        draft = draft_with_documents(
            citizen,
            procedure_id(MARRIAGE),
            unit_id("px_quynhon"),
            Applicant(name="Nguyễn Văn An", phone="0905123401"),
            now=local(2026, 3, 10, 20),
        )
        submit_draft(citizen, draft, now=local(2026, 3, 10, 20, 5))
        ids["online"] = draft
    # Requests push their own app context (and `g`, where Flask-Login keeps the user).
    yield ids


def _english(client: FlaskClient, url: str) -> str:
    sep = "&" if "?" in url else "?"
    response = client.get(f"{url}{sep}lang=en")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    return html


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = log_in(client, username, PASSWORD, query="?lang=en")
    assert response.status_code == 302, f"{username} could not log in"
    return client


def _heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no <h1>"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# --- public pages ------------------------------------------------------------------------


def test_the_catalogue_in_english(app: Flask) -> None:
    html = _english(app.test_client(), "/thu-tuc")

    assert _heading(html) == "Administrative procedures"
    for text in ("Search by procedure name or code", "Processing agency", "Clear filters"):
        assert text in html
    assert "Procedures found:" in html and "working days" in html
    assert "Thủ tục hành chính" not in html and "Tìm thấy" not in html
    assert "ngày làm việc" not in html


def test_a_procedure_page_in_english(app: Flask) -> None:
    html = _english(app.test_client(), f"/thu-tuc/{MARRIAGE}")

    for text in ("Submit online", "Dossier documents", "Processing route", "Fees and charges"):
        assert text in html
    assert "Processing time limit" in html and "working days" in html
    for vietnamese in ("Thành phần hồ sơ", "Nộp trực tuyến", "Quy trình giải quyết"):
        assert vietnamese not in html


def test_the_lookup_in_english(app: Flask, story: dict[str, int]) -> None:
    with app.app_context():
        dossier = fresh(story["D1"])
        code, key = dossier.code, dossier.lookup_key
    client = app.test_client()

    empty = _english(client, "/tra-cuu")
    found = _english(client, f"/tra-cuu?ma={code}&khoa={key}")

    assert _heading(empty) == "Track a dossier"
    assert "Lookup key" in empty and "Tra cứu hồ sơ" not in empty
    assert "Processing history" in found and "Appointment date" in found
    assert "In progress" in found and "Overdue" in found
    for vietnamese in ("Quá trình giải quyết", "Đang xử lý", "Quá hạn", "Trạng thái:"):
        assert vietnamese not in found


def test_registration_in_english(app: Flask) -> None:
    html = _english(app.test_client(), "/dang-ky")

    assert _heading(html) == "Register an account"
    for text in ("Full name (or name of the organisation)", "Phone number", "Repeat the password"):
        assert text in html
    assert "Đăng ký tài khoản" not in html and "Họ và tên" not in html


# --- officers and citizens ------------------------------------------------------------------


def test_the_reception_queue_in_english(app: Flask, story: dict[str, int]) -> None:
    html = _english(_signed_in(app, "reception.px_quynhon"), "/mot-cua/tiep-nhan")

    assert _heading(html).startswith("Reception desk")
    for text in ("To check (online)", "To dispatch", "Dossier code", "Applicant", "Waited"):
        assert text in html
    assert "working hours" in html
    assert "Bàn tiếp nhận hồ sơ" not in html and "Chờ kiểm tra" not in html


def test_the_agency_task_list_in_english(app: Flask, story: dict[str, int]) -> None:
    html = _english(_signed_in(app, "leader.px_quynhon"), "/xu-ly")

    assert _heading(html) == "Agency work"
    for text in ("Awaiting assignment", "Step due date", "Overdue", "Due today", "Assign"):
        assert text in html
    assert "Công việc của cơ quan" not in html and "Chờ phân công" not in html


def test_a_task_page_in_english(app: Flask, story: dict[str, int]) -> None:
    client = _signed_in(app, "specialist.px_quynhon")
    tasks = _english(client, "/xu-ly")
    task_url = re.search(r'href="(/xu-ly/nhiem-vu/\d+)"', tasks)
    assert task_url, "no task in the specialist's list"

    html = _english(client, task_url.group(1))

    for text in ("Processing steps", "Processing history", "Inter-agency route", "Printed slips"):
        assert text in html
    assert "In progress" in html and "Processing specialist" in html  # step state, role
    assert "Đang xử lý" not in html and "Lịch sử xử lý" not in html


def test_a_citizens_dossier_list_in_english(app: Flask, story: dict[str, int]) -> None:
    client = _signed_in(app, "citizen1")
    html = _english(client, "/ho-so-cua-toi")

    assert _heading(html) == "My dossiers"
    for text in ("Submit a new dossier", "Dossier code / procedure", "Status", "Newly submitted"):
        assert text in html
    assert "Hồ sơ của tôi" not in html and "Mới đăng ký" not in html

    detail = _english(client, f"/ho-so-cua-toi/{story['online']}")
    assert "Dossier details" in detail and "Processing history" in detail
    assert "Submit the dossier" in detail and "Thông tin hồ sơ" not in detail


def test_the_monitoring_dashboard_in_english(app: Flask, story: dict[str, int]) -> None:
    client = _signed_in(app, "unit_head.px_quynhon")
    html = _english(client, "/theo-doi")

    assert _heading(html) == "Deadline monitoring of dossiers"
    for text in ("Deadlines", "Statistics report", "Export to Excel", "Processing steps by agency"):
        assert text in html
    assert "Theo dõi thời hạn giải quyết hồ sơ" not in html and "Xuất Excel" not in html
    for url in ("/theo-doi/bao-cao", "/theo-doi/chi-so", "/theo-doi/hai-long"):
        page = _english(client, url)
        assert "Export to Excel" in page and "Xuất Excel" not in page


# --- the labels the domain hands to pages --------------------------------------------------


def test_every_domain_label_is_listed_and_has_an_english_translation(app: Flask) -> None:
    from vpub_onestop.domain.satisfaction import CRITERIA, Answer
    from vpub_onestop.domain.status import DossierState, TaskState
    from vpub_onestop.domain.timeliness import PendingStatus, Timeliness
    from vpub_onestop.domain.workflow import DOSSIER_TRANSITIONS, TASK_TRANSITIONS
    from vpub_onestop.queries.catalogue import LEVEL_LABELS, ONLINE_LABELS
    from vpub_onestop.slips.forms import DOSSIER_FORMS

    domain = {
        *(s.label_vi for s in DossierState),
        *(s.label_vi for s in TaskState),
        *(t.label_vi for t in Timeliness),
        *(p.label_vi for p in PendingStatus),
        *(a.label_vi for a in Answer),
        *(text for _key, text in CRITERIA),
        *(str(row["label"]) for row in (*DOSSIER_TRANSITIONS, *TASK_TRANSITIONS)),
        *LEVEL_LABELS.values(),
        *ONLINE_LABELS.values(),
        *(form.link for form in DOSSIER_FORMS.values()),
    }
    assert domain - ALL_LABELS == set()

    with app.test_request_context("/?lang=en"):
        untranslated = sorted(text for text in ALL_LABELS if label(text) == text)
        assert untranslated == []
        assert label("Từ chối giải quyết") == "Refused"  # the status, not the button
    with app.test_request_context("/?lang=vi"):
        assert all(label(text) == text for text in ALL_LABELS)


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("5 ngày làm việc", "5 working days"),
        ("1 ngày làm việc", "1 working day"),
        ("0,5 ngày làm việc", "0.5 working days"),
        ("4 giờ làm việc", "4 working hours"),
        ("30 ngày", "30 days"),
        ("Trong ngày", "Same day"),
    ],
)
def test_time_limits_are_rebuilt_in_english(app: Flask, vietnamese: str, english: str) -> None:
    with app.test_request_context("/?lang=en"):
        assert limit_text(vietnamese) == english
    with app.test_request_context("/?lang=vi"):
        assert limit_text(vietnamese) == vietnamese


FEE_RULES = [
    None,
    {"kind": "exempt", "note": "Miễn lệ phí đối với người có công với cách mạng."},
    {"kind": "flat", "vnd": 10000},
    {
        "kind": "per_page",
        "first_pages": 2,
        "first_page_vnd": 2000,
        "next_page_vnd": 1000,
        "cap_per_copy_vnd": 200000,
    },
    {
        "kind": "per_page",
        "first_pages": 2,
        "first_page_vnd": 2000,
        "next_page_vnd": 1000,
        "cap_per_copy_vnd": 5000,
    },
    {"kind": "per_page", "first_pages": 1, "first_page_vnd": 3000, "next_page_vnd": 500},
    {"kind": "by_agreement"},
]


@pytest.mark.parametrize("rule", FEE_RULES)
def test_fee_texts_on_a_vietnamese_page_are_the_domains_own(app: Flask, rule: object) -> None:
    from vpub_onestop.domain.fees import describe_fee
    from vpub_onestop.web.fee_text import translated_fee

    with app.test_request_context("/?lang=vi"):
        assert translated_fee(rule) == describe_fee(rule)  # type: ignore[arg-type]


def test_a_tiered_fee_in_english(app: Flask) -> None:
    from vpub_onestop.web.fee_text import fee_description

    with app.test_request_context("/?lang=en"):
        fee = fee_description(FEE_RULES[3])  # type: ignore[arg-type]

    assert fee.summary == "Charged by the number of pages of each copy:"
    assert fee.details == (
        "2.000 ₫ per page for the first 2 pages;",
        "from page 3 onwards: 1.000 ₫ per page;",
        "at most 200.000 ₫ per copy (reached from a copy of 198 pages).",
    )
    assert fee.example == (
        "Example: one copy of 5 pages = 2 × 2.000 ₫ + 3 × 1.000 ₫ = 7.000 ₫; "
        "two such copies: 14.000 ₫."
    )


def test_the_rating_form_speaks_english(app: Flask) -> None:
    from vpub_onestop.web.portal_forms import rating_form_class

    with app.test_request_context("/?lang=en"):
        form = rating_form_class()(meta={"csrf": False})
        labels = [str(field.label.text) for field in form if field.type == "RadioField"]
        answers = [str(text) for _value, text in form.time.choices]

    assert labels[0] == "Processing time compared with the legal time limit"
    assert answers == ["Very satisfied", "Satisfied", "Not satisfied"]
