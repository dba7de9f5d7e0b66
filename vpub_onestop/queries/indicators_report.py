"""The indicators page: Circular 01 scorecards (queries.indicators) and the Decision 766
figures our data can give, each marked complete ("đầy đủ") or partial ("một phần")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierEvent, DossierFile, Procedure
from vpub_onestop.queries.indicators import (
    INDICATORS,
    MANUAL,
    OFFICER_INDICATORS,
    Scorecard,
    officer_scorecards,
    unit_scorecards,
)
from vpub_onestop.queries.satisfaction import build_satisfaction
from vpub_onestop.queries.stats import (
    Counts,
    Period,
    Scope,
    count_dossiers,
    count_if,
    percent,
    processed_between,
    received_between,
)
from vpub_onestop.queries.stats_tables import Column, ReportTable, Row

STATUS_LABELS: dict[str, Any] = {
    "full": _l("đầy đủ"),
    "partial": _l("một phần"),
    "none": _l("chưa có dữ liệu"),
}


@dataclass(frozen=True)
class Figure:
    group: Any
    label: Any
    value: Decimal | None
    unit: str
    status: str  # full | partial | none
    note: Any = ""


@dataclass(frozen=True)
class ProcedureTime:
    code: str
    name: str
    processed: int
    average_days: Decimal | None


@dataclass(frozen=True)
class IndicatorReport:
    units: list[Scorecard]
    officers: list[Scorecard]
    figures: list[Figure]
    times: list[ProcedureTime]


def days_between(start: Any, end: Any) -> Any:
    """Elapsed days between two stored moments, in the database's own arithmetic."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def build_indicators(scope: Scope, period: Period, now: datetime) -> IndicatorReport:
    total = Counts()
    for counts in count_dossiers(scope, period, now).values():
        total.add(counts)
    times = _procedure_times(scope, period)
    return IndicatorReport(
        units=unit_scorecards(scope, period),
        officers=officer_scorecards(scope, period),
        figures=_d766(scope, period, total, times),
        times=times,
    )


