"""The policies page of the administration area: each policy with its legal note and the
value in force, a decision from a later day (audited, listed as scheduled), bad input
explained without losing it, a stale page reloaded, and no page for other roles."""

from __future__ import annotations

from flask import Flask

from tests.web.officer.conftest import Clients, csrf_of
from vpub_onestop.access.policies import policy_version

BASE = "/quan-tri/cau-hinh"


def _decide(client, key: str, **fields: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_of(client), "version": str(policy_version(key)), **fields}
    return client.post(f"{BASE}/{key}", data=data)


def test_only_administrators_open_the_policies(officer_app: Flask, client_for: Clients) -> None:
    for path in (BASE, f"{BASE}/office_hours"):
        assert client_for("supervisor.ttpvhcc").get(path).status_code == 403
        assert client_for("leader.congan").get(path).status_code == 403
    assert client_for("admin.ttpvhcc").get(f"{BASE}/khong_co").status_code == 404


def test_a_decision_for_a_later_day_is_scheduled_and_audited(
    officer_app: Flask, client_for: Clients
) -> None:
    admin = client_for("admin.ttpvhcc")
    page = admin.get(f"{BASE}/supplement_deadline_working_days").get_data(as_text=True)
    assert "Luật không quy định con số chung" in page  # the legal note
    assert "Đang áp dụng hôm nay (02/03/2026)" in page and "<strong>30</strong>" in page

    answer = _decide(
        admin,
        "supplement_deadline_working_days",
        value="20",
        effective_from="2026-04-01",
        note="Quyết định 12/QĐ-UBND",
    )
    assert answer.status_code == 302
    listing = admin.get(BASE).get_data(as_text=True)
    assert "20 từ 01/04/2026" in listing
    page = admin.get(f"{BASE}/supplement_deadline_working_days").get_data(as_text=True)
    assert "<strong>30</strong>" in page  # still today's value
    assert "Sắp áp dụng" in page and "Quyết định 12/QĐ-UBND" in page  # history and audit


def test_bad_input_is_explained_and_kept(officer_app: Flask, client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    answer = _decide(admin, "office_hours", value="7h-17h", effective_from="2026-03-02", note="")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Nhập các buổi làm việc dạng 07:00-11:30,13:30-17:00" in html
    assert "Ngày áp dụng phải sau hôm nay" in html
    assert "Ghi căn cứ hoặc lý do thay đổi." in html
    assert 'value="7h-17h"' in html


def test_a_stale_page_is_asked_to_reload(officer_app: Flask, client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    stale = str(policy_version("same_day_cutoff"))
    first = _decide(admin, "same_day_cutoff", value="14:00", effective_from="2026-05-01", note="A")
    assert first.status_code == 302
    data = {
        "csrf_token": csrf_of(admin),
        "version": stale,
        "value": "16:00",
        "effective_from": "2026-05-01",
        "note": "B",
    }
    second = admin.post(f"{BASE}/same_day_cutoff", data=data)
    assert second.status_code == 409 and "tải lại" in second.get_data(as_text=True)


def test_a_value_breaking_a_rule_with_another_policy_is_explained_and_kept(
    officer_app: Flask, client_for: Clients
) -> None:
    admin = client_for("admin.ttpvhcc")
    # 2 points from 85 % while 1 point needs 90 %: refused, naming both thresholds.
    answer = _decide(
        admin,
        "indicator8_full_percent",
        value="85",
        effective_from="2026-04-01",
        note="Quyết định 15/QĐ-UBND",
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "tỷ lệ phản ánh xử lý đúng hạn để đạt 1 điểm" in html
    assert "tỷ lệ phản ánh xử lý đúng hạn để đạt 2 điểm" in html
    assert 'value="85"' in html and "Quyết định 15/QĐ-UBND" in html  # nothing lost
    assert policy_version("indicator8_full_percent") == 0  # nothing recorded
    # A cut-off in the lunch break is refused the same way, naming the office hours.
    lunch = _decide(
        admin, "same_day_cutoff", value="12:00", effective_from="2026-04-01", note="Thử"
    )
    assert lunch.status_code == 422
    assert "Giờ chốt nhận trong ngày" in lunch.get_data(as_text=True)
    assert "Giờ làm việc" in lunch.get_data(as_text=True)
