"""Procedure versions (docs/domain.md#catalogue-versions): start a draft from the version in
force, publish it (it replaces that version for new dossiers, in one transaction), or
discard it. Administrators only. Dossiers keep pointing to the version they were received
under, which is never edited again once published.

Other parts build on this: a declaration form belongs to a procedure version, and
`start_draft` copies it with the rest (services/version_copy.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vpub_onestop.domain.catalogue_versions import (
    PaperRule,
    ProcedureStatus,
    PublishRefused,
    VersionFacts,
    publish_problems,
)
from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.errors import (
    N_,
    Message,
    NotFound,
    PermissionDenied,
    StaleDossier,
    TransitionNotAllowed,
    ValidationError,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.text import fold
from vpub_onestop.models import Procedure
from vpub_onestop.services.catalogue_audit import record_catalogue_change, version_snapshot
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.services.version_copy import copy_version

STALE = N_(
    "Thủ tục vừa được người khác cập nhật. Vui lòng tải lại trang để xem nội dung mới nhất "
    "rồi thực hiện lại."
)
CODE_MAX_LENGTH = 60  # procedure.code
NOT_FOUND = N_("Không tìm thấy thủ tục hành chính.")
# Set by the version service itself, never copied from the version before.
VERSION_ATTRIBUTES = ("version", "status", "is_current", "valid_from", "valid_to")


def require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(N_("Chỉ quản trị hệ thống được sửa danh mục thủ tục."))


def load_version(session: Session, procedure_id: int) -> Procedure:
    procedure = session.get(Procedure, procedure_id)
    if procedure is None:
        raise NotFound(NOT_FOUND)
    return procedure


def load_draft(session: Session, procedure_id: int, expected_revision: int) -> Procedure:
    """The draft to change, as the administrator's page showed it."""
    procedure = load_version(session, procedure_id)
    if procedure.status is not ProcedureStatus.DRAFT:
        raise TransitionNotAllowed(
            N_(
                "Phiên bản %(version)s không còn là bản nháp: phiên bản đã công bố không "
                "được sửa. Hãy tạo bản nháp mới.",
                version=procedure.version,
            )
        )
    if procedure.revision != expected_revision:
        raise StaleDossier(STALE)
    return procedure


def draft_of(session: Session, code: str) -> Procedure | None:
    return session.scalars(
        select(Procedure).where(Procedure.code == code, Procedure.status == ProcedureStatus.DRAFT)
    ).first()


def start_draft(actor: Actor, code: str) -> int:
    """The id of the draft of `code`: the one being edited if there is one, otherwise a new
    version copied from the version in force (the latest one if none is in force)."""
    require_admin(actor)
    try:
        with unit_of_work() as session:
            existing = draft_of(session, code)
            if existing is not None:
                return existing.id
            source = session.scalars(
                select(Procedure)
                .where(Procedure.code == code)
                .order_by(Procedure.is_current.desc(), Procedure.version.desc())
            ).first()
            if source is None:
                raise NotFound(NOT_FOUND)
            latest = session.scalar(
                select(func.max(Procedure.version)).where(Procedure.code == code)
            )
            draft = copy_version(source, skip=VERSION_ATTRIBUTES)
            draft.version = int(latest or 0) + 1
            draft.status = ProcedureStatus.DRAFT
            draft.is_current = False
            session.add(draft)
            session.flush()
            after = version_snapshot(session, draft)
            record_catalogue_change(session, actor, code, "create", after=after)
            return int(draft.id)
    except IntegrityError:
        # Another administrator started the same version at the same instant.
        raise StaleDossier(STALE) from None


def version_facts(procedure: Procedure) -> VersionFacts:
    """What the publishing check reads from a stored version."""
    stages: dict[int, list[TimeLimit]] = {}
    for step in procedure.steps:
        stages.setdefault(step.stage, []).append(TimeLimit.parse(step.budget_text))
    online = None
    if procedure.online_limit_unit:
        online = TimeLimit.parse(
            "same_day"
            if procedure.online_limit_unit == "same_day"
            else f"{procedure.online_limit_amount} {procedure.online_limit_unit}"
        )
    return VersionFacts(
        name=procedure.name,
        field=procedure.field,
        level=procedure.level,
        online_level=procedure.online_level,
        limit=TimeLimit.parse(procedure.limit_text),
        online_limit=online,
        fee_rule=procedure.fee_rule or {},
        papers=[PaperRule(d.name, d.originals, d.copies) for d in procedure.documents],
        stages=[stages[number] for number in sorted(stages)],
        declaration=procedure.form_definition,
    )


