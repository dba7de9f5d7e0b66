"""The deadline dashboard on Wednesday 11/3/2026 10:00 (dashboard_story.py): what is due,
overdue, waiting or apologised for, who holds the late work, and the lists behind it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import fresh, unit_id
from tests.web.monitor.dashboard_story import NOW, build_open_work
from tests.web.monitor.pages import html_cards, html_tables, sign_in, xlsx_rows
from vpub_onestop import clock
from vpub_onestop.extensions import limiter
from vpub_onestop.queries import stats_lists

UNIT_NAME = "Trung tâm Phục vụ hành chính công phường Quy Nhơn"


@pytest.fixture
def story(app: Flask) -> Iterator[dict[str, int]]:
    limiter.reset()
    clock.freeze(NOW)
    with app.app_context():
        ids = build_open_work()
        yield {name: ids[name] for name in ids}


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, username)
    return client


def _codes(app: Flask, story: dict[str, int], *names: str) -> set[str]:
    with app.app_context():
        return {fresh(story[name]).code or "" for name in names}


def test_the_unit_head_sees_what_is_due_and_overdue(app: Flask, story: dict[str, int]) -> None:
    html = _client(app, "unit_head.px_quynhon").get("/theo-doi").get_data(as_text=True)
    # D2 is due at 14:00 today; D2 and D3 (08:00 tomorrow) are due within one working day;
    # D1 is overdue; D5 waits for the applicant (not overdue); D6 was apologised for.
    assert html_cards(html) == {
        "due_today": "1",
        "due_soon": "2",
        "overdue": "1",
        "supplementing": "1",
        "apologised": "1",
    }
    units = html_tables(html)["units"]
    assert list(units) == [UNIT_NAME, "total"]  # D7, at the provincial centre, is not here
    assert units[UNIT_NAME]["open"] == "6"  # D1–D6; D8 is finished
    agencies = html_tables(html)["agencies"]
    # The centre holds the steps of D1–D4 (D5's clock is stopped), the police D6's.
    assert agencies[UNIT_NAME] == {"open": "4", "due_soon": "2", "overdue": "1"}
    assert agencies["Công an tỉnh Gia Lai"] == {"open": "1", "due_soon": "0", "overdue": "0"}
    assert html.index('data-chart="steps"') < html.index('id="table-units"')


def test_who_holds_the_late_work_is_one_click_away(app: Flask, story: dict[str, int]) -> None:
    client = _client(app, "unit_head.px_quynhon")
    with app.app_context():
        centre = unit_id("px_quynhon")
    html = client.get(f"/theo-doi/buoc-xu-ly?loai=task_overdue&co_quan={centre}").get_data(
        as_text=True
    )
    assert _codes(app, story, "D1").pop() in html  # D1's step...
    assert "Cán bộ specialist.px_quynhon" in html  # ...held by the centre's specialist
    assert "Tổng số: 1" in html
    waiting = client.get(f"/theo-doi/buoc-xu-ly?loai=task_due_soon&co_quan={centre}&can_bo=0")
    text = waiting.get_data(as_text=True)
    assert all(code in text for code in _codes(app, story, "D2", "D3"))
    assert "Chưa phân công" in text


def test_each_card_lists_its_dossiers(app: Flask, story: dict[str, int]) -> None:
    client = _client(app, "unit_head.px_quynhon")
    due_soon = client.get("/theo-doi/ho-so?loai=due_soon").get_data(as_text=True)
    assert all(code in due_soon for code in _codes(app, story, "D2", "D3"))
    assert not any(code in due_soon for code in _codes(app, story, "D1", "D4"))
    waiting = client.get("/theo-doi/ho-so?loai=supplementing").get_data(as_text=True)
    assert _codes(app, story, "D5").pop() in waiting
    assert "Tổng số: 1" in waiting


def test_the_supervisor_sees_every_centre(app: Flask, story: dict[str, int]) -> None:
    html = _client(app, "supervisor.ttpvhcc").get("/theo-doi").get_data(as_text=True)
    assert html_cards(html)["overdue"] == "2"  # D1 and D7
    assert html_tables(html)["units"]["total"]["open"] == "7"


def test_the_period_filter_keeps_the_dossiers_received_in_it(
    app: Flask, story: dict[str, int]
) -> None:
    client = _client(app, "unit_head.px_quynhon")
    html = client.get("/theo-doi?tu=2026-03-04&den=2026-03-04").get_data(as_text=True)
    assert html_tables(html)["units"]["total"]["open"] == "2"  # D1 and D2
    assert html_cards(html)["overdue"] == "1"


def test_the_dashboard_exports_its_tables(app: Flask, story: dict[str, int]) -> None:
    client = _client(app, "unit_head.px_quynhon")
    content = client.get("/theo-doi.xlsx").data
    row = xlsx_rows(content, "Theo đơn vị", UNIT_NAME)
    assert (row["Quá hạn"], row["Đến hạn trong 1 ngày làm việc"], row["Chờ bổ sung"]) == (1, 2, 1)
    listing = client.get("/theo-doi/ho-so.xlsx?loai=overdue").data
    row = xlsx_rows(listing, "Danh sách hồ sơ", _codes(app, story, "D1").pop())
    assert row["Trạng thái"] == "Đang xử lý"
    csv_text = client.get("/theo-doi/buoc-xu-ly.csv?loai=task_open").data.decode("utf-8-sig")
    assert csv_text.count("000.01.31.H21-") == 5  # D1–D4 at the centre, D6 at the police


def test_the_overdue_list_says_who_holds_each_dossier_and_how_late_it_is(
    app: Flask, story: dict[str, int]
) -> None:
    client = _client(app, "supervisor.ttpvhcc")
    listing = client.get("/theo-doi/ho-so.xlsx?loai=overdue").data
    d1 = xlsx_rows(listing, "Danh sách hồ sơ", _codes(app, story, "D1").pop())
    # D1 was due Wed 11/3 09:00; at 10:00 one office hour has passed: 1/8 of an 8-hour
    # working day = 0.125, shown rounded up to the tenth (a delay is never understated).
    assert d1["Số ngày quá hạn"] == 0.2
    assert (
        d1["Đang xử lý tại"]
        == f"{UNIT_NAME} · {_step_name(app, story['D1'])} · Cán bộ specialist.px_quynhon"
    )
    d7 = xlsx_rows(listing, "Danh sách hồ sơ", _codes(app, story, "D7").pop())
    # D7 was due Tue 10/3 09:00, never dispatched: Tue 09:00 -> Wed 09:00 is one working
    # day, plus one hour = 1.125 days, shown as 1.2; it still lies at the one-stop desk.
    assert d7["Số ngày quá hạn"] == 1.2
    assert d7["Đang xử lý tại"] == "Bộ phận Một cửa"
    # On the page each code opens the dossier, which the supervisor reads (no 403).
    html = client.get("/theo-doi/ho-so?loai=overdue").get_data(as_text=True)
    link = f'href="/mot-cua/ho-so/{story["D1"]}"'
    assert link in html
    page = client.get(f"/mot-cua/ho-so/{story['D1']}")
    assert page.status_code == 200
    assert "Cán bộ specialist.px_quynhon" in page.get_data(as_text=True)


def _step_name(app: Flask, dossier_id: int) -> str:
    with app.app_context():
        return fresh(dossier_id).tasks[0].name


def test_an_export_read_a_few_rows_at_a_time_keeps_each_dossiers_holder(
    app: Flask, story: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export reads its rows in chunks and asks who holds each chunk's dossiers
    (queries/stats_lists.py); one row per chunk here, so D1 and D7 come in different
    chunks: each keeps its own holder and its order, none is lost between chunks."""
    monkeypatch.setattr(stats_lists, "HOLDERS_CHUNK", 1)
    client = _client(app, "supervisor.ttpvhcc")
    text = client.get("/theo-doi/ho-so.csv?loai=overdue").data.decode("utf-8-sig")
    d1, d7 = _codes(app, story, "D1").pop(), _codes(app, story, "D7").pop()
    lines = {line.split(",", 1)[0]: line for line in text.splitlines() if line[:1].isdigit()}
    assert set(lines) == {d1, d7}
    assert "Cán bộ specialist.px_quynhon" in lines[d1]
    assert "Bộ phận Một cửa" in lines[d7] and "specialist" not in lines[d7]
    # D7 was due a day before D1: the list, ordered by due time, shows it first.
    assert text.index(d7) < text.index(d1)
