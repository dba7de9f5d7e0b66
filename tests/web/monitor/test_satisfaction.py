"""Satisfaction results by criterion, unit and period, from the applicants' ratings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask

from tests.services.support import local, unit_id
from tests.web.monitor.month_story import MARRIAGE, add_managers, counter
from tests.web.monitor.pages import csv_section, html_tables, sign_in, xlsx_rows
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Rating, RatingAnswer

MARCH = "tu=2026-03-01&den=2026-03-31"
TIME = "Thời gian giải quyết so với thời hạn quy định"
ATTITUDE = "Thái độ, tinh thần phục vụ của cán bộ, công chức"


def _rate(dossier_id: int, unit: str, at: datetime, **scores: int) -> None:
    db.session.add(
        Rating(
            dossier_id=dossier_id,
            receiving_unit_id=unit_id(unit),
            rated_at=at,
            answers=[RatingAnswer(criterion=key, score=value) for key, value in scores.items()],
        )
    )
    db.session.commit()


@pytest.fixture
def ratings(app: Flask) -> Iterator[None]:
    limiter.reset()
    with app.app_context():
        add_managers()
        a, b, d = (counter(MARRIAGE, local(2026, 3, day, 9)) for day in (2, 3, 4))
        c = counter(MARRIAGE, local(2026, 3, 2, 9), desk="reception.ttpvhcc")
        _rate(a, "px_quynhon", local(2026, 3, 20, 9), time=3, attitude=3, online=2)
        _rate(b, "px_quynhon", local(2026, 3, 21, 9), time=1, attitude=2)
        _rate(c, "ttpvhcc", local(2026, 3, 22, 9), time=2)
        _rate(d, "px_quynhon", local(2026, 4, 2, 9), time=1)  # rated in April
        yield


def test_the_unit_head_reads_the_month_by_criterion(app: Flask, ratings: None) -> None:
    client = app.test_client()
    sign_in(client, "unit_head.px_quynhon")
    html = client.get(f"/theo-doi/hai-long?{MARCH}").get_data(as_text=True)
    assert "Số phiếu đánh giá trong kỳ: 2." in html  # the April rating and ttpvhcc's stay out
    criteria = html_tables(html)["criteria"]
    assert criteria[TIME] == {
        "very": "1",
        "satisfied": "0",
        "unsatisfied": "1",
        "answers": "2",
        "share": "50,0 %",
    }
    assert criteria[ATTITUDE]["share"] == "100,0 %"
    # 5 answers: 2 very satisfied, 2 satisfied, 1 unsatisfied -> 80 % satisfied.
    assert criteria["total"]["share"] == "80,0 %"
    assert html.index('data-chart="criteria"') < html.index('id="table-criteria"')


def test_the_supervisor_reads_every_unit_and_the_files_agree(app: Flask, ratings: None) -> None:
    client = app.test_client()
    sign_in(client, "supervisor.ttpvhcc")
    html = client.get(f"/theo-doi/hai-long?{MARCH}").get_data(as_text=True)
    tables = html_tables(html)
    assert tables["criteria"][TIME]["share"] == "66,7 %"  # very, satisfied, unsatisfied
    assert tables["units"]["total"]["ratings"] == "3"
    content = client.get(f"/theo-doi/hai-long.xlsx?{MARCH}").data
    row = xlsx_rows(content, "Theo tiêu chí", TIME)
    assert (row["Rất hài lòng"], row["Hài lòng"], row["Không hài lòng"]) == (1, 1, 1)
    header, *rows = csv_section(
        client.get(f"/theo-doi/hai-long.csv?{MARCH}").data, "Kết quả theo đơn vị tiếp nhận"
    )
    lines = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert lines["Trung tâm Phục vụ hành chính công tỉnh Gia Lai"]["Số phiếu đánh giá"] == "1"
    assert lines["Tổng cộng"]["Tỷ lệ hài lòng (%)"] == "83.3"  # 5 of 6 answers
