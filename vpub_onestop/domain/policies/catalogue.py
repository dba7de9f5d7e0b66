"""The policies of docs/policies.md that an administrator may change: each one's key, its
configuration default (config.py), its label, the legal choice behind it and the kind of
value it takes."""

from __future__ import annotations

from dataclasses import dataclass

from vpub_onestop.domain.errors import N_


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
