"""Creating, editing and renaming agencies (docs/domain.md#agency-administration): one
public function = one transaction, each change recorded in the admin audit with its before
and after. The merge lives in services/agency_merge.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.admin_audit import may_administer
from vpub_onestop.domain.agencies import (
    ADDRESS_MAX,
    HOURS_MAX,
    LEVELS,
    NAME_MAX,
    is_agency_code,
    is_agency_key,
    normalize_code,
    parent_cycle,
    validity_error,
)
from vpub_onestop.domain.errors import (
    N_,
    NotFound,
    PermissionDenied,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.identifiers import is_phone
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Agency, AgencyName
from vpub_onestop.services.admin_audit import record_admin_change, row_snapshot
from vpub_onestop.services.uow import unit_of_work

# What the audit keeps of an agency: what an administrator decides (the parent by code,
# which stays readable after the parent is renamed or merged).
AUDITED_FIELDS = (
    "key",
    "code",
    "name",
    "level",
    "is_one_stop_unit",
    "is_vertical",
    "address",
    "phone",
    "opening_hours",
    "valid_from",
    "valid_to",
)

STALE_AGENCY = N_(
    "Cơ quan vừa được người khác cập nhật. Vui lòng tải lại trang để xem thông tin mới nhất "
    "rồi thực hiện lại."
)


@dataclass(frozen=True)
class AgencyDetails:
    """What the create and edit forms send (the name and code only on creation: a later
    change of either is a rename, which keeps the old one)."""

    level: str
    parent_id: int | None
    is_one_stop_unit: bool
    is_vertical: bool
    address: str | None
    phone: str | None
    opening_hours: str | None
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class NewAgency:
    key: str
    code: str
    name: str
    details: AgencyDetails


def agency_snapshot(session: Session, agency: Agency) -> dict[str, Any]:
    parent = session.get(Agency, agency.parent_id) if agency.parent_id is not None else None
    return row_snapshot(
        agency, AUDITED_FIELDS, extra={"parent": parent.code if parent is not None else None}
    )


def create_agency(actor: Actor, new: NewAgency) -> int:
    require_admin(actor)
    with unit_of_work() as session:
        code = normalize_code(new.code)
        errors = identity_errors(session, None, new.key.strip(), code, new.name)
        errors.update(_details_errors(session, None, new.details))
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại thông tin cơ quan."), errors)
        agency = new_agency_row(new, new.details)
        session.add(agency)
        session.flush()
        record_admin_change(
            session, actor, "agency", agency.id, "create", after=agency_snapshot(session, agency)
        )
        return agency.id


def update_agency(
    actor: Actor, agency_id: int, version: int | None, details: AgencyDetails
) -> None:
    require_admin(actor)
    with unit_of_work() as session:
        agency = _current(session, agency_id, version)
        errors = _details_errors(session, agency, details)
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại thông tin cơ quan."), errors)
        before = agency_snapshot(session, agency)
        _apply(agency, details)
        session.flush()
        record_admin_change(
            session,
            actor,
            "agency",
            agency.id,
            "update",
            before=before,
            after=agency_snapshot(session, agency),
        )


def rename_agency(
    actor: Actor,
    agency_id: int,
    version: int | None,
    *,
    name: str,
    code: str,
    effective: date,
    reason: str,
) -> None:
    """The agency bears `name` and `code` from `effective` on; the old ones are kept with
    their last day (the day before), so a slip of an older dossier prints the name it was
    issued under. Dossier codes already given keep the old code (they are never rewritten)."""
    require_admin(actor)
    with unit_of_work() as session:
        agency = _current(session, agency_id, version)
        code = normalize_code(code)
        errors = identity_errors(session, agency, agency.key, code, name)
        if name.strip() == agency.name and code == agency.code:
            errors["name"] = N_("Tên mới và mã mới trùng với tên và mã hiện tại.")
        if not reason.strip():
            errors["reason"] = N_("Nhập căn cứ đổi tên (quyết định, văn bản).")
        last = session.scalar(
            select(func.max(AgencyName.until)).where(AgencyName.agency_id == agency.id)
        )
        if last is not None and effective <= last + timedelta(days=1):
            errors["effective"] = N_(
                "Ngày áp dụng phải sau lần đổi tên trước (%(day)s).", day=f"{last:%d/%m/%Y}"
            )
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại thông tin đổi tên."), errors)
        before = agency_snapshot(session, agency)
        session.add(
            AgencyName(
                agency_id=agency.id,
                name=agency.name,
                code=agency.code,
                until=effective - timedelta(days=1),
            )
        )
        agency.name, agency.code = name.strip(), code
        session.flush()
        record_admin_change(
            session,
            actor,
            "agency",
            agency.id,
            "rename",
            before=before,
            after=agency_snapshot(session, agency),
            reason=reason,
        )


# --- checks -------------------------------------------------------------------------------


def require_admin(actor: Actor) -> None:
    if not may_administer(actor):
        raise PermissionDenied(N_("Chỉ quản trị hệ thống được thực hiện thao tác này."))


def _current(session: Session, agency_id: int, version: int | None) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(N_("Không tìm thấy cơ quan."))
    if version is None:
        raise VersionMissing()
    if agency.version != version:
        raise StaleDossier(STALE_AGENCY)
    return agency


def identity_errors(
    session: Session, agency: Agency | None, key: str, code: str, name: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    own_id = agency.id if agency is not None else None
    if agency is None and not is_agency_key(key):
        errors["key"] = N_("Mã ngắn gồm 2–40 chữ thường không dấu, chữ số hoặc dấu gạch dưới.")
    elif agency is None and session.scalar(select(Agency.id).where(Agency.key == key)):
        errors["key"] = N_("Mã ngắn này đã được dùng cho cơ quan khác.")
    if not is_agency_code(code):
        errors["code"] = N_(
            "Mã định danh phải có dạng 000.00.00.H21 (ba nhóm chữ số, rồi chữ cái của tỉnh "
            "và hai chữ số)."
        )
    elif _code_taken(session, code, own_id):
        errors["code"] = N_("Mã định danh này đã hoặc đang thuộc về cơ quan khác.")
    if not name.strip():
        errors["name"] = N_("Nhập tên cơ quan.")
    elif len(name.strip()) > NAME_MAX:
        errors["name"] = N_("Tên cơ quan tối đa %(n)s ký tự.", n=NAME_MAX)
    return errors


def _code_taken(session: Session, code: str, own_id: int | None) -> bool:
    """A code heads the dossier codes its agency issued: it is never given to another
    agency, even after a rename freed it."""
    holder = session.scalar(select(Agency.id).where(Agency.code == code))
    if holder is not None and holder != own_id:
        return True
    former = session.scalar(select(AgencyName.agency_id).where(AgencyName.code == code).limit(1))
    return former is not None and former != own_id


def _details_errors(
    session: Session, agency: Agency | None, details: AgencyDetails
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.level not in LEVELS:
        errors["level"] = N_("Chọn cấp của cơ quan.")
    if details.parent_id is not None:
        parents = {row[0]: row[1] for row in session.execute(select(Agency.id, Agency.parent_id))}
        if details.parent_id not in parents:
            errors["parent_id"] = N_("Không tìm thấy cơ quan chủ quản đã chọn.")
        elif agency is not None and parent_cycle(agency.id, details.parent_id, parents):
            errors["parent_id"] = N_(
                "Không thể chọn chính cơ quan này hoặc một cơ quan trực thuộc nó làm cơ quan "
                "chủ quản."
            )
    if details.phone and not is_phone(details.phone):
        errors["phone"] = N_("Số điện thoại phải bắt đầu bằng 0 hoặc +84 và có 10–11 chữ số.")
    if details.address and len(details.address) > ADDRESS_MAX:
        errors["address"] = N_("Địa chỉ tối đa %(n)s ký tự.", n=ADDRESS_MAX)
    if details.opening_hours and len(details.opening_hours) > HOURS_MAX:
        errors["opening_hours"] = N_("Giờ làm việc tối đa %(n)s ký tự.", n=HOURS_MAX)
    validity = validity_error(details.valid_from, details.valid_to)
    if validity:
        errors["valid_to"] = validity
    return errors


def new_agency_row(new: NewAgency, details: AgencyDetails) -> Agency:
    """A new agency's row: its identity as typed (the code in canonical form), `details`."""
    agency = Agency(key=new.key.strip(), code=normalize_code(new.code), name=new.name.strip())
    _apply(agency, details)
    return agency


def _apply(agency: Agency, details: AgencyDetails) -> None:
    agency.level = details.level
    agency.parent_id = details.parent_id
    agency.is_one_stop_unit = details.is_one_stop_unit
    agency.is_vertical = details.is_vertical
    agency.address = (details.address or "").strip() or None
    # Kept as typed ("0256 3818 668" reads better on a notice than its digits alone).
    agency.phone = (details.phone or "").strip() or None
    agency.opening_hours = (details.opening_hours or "").strip() or None
    agency.valid_from = details.valid_from
    agency.valid_to = details.valid_to
