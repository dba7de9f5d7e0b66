"""Decision 766/QĐ-TTg (2022) figures our data can give: group 2 (progress and results) in
full, and the online, digitisation, online-payment and satisfaction shares of groups 3–5.
Each figure says whether our data covers it completely ("đầy đủ") or only in part
("một phần"), or not at all yet ("chưa có dữ liệu").

Rules (docs/indicators.md):
* progress: supplement intervals are subtracted (timeliness is rated against the due date
  that supplementation moves, and the average time leaves the clock pauses out); a dossier
  with more than one supplement request counts as late;
* online share: an online dossier counts only with its electronic result attached, since
  every result of our catalogue is a paper document (a released result file, coded
  `<code>-KQ<n>`, never a draft); judged on the dossiers processed in the period;
* satisfaction: 100 % − late-dossier rate − complaint rate (complaints received in the
  period over the dossiers to process), full marks from D766_SATISFACTION_FULL_PERCENT.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select

from vpub_onestop.access.policies import policies_on
from vpub_onestop.domain.indicators import d766_satisfaction
from vpub_onestop.models import ClockPause, Dossier, DossierEvent, DossierFile, Procedure
from vpub_onestop.queries import indicators_summary as summary
from vpub_onestop.queries.complaints import complaints_received
from vpub_onestop.queries.satisfaction import Tally, build_satisfaction
from vpub_onestop.queries.stats import Counts, count_if, processed_between, received_between
from vpub_onestop.queries.stats_scope import Period, Scope, percent
from vpub_onestop.reporting_db import reporting_session

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


def days_between(start: Any, end: Any) -> Any:
    """Elapsed days between two stored moments, in the database's own arithmetic."""
    if reporting_session().get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def procedure_times(scope: Scope, period: Period) -> list[ProcedureTime]:
    rows = (
        summary.procedure_days(scope, period)
        if summary.uses_summary(scope)
        else recount_procedure_days(scope, period)
    )
    merged: dict[str, list[Any]] = defaultdict(lambda: ["", 0, 0.0])
    for code, name, n, days in rows:  # versions of one procedure share the code
        entry = merged[code]
        entry[0], entry[1], entry[2] = name, entry[1] + n, entry[2] + float(days or 0)
    return [
        ProcedureTime(code, name, n, _decimal(days / n) if n else None)
        for code, (name, n, days) in sorted(merged.items())
    ]


def recount_procedure_days(scope: Scope, period: Period) -> list[tuple[str, str, int, float]]:
    """(code, name, processed, days net of the supplement waits) per procedure version,
    from the rows: a scope the summary has no dimension for, and the summary's recount."""
    rows = reporting_session().execute(
        select(
            Procedure.code,
            Procedure.name,
            func.count(),
            func.sum(days_between(Dossier.received_at, Dossier.finished_at) - paused_days()),
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
        .group_by(Procedure.code, Procedure.name)
    )
    return [(code, name, int(n), float(days or 0)) for code, name, n, days in rows]


def recount_results(scope: Scope, period: Period) -> tuple[int, int, int]:
    """(processed with an electronic result, online processed, online with one), from the
    rows: a scope the summary has no dimension for, and the summary's recount."""
    e_results, online_processed, online_with_result = (
        reporting_session()
        .execute(
            select(
                count_if(_has_released_result()),
                count_if(Dossier.channel == "online"),
                count_if(and_(Dossier.channel == "online", _has_released_result())),
            ).where(scope.dossier_filter(), processed_between(period.start_at, period.end_at))
        )
        .one()
    )
    return int(e_results or 0), int(online_processed or 0), int(online_with_result or 0)


def recount_digitised(scope: Scope, period: Period) -> int:
    """Dossiers received in the period with a component file, from the rows: a scope the
    summary has no dimension for, and the summary's recount."""
    found = reporting_session().scalar(
        select(count_if(_has_file("component"))).where(
            scope.dossier_filter(), received_between(period.start_at, period.end_at)
        )
    )
    return int(found or 0)


def paused_days() -> Any:
    """Days the dossier waited for the applicant's supplement (closed clock pauses)."""
    return (
        select(func.coalesce(func.sum(days_between(ClockPause.started_at, ClockPause.ended_at)), 0))
        .where(ClockPause.dossier_id == Dossier.id, ClockPause.ended_at.is_not(None))
        .scalar_subquery()
    )


def _decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def d766_figures(
    scope: Scope, period: Period, total: Counts, times: list[ProcedureTime]
) -> list[Figure]:
    session = reporting_session()
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
    with_files = (
        summary.digitised(scope, period)
        if summary.uses_summary(scope)
        else recount_digitised(scope, period)
    )
    e_results, online_processed, online_with_result = (
        summary.results_released(scope, period)
        if summary.uses_summary(scope)
        else recount_results(scope, period)
    )
    complaints = complaints_received(scope.unit_ids, period)
    late_count = total.late + total.pending_overdue
    # The threshold in force on the period's last day (docs/policies.md#effective-dates).
    full_from = policies_on(period.end)["d766_satisfaction_full_percent"]
    satisfaction = d766_satisfaction(late_count, complaints, total.to_process, full_from)
    ratings = (
        Tally(*summary.rating_tally(scope, period))
        if summary.uses_summary(scope)
        else build_satisfaction(scope, period).total
    )
    progress, online = _l("Nhóm 2 – Tiến độ, kết quả giải quyết"), _l("Nhóm 3 – Dịch vụ trực tuyến")
    digital, satisfied = _l("Nhóm 4 – Số hóa hồ sơ"), _l("Nhóm 5 – Mức độ hài lòng")
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
            _l("Tham khảo: mọi hồ sơ nộp trực tuyến, kể cả chưa có kết quả điện tử."),
        ),
        Figure(
            online,
            _l("Tỷ lệ hồ sơ trực tuyến có kết quả điện tử (Quyết định 766)"),
            percent(online_with_result or 0, total.processed),
            "%",
            "full",
            _l(
                "Hồ sơ đã giải quyết trong kỳ; hồ sơ trực tuyến có kết quả giấy chỉ được tính "
                "khi đã đính kèm kết quả điện tử (%(n)d/%(m)d hồ sơ trực tuyến).",
                n=online_with_result or 0,
                m=online_processed or 0,
            ),
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
            satisfaction[0] if satisfaction else None,
            "%",
            "full",
            _l(
                "%(late)d hồ sơ trễ hạn, %(complaints)d phản ánh, kiến nghị trên %(whole)d hồ "
                "sơ phải giải quyết; từ %(full)d %% đạt điểm tối đa: %(verdict)s.",
                late=late_count,
                complaints=complaints,
                whole=total.to_process,
                full=full_from,
                verdict=_l("đạt") if satisfaction and satisfaction[1] else _l("chưa đạt"),
            ),
        ),
        Figure(
            satisfied,
            _l("Tỷ lệ đánh giá hài lòng, rất hài lòng"),
            ratings.share,
            "%",
            "full" if ratings.answers else "none",
        ),
    ]


def _has_file(kind: str) -> Any:
    return exists().where(DossierFile.dossier_id == Dossier.id, DossierFile.kind == kind)


def _has_released_result() -> Any:
    """An electronic result is a released one (coded `<code>-KQ<n>`), never a draft."""
    return exists().where(
        DossierFile.dossier_id == Dossier.id, DossierFile.released_at.is_not(None)
    )