def publish_problems_of(procedure: Procedure) -> list[Message]:
    """What the confirm page lists before the administrator publishes."""
    return publish_problems(version_facts(procedure))


def create_procedure(actor: Actor, code: str, name: str) -> int:
    """A new procedure: its first version, a draft with plain defaults to edit (1 working
    day, exempt, partly online) and no paper nor route yet, so it cannot be published
    before they are entered."""
    require_admin(actor)
    code, name = code.strip(), name.strip()
    errors: dict[str, str] = {}
    if not code or len(code) > CODE_MAX_LENGTH or not code.isprintable():
        errors["ma"] = N_("Nhập mã thủ tục (tối đa %(n)s ký tự).", n=CODE_MAX_LENGTH)
    if not name:
        errors["ten"] = N_("Nhập tên thủ tục.")
    if errors:
        raise ValidationError(N_("Vui lòng sửa các ô được đánh dấu."), errors)
    duplicate = ValidationError(
        N_("Vui lòng sửa các ô được đánh dấu."),
        {"ma": N_("Mã thủ tục %(code)s đã có trong danh mục.", code=code)},
    )
    try:
        with unit_of_work() as session:
            if session.scalar(select(Procedure.id).where(Procedure.code == code).limit(1)):
                raise duplicate
            draft = Procedure(
                code=code,
                version=1,
                status=ProcedureStatus.DRAFT,
                is_current=False,
                name=name,
                search_text=fold(f"{code} {name}"),
                field="",
                level="commune",
                limit_amount=Decimal(1),
                limit_unit="working_days",
                fee_rule={"kind": "exempt"},
                online_level="partial",
                result_name="",
            )
            session.add(draft)
            session.flush()
            after = version_snapshot(session, draft)
            record_catalogue_change(session, actor, code, "create", after=after)
            return int(draft.id)
    except IntegrityError:
        raise duplicate from None


def publish(actor: Actor, procedure_id: int, *, expected_revision: int, today: date) -> None:
    """The draft becomes the version in force from `today`; the version it replaces is
    retired for new dossiers (its dossiers keep it). One transaction: a failed check or a
    concurrent change leaves both versions as they were."""
    require_admin(actor)
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        problems = publish_problems(version_facts(draft))
        if problems:
            raise PublishRefused(problems)
        previous = session.scalars(
            select(Procedure).where(
                Procedure.code == draft.code,
                Procedure.status == ProcedureStatus.PUBLISHED,
            )
        ).first()
        before = version_snapshot(session, previous) if previous is not None else None
        put_in_force(session, draft, today)
        after = version_snapshot(session, draft)
        record_catalogue_change(session, actor, draft.code, "publish", before=before, after=after)


def put_in_force(session: Session, draft: Procedure, today: date) -> None:
    """`draft` becomes the published version of its code from `today` and the version it
    replaces is retired, in the caller's transaction (publishing, and an agency merger that
    gives a procedure a new route: services/agency_merge.py)."""
    previous = session.scalars(
        select(Procedure).where(
            Procedure.code == draft.code,
            Procedure.status == ProcedureStatus.PUBLISHED,
        )
    ).all()
    for version in previous:
        version.status = ProcedureStatus.RETIRED
        version.is_current = False
        version.valid_to = today
    draft.status = ProcedureStatus.PUBLISHED
    draft.is_current = True
    draft.valid_from = today
    draft.valid_to = None


def discard_draft(actor: Actor, procedure_id: int, *, expected_revision: int) -> str:
    """Deletes a draft (nothing refers to a draft: no dossier is received under one);
    returns its code."""
    require_admin(actor)
    with unit_of_work() as session:
        draft = load_draft(session, procedure_id, expected_revision)
        code = draft.code
        before = version_snapshot(session, draft)
        session.delete(draft)
        record_catalogue_change(session, actor, code, "delete", before=before)
        return code
