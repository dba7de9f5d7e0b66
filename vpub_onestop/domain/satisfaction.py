"""Satisfaction criteria of Decree 61/2018 Art. 31 and the three-level answer scale."""

from __future__ import annotations

from enum import Enum


class Answer(Enum):
    VERY_SATISFIED = 3
    SATISFIED = 2
    UNSATISFIED = 1

    @property
    def label_vi(self) -> str:
        return {3: "Rất hài lòng", 2: "Hài lòng", 1: "Không hài lòng"}[self.value]


# Stable keys (stored) with their Vietnamese wording (shown).
CRITERIA: tuple[tuple[str, str], ...] = (
    ("time", "Thời gian giải quyết so với thời hạn quy định"),
    ("contacts", "Số lượng cơ quan, số lần phải liên hệ để hoàn thiện hồ sơ"),
    ("information", "Tính chính xác, đầy đủ của thông tin thủ tục được công khai"),
    ("attitude", "Thái độ, tinh thần phục vụ của cán bộ, công chức"),
    ("legality", "Kết quả giải quyết đúng quy định; phí, lệ phí đúng quy định"),
    ("feedback", "Việc tiếp nhận, xử lý ý kiến phản ánh, kiến nghị"),
    ("online", "Chất lượng dịch vụ công trực tuyến"),
)
CRITERION_KEYS = frozenset(key for key, _ in CRITERIA)


# The reports' three tallies (queries.satisfaction, the ratings' daily summary): an answer
# the scale does not know counts as not satisfied.
VERY, SATISFIED, UNSATISFIED = "very", "satisfied", "unsatisfied"
BANDS = (VERY, SATISFIED, UNSATISFIED)


def band(score: int) -> str:
    return {Answer.VERY_SATISFIED.value: VERY, Answer.SATISFIED.value: SATISFIED}.get(
        score, UNSATISFIED
    )
