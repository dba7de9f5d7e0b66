"""The indicators page: Circular 01 scorecards (queries.indicators) and the Decision 766
figures our data can give, each marked complete ("đầy đủ") or partial ("một phần")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.queries.indicators import (
    INDICATORS,
    MANUAL,
    OFFICER_INDICATORS,
    Scorecard,
    unit_scorecards,
)
from vpub_onestop.queries.indicators_d766 import (
    STATUS_LABELS,
    Figure,
    ProcedureTime,
    d766_figures,
    procedure_times,
)
from vpub_onestop.queries.indicators_officers import officer_scorecards
from vpub_onestop.queries.stats import Counts
from vpub_onestop.queries.stats_scope import Period, Scope
from vpub_onestop.queries.stats_summary import count_dossiers
from vpub_onestop.queries.stats_tables import Column, ReportTable, Row, short_name
from vpub_onestop.reporting_db import without_jit


@dataclass(frozen=True)
class IndicatorReport:
    units: list[Scorecard]
    officers: list[Scorecard]
    figures: list[Figure]
    times: list[ProcedureTime]


def build_indicators(scope: Scope, period: Period, now: datetime) -> IndicatorReport:
    # The scores come from the summary (docs/indicators.md#stored-scores), but the digitised
    # share, a "received in" scope and the recount still read the period's dossiers row by
    # row: the planner's estimate passes the JIT thresholds by far (a month at 1M: 3 s of
    # work, 5 s more compiling), so no JIT here (bench/PLANS.md).
    without_jit()
    total = Counts()
    for counts in count_dossiers(scope, period, now).table.values():
        total.add(counts)
    times = procedure_times(scope, period)
    return IndicatorReport(
        units=unit_scorecards(scope, period, now.astimezone(LOCAL_TZ).date()),
        officers=officer_scorecards(scope, period),
        figures=d766_figures(scope, period, total, times),
        times=times,
    )


# --- tables and chart --------------------------------------------------------------------


def indicator_tables(report: IndicatorReport) -> list[ReportTable]:
    def score_columns(keys: tuple[str, ...]) -> tuple[Column, ...]:
        return tuple(
            Column(
                k,
                _l("%(indicator)s (nhập thủ công)", indicator=INDICATORS[k])
                if k in MANUAL
                else INDICATORS[k],
                kind="decimal",
                width=14,
            )
            for k in keys
        )

    all_keys = tuple(INDICATORS)
    unit_cols = (
        Column("label", _l("Đơn vị"), kind="text", width=40),
        Column("dossiers", _l("Hồ sơ đã giải quyết")),
        *score_columns(all_keys),
        Column("total", _l("Tổng điểm"), kind="decimal"),
        Column("classification", _l("Xếp loại"), kind="text", width=14),
    )
    officer_cols = (
        Column("label", _l("Cán bộ"), kind="text", width=30),
        Column("detail", _l("Cơ quan"), kind="text", width=36),
        Column("dossiers", _l("Số hồ sơ")),
        *score_columns(OFFICER_INDICATORS),
        Column("total", _l("Tổng điểm"), kind="decimal"),
        Column("completes", _l("Mức hoàn thành nhiệm vụ"), kind="text", width=28),
    )

    def scores(card: Scorecard) -> dict[str, Any]:
        return {k: score.points for k, score in card.scores.items()}

    return [
        ReportTable(
            key="units",
            title=_l("Chấm điểm theo Thông tư 01/2018 – đơn vị"),
            columns=unit_cols,
            rows=[
                Row(
                    {
                        "label": c.label,
                        "dossiers": c.dossiers,
                        **scores(c),
                        "total": c.total,
                        "classification": c.classification,
                    },
                    {"don_vi": str(c.key)},
                )
                for c in report.units
            ],
            note=_l(
                "Chỉ số trống: chưa có dữ liệu hoặc chưa nhập, được tính 0 điểm. Chỉ số 8: "
                "không có phản ánh, kiến nghị đến hạn trong kỳ thì đạt 2 điểm."
            ),
            sheet=_l("Thông tư 01 – đơn vị"),
        ),
        ReportTable(
            key="officers",
            title=_l("Chấm điểm theo Thông tư 01/2018 – cán bộ"),
            sheet=_l("Thông tư 01 – cán bộ"),
            columns=officer_cols,
            rows=[
                Row(
                    {
                        "label": c.label,
                        "detail": c.detail,
                        "dossiers": c.dossiers,
                        **scores(c),
                        "total": c.total,
                        "completes": c.staff_band,
                    }
                )
                for c in report.officers
            ],
        ),
        ReportTable(
            key="d766",
            title=_l("Chỉ số theo Quyết định 766/QĐ-TTg"),
            sheet=_l("Quyết định 766"),
            columns=(
                Column("label", _l("Chỉ số"), kind="text", width=56),
                Column("group", _l("Nhóm chỉ số"), kind="text", width=32),
                Column("value", _l("Giá trị"), kind="decimal"),
                Column("unit", _l("Đơn vị tính"), kind="text", width=10),
                Column("status", _l("Mức độ dữ liệu"), kind="text", width=16),
                Column("note", _l("Ghi chú"), kind="text", width=56),
            ),
            rows=[
                Row(
                    {
                        "group": str(f.group),
                        "label": str(f.label),
                        "value": f.value,
                        "unit": str(f.unit),
                        "status": str(STATUS_LABELS[f.status]),
                        "note": str(f.note),
                    }
                )
                for f in report.figures
            ],
            note=_l("Nhóm 1 (công khai, minh bạch) chưa tính được từ dữ liệu của hệ thống."),
        ),
        ReportTable(
            key="times",
            title=_l("Thời gian giải quyết trung bình theo thủ tục"),
            sheet=_l("Thời gian theo thủ tục"),
            columns=(
                Column("label", _l("Thủ tục"), kind="text", width=56),
                Column("processed", _l("Hồ sơ đã giải quyết")),
                Column("average_days", _l("Trung bình (ngày)"), kind="decimal"),
            ),
            rows=[
                Row(
                    {
                        "label": f"{t.code} – {t.name}",
                        "processed": t.processed,
                        "average_days": t.average_days,
                    }
                )
                for t in report.times
            ],
        ),
    ]


def indicator_charts(report: IndicatorReport) -> dict[str, Any]:
    if len(report.units) == 1:
        card = report.units[0]
        return {
            "scores": {
                "type": "bar",
                "max": 2,
                "labels": [f"{_l('Chỉ số')} {k[1:]}" for k in INDICATORS],
                "datasets": [
                    {
                        "label": card.label,
                        "data": [float(card.scores[k].points or 0) for k in INDICATORS],
                    }
                ],
            }
        }
    return {
        "scores": {
            "type": "bar",
            "horizontal": True,
            "max": 18,
            "labels": [short_name(c.label) for c in report.units],
            "datasets": [
                {"label": str(_l("Tổng điểm")), "data": [float(c.total) for c in report.units]}
            ],
        }
    }
