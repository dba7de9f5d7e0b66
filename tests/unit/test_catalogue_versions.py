"""The publishing check of a procedure version (docs/domain.md#catalogue-versions)."""

from __future__ import annotations

from vpub_onestop.domain.catalogue_versions import (
    PaperRule,
    VersionFacts,
    fee_problems,
    publish_problems,
    route_problems,
)
from vpub_onestop.domain.deadlines import TimeLimit

WD = "working_days"


def _limit(text: str) -> TimeLimit:
    return TimeLimit.parse(text)


def test_parallel_steps_count_once_per_stage() -> None:
    # 0.5 WD at the desk, then two agencies side by side for 2 WD, then 0.5 WD to return:
    # 0.5 + 2 + 0.5 = 3 WD, the limit (the parallel 1.5 WD step does not add).
    stages = [
        [_limit(f"0.5 {WD}")],
        [_limit(f"2 {WD}"), _limit(f"1.5 {WD}")],
        [_limit(f"0.5 {WD}")],
    ]
    assert route_problems(_limit(f"3 {WD}"), stages) == []
    # The same route against a 4 WD limit leaves a day nobody answers for.
    (problem,) = route_problems(_limit(f"4 {WD}"), stages)
    assert "3" in problem and "4" in problem


def test_a_step_counted_in_another_unit_is_refused() -> None:
    stages = [[_limit("8 working_hours")]]
    (problem,) = route_problems(_limit(f"1 {WD}"), stages)
    assert problem.startswith("Giai đoạn 1")


def test_an_empty_route_or_stage_is_refused() -> None:
    assert route_problems(_limit(f"1 {WD}"), []) != []
    assert route_problems(_limit(f"1 {WD}"), [[_limit(f"1 {WD}")], []]) != []


def test_fee_rules_must_be_whole_non_negative_dong() -> None:
    assert fee_problems({"kind": "exempt"}) == []
    assert fee_problems({"kind": "flat", "vnd": 50000}) == []
    assert fee_problems({"kind": "flat", "vnd": -1}) != []
    assert fee_problems({"kind": "flat", "vnd": 1.5}) != []
    assert fee_problems({"kind": "gift"}) != []
    tariff = {"kind": "per_page", "first_pages": 2, "first_page_vnd": 2000, "next_page_vnd": 1000}
    assert fee_problems(tariff) == []
    assert fee_problems({**tariff, "first_pages": 0}) != []
    assert fee_problems({**tariff, "cap_per_copy_vnd": "200000"}) != []


def test_publish_lists_every_problem_at_once() -> None:
    facts = VersionFacts(
        name=" ",
        field="Hộ tịch",
        level="commune",
        online_level="full",
        limit=_limit(f"3 {WD}"),
        online_limit=_limit(f"4 {WD}"),  # longer than the limit itself
        fee_rule={"kind": "exempt"},
        papers=[PaperRule("Tờ khai", 0, 0)],  # neither an original nor a copy
        stages=[[_limit(f"2 {WD}")]],  # 2 WD of a 3 WD limit
    )
    problems = publish_problems(facts)
    assert len(problems) == 4
    good = VersionFacts(
        name="Đăng ký khai sinh",
        field="Hộ tịch",
        level="commune",
        online_level="full",
        limit=_limit(f"3 {WD}"),
        online_limit=_limit(f"2 {WD}"),
        fee_rule={"kind": "exempt"},
        papers=[PaperRule("Tờ khai", 1, 0)],
        stages=[[_limit(f"1 {WD}")], [_limit(f"2 {WD}")]],
    )
    assert publish_problems(good) == []
