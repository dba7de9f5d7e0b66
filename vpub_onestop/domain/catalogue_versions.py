"""Versions of a procedure in the catalogue, and what a version must satisfy before it is
published (docs/domain.md#catalogue-versions).

A procedure is kept as a chain of versions under its national code. A published version is
never edited: a change is a new draft, copied from the published one, which replaces it
when published. A dossier stays under the version in force when it was taken in (its
limit, papers, route and declaration form), so the version it points to must not change.

Pure: the checks take plain values and return the Vietnamese problems found, empty when
the version may be published.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.declaration.definition_check import declaration_publish_problems
from vpub_onestop.domain.errors import N_, Message, ValidationError

LEVELS = ("province", "commune")
ONLINE_LEVELS = ("full", "partial")
FEE_KINDS = ("exempt", "flat", "per_page")
MAX_PAPER_COUNT = 20  # originals or copies of one paper: more is a typing mistake


class ProcedureStatus(Enum):
    """Draft: being edited, seen only by administrators (and their preview). Published: the
    version new dossiers are taken in under (one per code). Retired: an earlier published
    version, kept for the dossiers received under it."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"

    @property
    def label_vi(self) -> str:
        return _STATUS_LABELS_VI[self]


_STATUS_LABELS_VI = {
    ProcedureStatus.DRAFT: "Bản nháp",
    ProcedureStatus.PUBLISHED: "Đang áp dụng",
    ProcedureStatus.RETIRED: "Hết hiệu lực",
}


class PublishRefused(ValidationError):
    """The version cannot be published; `problems` lists every reason, in order."""

    def __init__(self, problems: Sequence[Message]) -> None:
        super().__init__(N_("Chưa công bố được phiên bản này. Cần sửa:"))
        self.problems = list(problems)


@dataclass(frozen=True)
class PaperRule:
    """A required paper as the publishing check sees it."""

    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class VersionFacts:
    """What the publishing check needs to know about a version."""

    name: str
    field: str
    level: str
    online_level: str
    limit: TimeLimit
    online_limit: TimeLimit | None
    fee_rule: Mapping[str, Any]
    papers: Sequence[PaperRule]
    # The route: stages in order, each the budgets of its parallel steps.
    stages: Sequence[Sequence[TimeLimit]]
    # The electronic declaration form, if the version has one (docs/domain.md#declaration-forms).
    declaration: Mapping[str, Any] | None = None


def route_problems(limit: TimeLimit, stages: Sequence[Sequence[TimeLimit]]) -> list[Message]:
    """Stages run one after the other and the steps of a stage in parallel, so the route
    takes the sum over stages of each stage's longest step; that must be the limit
    (Decree 61/2018 Art. 20 has the one-stop unit share the limit out among the agencies,
    docs/domain.md#route-budgets). More would promise the citizen a date the agencies
    cannot keep; less would leave days nobody answers for."""
    if not stages or any(not stage for stage in stages):
        return [N_("Quy trình phải có ít nhất một bước ở mỗi giai đoạn.")]
    problems: list[Message] = []
    for number, stage in enumerate(stages, start=1):
        if any(budget.unit is not limit.unit for budget in stage):
            problems.append(
                N_(
                    "Giai đoạn %(stage)s: thời gian của các bước phải tính bằng %(unit)s "
                    "như thời hạn giải quyết.",
                    stage=number,
                    unit=limit.unit.label_vi,
                )
            )
    if problems:
        return problems
    total = sum((max(budget.amount for budget in stage) for stage in stages), Decimal(0))
    if total != limit.amount:
        problems.append(
            N_(
                "Tổng thời gian các giai đoạn của quy trình là %(total)s, khác thời hạn "
                "giải quyết %(limit)s (%(unit)s).",
                total=_plain(total),
                limit=_plain(limit.amount),
                unit=limit.unit.label_vi,
            )
        )
    return problems


def fee_problems(rule: Mapping[str, Any]) -> list[Message]:
    """The fee rule must be one domain/fees.py can compute: whole đồng, never negative."""
    kind = rule.get("kind", "exempt")
    if kind not in FEE_KINDS:
        return [N_("Loại phí, lệ phí không hợp lệ.")]
    keys = {
        "exempt": (),
        "flat": ("vnd",),
        "per_page": ("first_pages", "first_page_vnd", "next_page_vnd"),
    }[kind]
    problems: list[Message] = []
    for key in keys:
        if not _whole(rule.get(key)):
            problems.append(N_("Mức phí phải là số nguyên không âm (đồng)."))
            break
    cap = rule.get("cap_per_copy_vnd")
    if kind == "per_page" and cap is not None and not _whole(cap):
        problems.append(N_("Mức tối đa mỗi bản phải là số nguyên không âm (đồng)."))
    if kind == "per_page" and not problems and int(rule["first_pages"]) < 1:
        problems.append(N_("Số trang đầu tính theo mức thứ nhất phải từ 1 trở lên."))
    return problems


def paper_problems(papers: Sequence[PaperRule]) -> list[Message]:
    if not papers:
        return [N_("Thủ tục phải có ít nhất một thành phần hồ sơ.")]
    problems: list[Message] = []
    for position, paper in enumerate(papers, start=1):
        if not paper.name.strip():
            problems.append(N_("Giấy tờ số %(n)s chưa có tên.", n=position))
        counts = (paper.originals, paper.copies)
        if any(not 0 <= count <= MAX_PAPER_COUNT for count in counts) or sum(counts) < 1:
            problems.append(
                N_(
                    "Giấy tờ số %(n)s: số bản chính và bản sao từ 0 đến %(max)s, ít nhất một bản.",
                    n=position,
                    max=MAX_PAPER_COUNT,
                )
            )
    return problems


def publish_problems(facts: VersionFacts) -> list[Message]:
    """Everything that stops this version from being published (empty: it may be)."""
    problems: list[Message] = []
    if not facts.name.strip():
        problems.append(N_("Thủ tục chưa có tên."))
    if not facts.field.strip():
        problems.append(N_("Thủ tục chưa có lĩnh vực."))
    if facts.level not in LEVELS:
        problems.append(N_("Cấp thực hiện không hợp lệ."))
    if facts.online_level not in ONLINE_LEVELS:
        problems.append(N_("Mức độ trực tuyến không hợp lệ."))
    online = facts.online_limit
    limit = facts.limit
    if online is not None and (online.unit is not limit.unit or online.amount > limit.amount):
        problems.append(
            N_("Thời hạn khi nộp trực tuyến phải cùng đơn vị và không dài hơn thời hạn chung.")
        )
    problems += paper_problems(facts.papers)
    problems += fee_problems(facts.fee_rule)
    problems += route_problems(facts.limit, facts.stages)
    if facts.declaration is not None:
        papers = [paper.name for paper in facts.papers]
        problems += declaration_publish_problems(facts.declaration, papers)
    return problems


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f")
