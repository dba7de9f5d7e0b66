"""Decision 766, online group: an online dossier whose procedure returns a paper result
counts in the online share only with its electronic result attached (docs/indicators.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from flask import Flask

from tests.services.support import actor, dossier_version, local, task_version, unit_id
from tests.web.monitor.month_story import (
    DESK,
    MARRIAGE,
    assign,
    counter,
    dispatch,
    online,
    task_of,
    work,
)
from vpub_onestop.queries.indicators_report import build_indicators
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.services import processing, reception

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
LATER = datetime(2026, 6, 1, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
E_RESULT = "Tỷ lệ hồ sơ trực tuyến có kết quả điện tử (Quyết định 766)"


def _online_processed(with_result: bool) -> int:
    """Submitted online Sun 1/3/2026, accepted Mon 2/3 09:00, approved Thu 5/3."""
    dossier_id = online(MARRIAGE, local(2026, 3, 1, 20))
    reception.receive_dossier(
        actor(DESK),
        dossier_id,
        now=local(2026, 3, 2, 9),
        expected_version=dossier_version(dossier_id),
    )
    dispatch(dossier_id, local(2026, 3, 2, 9, 30))
    assign(dossier_id, "px_quynhon", local(2026, 3, 3, 8))
    task_id = task_of(dossier_id, "px_quynhon")
    processing.propose_result(
        actor("specialist.px_quynhon"),
        task_id,
        "Đủ điều kiện, trình ký.",
        result_file=("giay-chung-nhan-ket-hon.pdf", PDF) if with_result else None,
        now=local(2026, 3, 4, 9),
        expected_version=task_version(task_id),
    )
    processing.approve_step(
        actor("leader.px_quynhon"),
        task_id,
        now=local(2026, 3, 5, 10),
        expected_version=task_version(task_id),
    )
    return dossier_id


def test_an_online_dossier_counts_only_with_its_electronic_result(app: Flask) -> None:
    with app.test_request_context():  # the figures' labels are translated strings
        _online_processed(with_result=True)
        _online_processed(with_result=False)
        at_counter = counter(MARRIAGE, local(2026, 3, 2, 10))
        dispatch(at_counter, local(2026, 3, 2, 10, 30))
        work(at_counter, "px_quynhon", local(2026, 3, 3, 8), local(2026, 3, 5, 14))
        report = build_indicators(build_scope(unit_id("px_quynhon")), MARCH, LATER)
        figures = {str(f.label): f for f in report.figures}
        # Three dossiers processed in March; two came online, and only one of those has its
        # electronic result: 1 / 3 = 33.3 %. Received online, for reference: 2 / 3 = 66.7 %.
        assert figures[E_RESULT].value == Decimal("33.3")
        assert figures["Tỷ lệ hồ sơ tiếp nhận trực tuyến"].value == Decimal("66.7")
