"""Editing a draft procedure version (docs/domain.md#catalogue-versions): its general data,
its papers, its fee rule and its route. Only a draft is ever changed; each save checks the
revision the administrator's page showed, so of two administrators saving at once one wins
and the other is asked to reload.

The route may be inconsistent while it is being edited (a budget changed before the next
one); the publishing check (domain/catalogue_versions.py) refuses it until it adds up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from vpub_onestop.domain.catalogue_versions import LEVELS, ONLINE_LEVELS, fee_problems
from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.errors import N_, Message, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.text import fold
from vpub_onestop.models import Agency, Procedure, RequiredDocument, RouteStep
from vpub_onestop.services.catalogue_versions import load_draft, require_admin
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class GeneralData:
    name: str
    field: str
    level: str
    limit: TimeLimit
    online_limit: TimeLimit | None
    online_level: str
    result_name: str
    legal_basis: str
    conditions: str
    any_unit: bool
    immediate_result: bool


@dataclass(frozen=True)
class PaperData:
    """One required paper; `existing_id` keeps what the form does not edit (the blank
    form's field labels, columns added later) of a paper the draft already had."""

    name: str
    originals: int
    copies: int
    mandatory: bool
    template_name: str | None = None
    existing_id: int | None = None


@dataclass(frozen=True)
class StepData:
    stage: int
    agency_id: int | None  # None: the unit that received the dossier
    task_name: str | None
    budget: TimeLimit
    needs_approval: bool


def _save(
    actor: Actor, procedure_id: int, expected_revision: int, change: Callable[..., None]
) -> int:
    """Runs `change(session, draft)` on the draft in one transaction; the new revision."""
    require_admin(actor)
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        change(session, draft)
        # A change to the papers or the route alone does not update the procedure's row;
        # marking it makes the flush bump (and check) its revision all the same.
        flag_modified(draft, "name")
        session.flush()
        return int(draft.revision)


def save_general(actor: Actor, procedure_id: int, expected_revision: int, data: GeneralData) -> int:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = N_("Nhập tên thủ tục.")
    if not data.field.strip():
        errors["field"] = N_("Nhập lĩnh vực.")
    if data.level not in LEVELS:
        errors["level"] = N_("Chọn cấp thực hiện.")
    if data.online_level not in ONLINE_LEVELS:
        errors["online_level"] = N_("Chọn mức độ trực tuyến.")
    online = data.online_limit
    if online is not None and (
        online.unit is not data.limit.unit or online.amount > data.limit.amount
    ):
        errors["online_limit"] = N_(
            "Thời hạn khi nộp trực tuyến phải cùng đơn vị và không dài hơn thời hạn chung."
        )
    if errors:
        raise ValidationError(N_("Vui lòng sửa các ô được đánh dấu."), errors)

    def change(session: Session, draft: Procedure) -> None:
        draft.name = data.name.strip()
        draft.field = data.field.strip()
        draft.search_text = fold(f"{draft.code} {draft.name} {draft.field}")
        draft.level = data.level
        draft.limit_amount, draft.limit_unit = data.limit.amount, data.limit.unit.value
        draft.online_limit_amount = online.amount if online else None
        draft.online_limit_unit = online.unit.value if online else None
        draft.online_level = data.online_level
        draft.result_name = data.result_name.strip()
        draft.legal_basis = data.legal_basis.strip() or None
        draft.conditions = data.conditions.strip() or None
        draft.any_unit = data.any_unit
        draft.immediate_result = data.immediate_result

    return _save(actor, procedure_id, expected_revision, change)


def save_papers(
    actor: Actor, procedure_id: int, expected_revision: int, papers: Sequence[PaperData]
) -> int:
    """The draft's papers become `papers`, in this order."""
    errors: dict[str, str] = {}
    for position, paper in enumerate(papers):
        if not paper.name.strip():
            errors[f"papers-{position}-name"] = N_("Nhập tên giấy tờ.")
        if paper.originals < 0 or paper.copies < 0 or paper.originals + paper.copies < 1:
            errors[f"papers-{position}-copies"] = N_("Cần ít nhất một bản chính hoặc bản sao.")
    if errors:
        raise ValidationError(N_("Vui lòng sửa các ô được đánh dấu."), errors)

    def change(session: Session, draft: Procedure) -> None:
        kept = {document.id: document for document in draft.documents}
        documents: list[RequiredDocument] = []
        for position, paper in enumerate(papers):
            document = kept.pop(paper.existing_id, None) if paper.existing_id else None
            document = document or RequiredDocument()
            document.position = position
            document.name = paper.name.strip()
            document.originals, document.copies = paper.originals, paper.copies
            document.mandatory = paper.mandatory
            document.template_name = paper.template_name or document.template_name
            documents.append(document)
        draft.documents = documents  # the papers left out are deleted (delete-orphan)

    return _save(actor, procedure_id, expected_revision, change)


def save_fee(
    actor: Actor, procedure_id: int, expected_revision: int, rule: Mapping[str, Any]
) -> int:
    problems = fee_problems(rule)
    if problems:
        raise ValidationError(problems[0], {"fee": problems[0]})

    def change(session: Session, draft: Procedure) -> None:
        note = draft.fee_rule.get("note") if draft.fee_rule else None
        draft.fee_rule = {**dict(rule), **({"note": note} if note and "note" not in rule else {})}

    return _save(actor, procedure_id, expected_revision, change)


def save_route(
    actor: Actor, procedure_id: int, expected_revision: int, steps: Sequence[StepData]
) -> int:
    """The draft's route becomes `steps` (stages numbered from 1, in the order given)."""
    errors: dict[str, Message] = {}
    if not steps:
        errors["route"] = N_("Quy trình phải có ít nhất một bước.")
    stages = sorted({step.stage for step in steps})
    renumber = {stage: number for number, stage in enumerate(stages, start=1)}

    def change(session: Session, draft: Procedure) -> None:
        for position, step in enumerate(steps):
            if step.agency_id is not None and session.get(Agency, step.agency_id) is None:
                raise ValidationError(
                    N_("Vui lòng sửa các ô được đánh dấu."),
                    {f"steps-{position}-agency": N_("Không tìm thấy cơ quan.")},
                )
        draft.steps = [
            RouteStep(
                stage=renumber[step.stage],
                position=position,
                agency_id=step.agency_id,
                task_name=(step.task_name or "").strip() or None,
                budget_amount=step.budget.amount,
                budget_unit=step.budget.unit.value,
                needs_approval=step.needs_approval,
            )
            for position, step in enumerate(steps)
        ]

    if errors:
        raise ValidationError(N_("Vui lòng sửa các ô được đánh dấu."), errors)
    return _save(actor, procedure_id, expected_revision, change)
