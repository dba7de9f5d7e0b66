"""The citizen's use cases on the portal: drafts with their files, submission, supplement,
withdrawal and rating. One transaction each; a refused file or field leaves nothing behind
(no dossier row, no file on disk: the unit of work removes files written before a rollback).

Accounts (registration, profile, password) are in `portal_accounts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from vpub_onestop import clock
from vpub_onestop.access.loading import FOR_SUBMISSION, load_dossier, supplement_round
from vpub_onestop.domain.checklist import missing_mandatory
from vpub_onestop.domain.errors import N_, NotFound, ValidationError
from vpub_onestop.domain.formatting import local_day
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.satisfaction import CRITERIA, Answer
from vpub_onestop.domain.status import DossierState
from vpub_onestop.models import Dossier, DossierFile, Rating, RatingAnswer
from vpub_onestop.services import declaration, intake
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.files import keeps_component_file, store_file
from vpub_onestop.services.supplements import supply_loaded
from vpub_onestop.services.transition import check_version, mark_changed
from vpub_onestop.services.uow import unit_of_work
from vpub_onestop.storage import file_store

# Each of these opens a new round of documents (0 = the first submission).
RESULT_DELIVERIES = ("online", "counter", "post")
OWNER_LIMITS = {"owner_name": 200, "owner_address": 300}
NOTE_MAX = 1000
COMMENT_MAX = 2000
OTHER_DOCUMENTS_FIELD = "doc_other"


@dataclass(frozen=True)
class Upload:
    """One uploaded file for a required document (None: "other documents")."""

    filename: str
    data: bytes
    required_document_id: int | None = None


@dataclass(frozen=True)
class DraftDetails:
    procedure_id: int
    receiving_unit_id: int
    applicant: Applicant
    result_delivery: str = "online"
    # The declaration as typed (services/declaration.py); None: the page had no form.
    answers: Mapping[str, Any] | None = None


def document_field(required_document_id: int | None) -> str:
    """The form field that carries uploads for this document (errors are shown there)."""
    if required_document_id is None:
        return OTHER_DOCUMENTS_FIELD
    return f"doc_{required_document_id}"


def check_details(details: DraftDetails) -> None:
    errors = {
        name: N_("Tối đa %(n)s ký tự.", n=limit)
        for name, limit in OWNER_LIMITS.items()
        if len(getattr(details.applicant, name) or "") > limit
    }
    if details.result_delivery not in RESULT_DELIVERIES:
        errors["result_delivery"] = N_("Chọn hình thức nhận kết quả.")
    if errors:
        raise ValidationError(N_("Thông tin hồ sơ chưa hợp lệ."), errors)


def _load_own(
    session: Session, actor: Actor, dossier_id: int, load: Sequence[ORMOption] = ()
) -> Dossier:
    """The actor's own dossier; anyone else's (staff included) is simply not found here."""
    dossier = load_dossier(session, dossier_id, actor, load=load)
    if actor.role is not Role.CITIZEN or dossier.owner_user_id != actor.user_id:
        raise NotFound(N_("Không tìm thấy hồ sơ."))
    return dossier


def _require_draft(dossier: Dossier) -> None:
    if dossier.state is not DossierState.DRAFT:
        raise ValidationError(N_("Hồ sơ đã nộp nên không sửa được nữa."))


def store_uploads(
    session: Session,
    dossier: Dossier,
    uploads: Sequence[Upload],
    actor: Actor,
    now: datetime,
    round_number: int,
) -> int:
    known = {document.id for document in dossier.procedure.documents}
    for upload in uploads:
        field = document_field(upload.required_document_id)
        if upload.required_document_id is not None and upload.required_document_id not in known:
            raise ValidationError(N_("Thành phần hồ sơ không thuộc thủ tục này."), {field: "Sai."})
        store_file(
            session,
            dossier,
            upload.filename,
            upload.data,
            now=now,
            uploaded_by_id=actor.user_id,
            required_document_id=upload.required_document_id,
            round_number=round_number,
            field=field,
        )
    return len(uploads)


def missing_documents(session: Session, dossier: Dossier) -> list[tuple[int, str]]:
    """Mandatory documents of the procedure with no file in any round yet. The document an
    electronic declaration stands for is provided by the filled form (printed at
    submission)."""
    session.flush()
    provided = {declaration.provided_document_id(dossier)} | set(
        session.scalars(
            select(DossierFile.required_document_id).where(
                DossierFile.dossier_id == dossier.id, DossierFile.kind == "component"
            )
        )
    )
    return [
        (document.id, document.name)
        for document in missing_mandatory(dossier.procedure.documents, provided)
    ]


def check_complete(session: Session, dossier: Dossier) -> None:
    missing = missing_documents(session, dossier)
    if missing:
        names = "; ".join(name for _, name in missing)
        raise ValidationError(
            N_("Hồ sơ còn thiếu giấy tờ bắt buộc: %(names)s.", names=names),
            {
                document_field(doc_id): N_("Vui lòng tải lên giấy tờ bắt buộc này.")
                for doc_id, _ in missing
            },
        )


def save_draft(
    actor: Actor,
    details: DraftDetails,
    uploads: Sequence[Upload] = (),
    *,
    dossier_id: int | None = None,
    expected_version: int | None = None,
    require_complete: bool = False,
    now: datetime | None = None,
) -> int:
    """Create (dossier_id None) or update a draft and add its new files. An update carries
    the version of the page it was made on (another tab may have changed the draft). With
    `require_complete` (the "continue to review" button) a missing mandatory document
    refuses the whole request."""
    check_details(details)
    now = now or clock.now()
    with unit_of_work() as session:
        if dossier_id is None:
            dossier = intake.add_draft(
                session,
                actor,
                details.procedure_id,
                details.receiving_unit_id,
                details.applicant,
                result_delivery=details.result_delivery,
                now=now,
            )
        else:
            dossier = _load_own(session, actor, dossier_id)
            _require_draft(dossier)
            check_version(dossier, expected_version, "Hồ sơ")
            intake.update_draft_details(
                session,
                dossier,
                details.receiving_unit_id,
                details.applicant,
                result_delivery=details.result_delivery,
            )
            mark_changed(dossier)
        declaration.apply_answers(
            dossier, details.answers, today=local_day(now), complete=require_complete
        )
        store_uploads(session, dossier, uploads, actor, now, supplement_round(session, dossier.id))
        if require_complete:
            check_complete(session, dossier)
        return dossier.id


def remove_draft_file(
    actor: Actor, dossier_id: int, file_id: int, *, expected_version: int | None
) -> None:
    """Only a file added since the last submission can go: what was submitted is history."""
    with unit_of_work() as session:
        dossier = _load_own(session, actor, dossier_id)
        _require_draft(dossier)
        check_version(dossier, expected_version, "Hồ sơ")
        mark_changed(dossier)
        row = session.get(DossierFile, file_id)
        if row is None or row.dossier_id != dossier.id or row.kind != "component":
            raise NotFound(N_("Không tìm thấy tệp."))
        if row.round != supplement_round(session, dossier.id):
            raise ValidationError(N_("Tệp đã nộp trước đây được lưu lại, không xóa được."))
        name = row.stored_name
        session.delete(row)
        keeps_component_file(session, dossier, row)
    file_store().delete(name)


def submit(
    actor: Actor,
    dossier_id: int,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> Dossier:
    now = now or clock.now()
    with unit_of_work(keep_loaded=True) as session:
        dossier = _load_own(session, actor, dossier_id, FOR_SUBMISSION)
        check_complete(session, dossier)
        declaration.require_complete(dossier, today=local_day(now))
        intake.submit_loaded(session, dossier, actor, now, expected_version=expected_version)
        declaration.print_and_file(session, dossier, now=now, user_id=actor.user_id)
        return dossier


def supplement(
    actor: Actor,
    dossier_id: int,
    uploads: Sequence[Upload],
    note: str = "",
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> int:
    """The documents asked for: stored as a new round, and the dossier is back in
    processing with the same code. Returns the round number."""
    note = note.strip()
    if not uploads:
        raise ValidationError(
            N_("Vui lòng tải lên giấy tờ bổ sung."),
            {OTHER_DOCUMENTS_FIELD: N_("Chọn ít nhất một tệp.")},
        )
    if len(note) > NOTE_MAX:
        raise ValidationError(
            N_("Ghi chú quá dài."), {"note": N_("Tối đa %(n)s ký tự.", n=NOTE_MAX)}
        )
    now = now or clock.now()
    with unit_of_work() as session:
        dossier = _load_own(session, actor, dossier_id)
        round_number = supplement_round(session, dossier.id)
        supply_loaded(
            session,
            dossier,
            actor,
            now,
            note=note or None,
            data={"round": round_number, "files": len(uploads)},
            expected_version=expected_version,
        )
        store_uploads(session, dossier, uploads, actor, now, round_number)
        return round_number


def rate(
    actor: Actor,
    dossier_id: int,
    answers: Mapping[str, int],
    comment: str = "",
    *,
    now: datetime | None = None,
) -> None:
    """One rating per dossier, once the result was returned, every criterion answered."""
    valid = {answer.value for answer in Answer}
    errors = {
        key: N_("Vui lòng chọn một mức đánh giá.")
        for key, _ in CRITERIA
        if answers.get(key) not in valid
    }
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = N_("Tối đa %(n)s ký tự.", n=COMMENT_MAX)
    if errors:
        raise ValidationError(N_("Vui lòng trả lời đủ các tiêu chí đánh giá."), errors)
    now = now or clock.now()
    already = ValidationError(N_("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."))
    try:
        with unit_of_work() as session:
            dossier = _load_own(session, actor, dossier_id)
            if dossier.state is not DossierState.RETURNED:
                raise ValidationError(N_("Chỉ đánh giá được sau khi đã nhận kết quả."))
            if session.scalar(select(Rating.id).where(Rating.dossier_id == dossier.id)):
                raise already
            rating = Rating(
                dossier_id=dossier.id,
                receiving_unit_id=dossier.receiving_unit_id,
                user_id=actor.user_id,
                rated_at=now,
                comment=comment or None,
            )
            rating.answers = [
                RatingAnswer(criterion=key, score=answers[key]) for key, _ in CRITERIA
            ]
            session.add(rating)
    except IntegrityError:
        # Two tabs rating at once: the unique dossier_id of Rating decides.
        raise already from None
