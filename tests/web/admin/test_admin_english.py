"""The agency and calendar administration in English (`?lang=en`): the interface is
translated, agency names and legal bases stay as entered."""

from __future__ import annotations

from tests.web.officer.conftest import Clients, text_of


def test_the_agency_tree_and_the_calendar_in_english(client_for: Clients) -> None:
    admin = client_for("admin.ttpvhcc")
    tree = text_of(admin.get("/quan-tri/co-quan?lang=en"))
    assert "Agencies and units" in tree and "Merge agencies" in tree
    assert "Ủy ban nhân dân tỉnh Gia Lai" in tree  # data stays as entered
    assert "Cơ quan, đơn vị" not in tree
    year = text_of(admin.get("/quan-tri/lich?nam=2026"))
    assert "Working calendar 2026" in year and "Confirmed" in year
    assert "Friday, 02/01/2026" in year and "Day off" in year
    assert "Lịch làm việc năm" not in year