def _procedure_times(scope: Scope, period: Period) -> list[ProcedureTime]:
    rows = db.session.execute(
        select(
            Procedure.code,
            Procedure.name,
            func.count(),
            func.sum(days_between(Dossier.received_at, Dossier.finished_at)),
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
        .group_by(Procedure.code, Procedure.name)
    )
    merged: dict[str, list[Any]] = defaultdict(lambda: ["", 0, 0.0])
    for code, name, n, days in rows:  # versions of one procedure share the code
        entry = merged[code]
        entry[0], entry[1], entry[2] = name, entry[1] + n, entry[2] + float(days or 0)
    return [
        ProcedureTime(code, name, n, _decimal(days / n) if n else None)
        for code, (name, n, days) in sorted(merged.items())
    ]


def _decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _d766(scope: Scope, period: Period, total: Counts, times: list[ProcedureTime]) -> list[Figure]:
    session = db.session
    base = scope.dossier_filter()
    start, end = period.start_at, period.end_at
    processed = sum(t.processed for t in times)
    days = sum(float(t.average_days or 0) * t.processed for t in times)
    catalogue = select(func.count(), count_if(Procedure.online_level == "full")).where(
        Procedure.is_current.is_(True)
    )
    if scope.procedure_ids is not None:
        catalogue = catalogue.where(Procedure.id.in_(scope.procedure_ids))
    procedures, full_online = session.execute(catalogue).one()
    paid, paid_online = session.execute(
        select(func.count(), count_if(DossierEvent.actor_role == "citizen"))
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(base, DossierEvent.trigger == "confirm_payment")
        .where(DossierEvent.at >= start, DossierEvent.at < end)
    ).one()
    with_files = session.scalar(
        select(count_if(_has_file("component"))).where(base, received_between(start, end))
    )
    e_results = session.scalar(
        select(count_if(_has_file("result"))).where(base, processed_between(start, end))
    )
    ratings = build_satisfaction(scope, period)
    progress, online = _l("Nhóm 2 – Tiến độ, kết quả giải quyết"), _l("Nhóm 3 – Dịch vụ trực tuyến")
    digital, satisfied = _l("Nhóm 4 – Số hóa hồ sơ"), _l("Nhóm 5 – Mức độ hài lòng")
    late_free = total.on_time_ratio
    return [
        Figure(
            progress,
            _l("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (bổ sung quá 1 lần tính quá hạn)"),
            total.d766_on_time_share,
            "%",
            "full",
            _l("Đã trừ thời gian chờ bổ sung hồ sơ."),
        ),
        Figure(
            progress,
            _l("Thời gian giải quyết trung bình một hồ sơ"),
            _decimal(days / processed) if processed else None,
            _l("ngày"),
            "full",
            _l(
                "Từ lúc tiếp nhận đến lúc có kết quả, tính theo ngày lịch; "
                "chi tiết theo thủ tục ở bảng dưới."
            ),
        ),
        Figure(
            online,
            _l("Tỷ lệ thủ tục cung cấp trực tuyến toàn trình"),
            percent(full_online, procedures),
            "%",
            "full",
        ),
        Figure(
            online,
            _l("Tỷ lệ hồ sơ tiếp nhận trực tuyến"),
            percent(total.received_online, total.received),
            "%",
            "full",
        ),
        Figure(
            online,
            _l("Tỷ lệ thanh toán trực tuyến"),
            percent(paid_online, paid),
            "%",
            "partial" if paid else "none",
            _l("Chỉ tính các khoản phí ghi nhận trên hệ thống; chưa kết nối cổng thanh toán."),
        ),
        Figure(
            digital,
            _l("Tỷ lệ hồ sơ có thành phần được số hóa"),
            percent(with_files or 0, total.received),
            "%",
            "full",
        ),
        Figure(
            digital,
            _l("Tỷ lệ hồ sơ có kết quả điện tử"),
            percent(e_results or 0, total.processed),
            "%",
            "full",
        ),
        Figure(digital, _l("Tỷ lệ khai thác, tái sử dụng dữ liệu số hóa"), None, "%", "none"),
        Figure(
            satisfied,
            _l("100 % − tỷ lệ hồ sơ trễ hạn − tỷ lệ phản ánh, kiến nghị"),
            late_free,
            "%",
            "partial",
            _l("Chưa trừ tỷ lệ phản ánh, kiến nghị (hệ thống chưa ghi nhận phản ánh)."),
        ),
        Figure(
            satisfied,
            _l("Tỷ lệ đánh giá hài lòng, rất hài lòng"),
            ratings.total.share,
            "%",
            "full" if ratings.total.answers else "none",
        ),
    ]


def _has_file(kind: str) -> Any:
    return exists().where(DossierFile.dossier_id == Dossier.id, DossierFile.kind == kind)


# --- tables and chart --------------------------------------------------------------------


def indicator_tables(report: IndicatorReport) -> list[ReportTable]:
    def score_columns(keys: tuple[str, ...]) -> tuple[Column, ...]:
        return tuple(
            Column(
                k,
                f"{INDICATORS[k]}{' (nhập thủ công)' if k in MANUAL else ''}",
                kind="number",
                width=14,
            )
            for k in keys
        )

    all_keys = tuple(INDICATORS)
    unit_cols = (
        Column("label", _l("Đơn vị"), kind="text", width=40),
        Column("dossiers", _l("Hồ sơ đã giải quyết")),
        *score_columns(all_keys),
        Column("total", _l("Tổng điểm"), kind="number"),
        Column("classification", _l("Xếp loại"), kind="text", width=14),
    )
    officer_cols = (
        Column("label", _l("Cán bộ"), kind="text", width=30),
        Column("detail", _l("Cơ quan"), kind="text", width=36),
        Column("dossiers", _l("Số hồ sơ")),
        *score_columns(OFFICER_INDICATORS),
        Column("total", _l("Tổng điểm"), kind="number"),
        Column("completes", _l("Hoàn thành 100 % nhiệm vụ (≥ 5 điểm)"), kind="text", width=16),
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
            note=_l("Chỉ số trống: chưa có dữ liệu hoặc chưa nhập, được tính 0 điểm."),
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
                        "completes": _l("Có") if c.completes_duties else _l("Chưa"),
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
            "labels": [c.label for c in report.units],
            "datasets": [
                {"label": str(_l("Tổng điểm")), "data": [float(c.total) for c in report.units]}
            ],
        }
    }
