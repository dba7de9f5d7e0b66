"""The policies of docs/policies.md that an administrator may change, each effective from a
day (docs/policies.md#effective-dates): what each one is, how its typed value is read and
checked, and which value is in force on a given day. Pure: the values in force are read
by access/policies.py and handed to the domain's own rules as their parameters.

A value takes effect from a day and stays until a later one does; a day keeps the value
that was in force on it, so a dossier received before a change keeps what it was received
under. Config (config.py) gives the value in force when no administrator ever set one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vpub_onestop.domain.calendar import CalendarPolicy
from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.time_windows import TimeRuleSettings


@dataclass(frozen=True)
class PolicySpec:
    key: str
    config_key: str
    label: str
    note: str  # the legal choice behind it, as the settings page shows it
    anchor: str  # its section in docs/policies.md
    kind: str  # hours | clock | bool | choice | int
    minimum: int = 0
    maximum: int = 0
    choices: tuple[str, ...] = ()


def _int(
    key: str, config_key: str, label: str, note: str, anchor: str, lo: int, hi: int
) -> PolicySpec:
    return PolicySpec(key, config_key, label, note, anchor, "int", lo, hi)


POLICIES: tuple[PolicySpec, ...] = (
    PolicySpec(
        "office_hours",
        "OFFICE_HOURS",
        N_("Giờ làm việc"),
        N_("Luật quy định tuần làm việc 40 giờ, không quy định giờ mở cửa: tỉnh tự quyết định."),
        "office-hours",
        "hours",
    ),
    PolicySpec(
        "same_day_cutoff",
        "SAME_DAY_CUTOFF",
        N_("Giờ chốt nhận trong ngày"),
        N_(
            "Nghị định 61/2018 Điều 20: hồ sơ nhận sau 15 giờ được chuyển "
            "vào ngày làm việc tiếp theo."
        ),
        "same-day-cutoff",
        "clock",
    ),
    PolicySpec(
        "makeup_saturday_is_working_day",
        "POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY",
        N_("Thứ Bảy làm bù là ngày làm việc"),
        N_("Khi Chính phủ hoán đổi ngày làm việc sang thứ Bảy, cơ quan làm việc ngày đó."),
        "makeup-saturday",
        "bool",
    ),
    PolicySpec(
        "supplement_clock",
        "POLICY_SUPPLEMENT_CLOCK",
        N_("Thời hạn sau khi bổ sung hồ sơ"),
        N_(
            "Nghị định 61/2018 Điều 19(4): tính lại từ đầu (restart) hay tiếp tục "
            "thời gian còn lại (pause)."
        ),
        "supplement-clock",
        "choice",
        choices=("restart", "pause"),
    ),
    _int(
        "supplement_free_working_days",
        "SUPPLEMENT_FREE_WORKING_DAYS",
        N_("Số ngày được yêu cầu bổ sung không cần giải trình"),
        N_("Nghị định 61/2018 cho phép yêu cầu bổ sung trong 3 ngày làm việc sau khi tiếp nhận."),
        "supplement-free-days",
        1,
        30,
    ),
    _int(
        "supplement_deadline_working_days",
        "POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS",
        N_("Thời hạn người nộp bổ sung hồ sơ (ngày làm việc)"),
        N_("Luật không quy định con số chung; tỉnh lựa chọn, in trên Mẫu 02."),
        "supplement-deadline",
        1,
        365,
    ),
    _int(
        "complaint_handling_working_days",
        "COMPLAINT_HANDLING_WORKING_DAYS",
        N_("Thời hạn xử lý phản ánh, kiến nghị đề xuất (ngày làm việc)"),
        N_("Chính sách của đơn vị; ngày hẹn quyết định chỉ số 8 của Thông tư 01/2018."),
        "complaint-handling",
        1,
        90,
    ),
    _int(
        "indicator5_province_percent",
        "INDICATOR5_PROVINCE_PERCENT",
        N_("Chỉ số 5: tỷ lệ thủ tục giải quyết tại Bộ phận Một cửa cấp tỉnh (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator5_district_percent",
        "INDICATOR5_DISTRICT_PERCENT",
        N_("Chỉ số 5: tỷ lệ thủ tục giải quyết tại Bộ phận Một cửa cấp huyện (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator5_commune_percent",
        "INDICATOR5_COMMUNE_PERCENT",
        N_("Chỉ số 5: tỷ lệ thủ tục giải quyết tại Bộ phận Một cửa cấp xã (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator8_full_percent",
        "INDICATOR8_FULL_PERCENT",
        N_("Chỉ số 8: tỷ lệ phản ánh xử lý đúng hạn để đạt 2 điểm (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator8_one_percent",
        "INDICATOR8_ONE_PERCENT",
        N_("Chỉ số 8: tỷ lệ phản ánh xử lý đúng hạn để đạt 1 điểm (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator9_procedures_percent",
        "INDICATOR9_PROCEDURES_PERCENT",
        N_("Chỉ số 9: tỷ lệ thủ tục cung cấp trực tuyến (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator9_full_percent",
        "INDICATOR9_FULL_PERCENT",
        N_("Chỉ số 9: tỷ lệ hồ sơ nộp trực tuyến để đạt 2 điểm (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "indicator9_one_percent",
        "INDICATOR9_ONE_PERCENT",
        N_("Chỉ số 9: tỷ lệ hồ sơ nộp trực tuyến để đạt 1 điểm (%)"),
        N_("Phụ lục Thông tư 01/2018/TT-VPCP."),
        "indicators",
        0,
        100,
    ),
    _int(
        "d766_satisfaction_full_percent",
        "D766_SATISFACTION_FULL_PERCENT",
        N_("Quyết định 766: mức hài lòng đạt điểm tối đa (%)"),
        N_("Quyết định 766/QĐ-TTg, bộ chỉ số phục vụ người dân, doanh nghiệp."),
        "indicators",
        0,
        100,
    ),
)
BY_KEY: dict[str, PolicySpec] = {spec.key: spec for spec in POLICIES}


@dataclass(frozen=True)
class Scheduled:
    """One administrator's decision: from `effective_from`, `key` takes `value`. A later
    decision for the same day replaces an earlier one (`order`: the row's id)."""

    key: str
    effective_from: date
    order: int
    value: Any


def value_in_force(decisions: Iterable[Scheduled], key: str, day: date, default: Any) -> Any:
    """The value of `key` in force on `day`: the latest decision effective by then, else
    `default` (the configuration)."""
    best: Scheduled | None = None
    for decision in decisions:
        if decision.key != key or decision.effective_from > day:
            continue
        if best is None or (decision.effective_from, decision.order) > (
            best.effective_from,
            best.order,
        ):
            best = decision
    return default if best is None else best.value


def stable_span(
    decisions: Iterable[Scheduled], keys: Iterable[str], day: date
) -> tuple[date | None, date | None]:
    """The days around `day` over which the values of `keys` stay those in force on `day`:
    from the latest decision effective by then (None: since always) to the first one
    effective later (None: until a new decision)."""
    wanted = set(keys)
    start: date | None = None
    end: date | None = None
    for decision in decisions:
        if decision.key not in wanted:
            continue
        if decision.effective_from <= day:
            start = max(start, decision.effective_from) if start else decision.effective_from
        elif end is None or decision.effective_from < end:
            end = decision.effective_from
    return start, end


@dataclass(frozen=True)
class PolicyValues:
    """Every administrable policy's value in force on one day."""

    day: date
    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def calendar_policy(self) -> CalendarPolicy:
        return CalendarPolicy.from_settings(
            office_hours=str(self["office_hours"]),
            same_day_cutoff=str(self["same_day_cutoff"]),
            makeup_saturday_is_working_day=bool(self["makeup_saturday_is_working_day"]),
        )

    def time_rules(self) -> TimeRuleSettings:
        return TimeRuleSettings(
            supplement_window_days=int(self["supplement_free_working_days"]),
            supplement_deadline_days=int(self["supplement_deadline_working_days"]),
        )


def values_on(
    day: date, decisions: Iterable[Scheduled], defaults: Mapping[str, Any]
) -> PolicyValues:
    """Every policy's value in force on `day` (defaults: keyed by the config keys)."""
    listed = list(decisions)
    return PolicyValues(
        day,
        {
            spec.key: value_in_force(listed, spec.key, day, defaults[spec.config_key])
            for spec in POLICIES
        },
    )


def parse_value(spec: PolicySpec, raw: str) -> tuple[Any, Message | None]:
    """The typed value of what an administrator typed, or the reason it is refused."""
    text = raw.strip()
    if spec.kind == "bool":
        if text.lower() in ("true", "1", "co", "có", "yes"):
            return True, None
        if text.lower() in ("false", "0", "khong", "không", "no"):
            return False, None
        return None, N_("Chọn có hoặc không.")
    if spec.kind == "choice":
        if text in spec.choices:
            return text, None
        return None, N_("Chọn một trong: %(choices)s.", choices=", ".join(spec.choices))
    if spec.kind == "int":
        if not text.isdigit() or not spec.minimum <= int(text) <= spec.maximum:
            return None, N_(
                "Nhập một số nguyên từ %(lo)s đến %(hi)s.", lo=spec.minimum, hi=spec.maximum
            )
        return int(text), None
    try:
        if spec.kind == "hours":
            CalendarPolicy.from_settings(office_hours=text)
        else:
            CalendarPolicy.from_settings(same_day_cutoff=text)
    except ValueError:
        if spec.kind == "hours":
            return None, N_(
                "Nhập các buổi làm việc dạng 07:00-11:30,13:30-17:00: mỗi buổi bắt đầu "
                "trước khi kết thúc, các buổi theo thứ tự và không chồng lên nhau."
            )
        return None, N_("Nhập giờ dạng 15:00.")
    return text, None


# --- rules across policies (docs/policies.md#consistency) -----------------------------------

_ORDERED_PERCENTS = (  # (lower, upper): the "1 point" share cannot exceed the "2 points" one
    ("indicator8_one_percent", "indicator8_full_percent"),
    ("indicator9_one_percent", "indicator9_full_percent"),
)
_NEW_DECISION = 2**62  # the order of a decision not yet recorded: after every stored one


@dataclass(frozen=True)
class Conflict:
    """Two policies whose values in force on one day break a rule between them."""

    keys: tuple[str, str]
    message: Message


def conflicts(values: PolicyValues) -> list[Conflict]:
    """The rules between policies that the values in force on `values.day` break: a
    "1 point" threshold above the "2 points" one (Circular 01/2018 Appendix: 1 point is the
    lower band), a same-day cut-off outside the office hours (Decree 61/2018 Art. 20: the
    cut-off is an hour of the working day). Office hours themselves must be ordered and not
    overlap: parse_value refuses them alone."""
    day = f"{values.day:%d/%m/%Y}"
    found: list[Conflict] = []
    for lower, upper in _ORDERED_PERCENTS:
        if int(values[lower]) > int(values[upper]):
            found.append(
                Conflict(
                    (lower, upper),
                    N_(
                        "“%(lower)s” (%(lower_value)s%%) không được lớn hơn “%(upper)s” "
                        "(%(upper_value)s%%) áp dụng ngày %(day)s.",
                        lower=BY_KEY[lower].label,
                        lower_value=values[lower],
                        upper=BY_KEY[upper].label,
                        upper_value=values[upper],
                        day=day,
                    ),
                )
            )
    policy = CalendarPolicy.from_settings(
        office_hours=str(values["office_hours"]), same_day_cutoff=str(values["same_day_cutoff"])
    )
    cutoff = policy.same_day_cutoff
    if not any(start < cutoff <= end for start, end in policy.office_periods):
        found.append(
            Conflict(
                ("same_day_cutoff", "office_hours"),
                N_(
                    "“%(cutoff)s” (%(cutoff_value)s) phải nằm trong một buổi của “%(hours)s” "
                    "(%(hours_value)s) áp dụng ngày %(day)s.",
                    cutoff=BY_KEY["same_day_cutoff"].label,
                    cutoff_value=values["same_day_cutoff"],
                    hours=BY_KEY["office_hours"].label,
                    hours_value=values["office_hours"],
                    day=day,
                ),
            )
        )
    return found


def conflict_of_decision(
    decisions: Iterable[Scheduled], defaults: Mapping[str, Any], key: str, value: Any, day: date
) -> Conflict | None:
    """The first rule between policies that deciding `key` = `value` from `day` would break,
    on `day` or on any later day a decision takes effect while this value is in force (until
    the next decision of `key`). Rules that do not involve `key` are not this decision's."""
    listed = [*decisions, Scheduled(key, day, _NEW_DECISION, value)]
    later = [d.effective_from for d in listed if d.key == key and d.effective_from > day]
    until = min(later) if later else None
    checkpoints = sorted(
        {day}
        | {
            d.effective_from
            for d in listed
            if d.effective_from > day and (until is None or d.effective_from < until)
        }
    )
    for checkpoint in checkpoints:
        for conflict in conflicts(values_on(checkpoint, listed, defaults)):
            if key in conflict.keys:
                return conflict
    return None
