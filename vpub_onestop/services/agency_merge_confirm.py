"""Confirming a merger of agencies (docs/domain.md#agency-merge): the administrator's
request is checked (the agencies as the preview showed them, the basis, the target, existing
or new), then carried out at once (services/agency_merge.carry_out) or, when it takes effect
on a later day, recorded for the daily schedule (docs/domain.md#scheduled-merge).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from vpub_onestop.domain.agencies import (
    merge_conflicts,
    merge_errors,
    merge_waits,
    normalize_code,
)
from vpub_onestop.domain.errors import N_, NotFound, StaleDossier, ValidationError, VersionMissing
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.models import Agency, ScheduledMerge
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.agencies import (
    STALE_AGENCY,
    NewAgency,
    agency_snapshot,
    identity_errors,
    new_agency_row,
    require_admin,
)
from vpub_onestop.services.agency_merge import carry_out, local_today, parties
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class MergeRequest:
    sources: Sequence[int]
    # The version of each merged agency (and of the target) as the preview showed it: a
    # change made by another administrator since refuses the merge (reload, preview again).
    versions: Mapping[int, int]
    effective: date  # the first day B alone exists; the merged agencies end the day before
    reason: str  # the decision that merges them, kept in the audit
    target_id: int | None = None
    new_target: NewAgency | None = None


def merge_agencies(actor: Actor, request: MergeRequest) -> int:
    """Merge now, or, when the merger takes effect on a later day, record it for the daily
    schedule to carry out on that day (docs/domain.md#scheduled-merge). Returns the id of
    the agency that takes everything over."""
    require_admin(actor)
    sources = sorted(set(request.sources))
    with unit_of_work() as session:
        problems = merge_errors(sources, request.target_id)
        errors: dict[str, str] = {"sources": " ".join(problems)} if problems else {}
        if not request.reason.strip():
            errors["reason"] = N_("Nhập căn cứ sáp nhập (quyết định, văn bản).")
        if request.target_id is None and request.new_target is None:
            errors["target_id"] = N_("Chọn cơ quan tiếp nhận hoặc tạo cơ quan mới.")
        if errors:
            raise ValidationError(N_("Vui lòng kiểm tra lại thông tin sáp nhập."), errors)
        merged = [_checked(session, agency_id, request.versions) for agency_id in sources]
        target = _target(session, actor, request)
        conflicts = merge_conflicts(
            parties(session, merged), parties(session, [target])[0], request.effective
        )
        if conflicts:
            raise ValidationError(
                N_("Vui lòng kiểm tra lại thông tin sáp nhập."), {"sources": " ".join(conflicts)}
            )
        today = local_today()
        if merge_waits(request.effective, today):
            _schedule(session, actor, merged, target, request)
        else:
            carry_out(session, actor, merged, target, request.effective, request.reason, today)
        return target.id


def _schedule(
    session: Session, actor: Actor, merged: Sequence[Agency], target: Agency, request: MergeRequest
) -> None:
    """Nothing moves before the effective day: the merger waits, audited on every agency
    it names, cancellable until then."""
    row = ScheduledMerge(
        sources=[agency.id for agency in merged],
        target_id=target.id,
        effective=request.effective,
        reason=request.reason.strip(),
        created_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    after = {
        "scheduled_merge": row.id,
        "merged": [agency.code for agency in merged],
        "into": target.code,
        "effective": request.effective,
    }
    for agency in [*merged, target]:
        record_admin_change(
            session, actor, "agency", agency.id, "merge_scheduled", after=after, reason=row.reason
        )


def _checked(session: Session, agency_id: int, versions: Mapping[int, int]) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(N_("Không tìm thấy cơ quan."))
    if agency_id not in versions:
        raise VersionMissing()
    if agency.version != versions[agency_id]:
        raise StaleDossier(STALE_AGENCY)
    return agency


def _target(session: Session, actor: Actor, request: MergeRequest) -> Agency:
    if request.target_id is not None:
        target = _checked(session, request.target_id, request.versions)
        if target.valid_to is not None and target.valid_to < request.effective:
            raise ValidationError(
                N_("Vui lòng kiểm tra lại thông tin sáp nhập."),
                {"target_id": N_("Cơ quan tiếp nhận đã hết hiệu lực trước ngày sáp nhập.")},
            )
        return target
    new = request.new_target
    assert new is not None
    errors = identity_errors(session, None, new.key.strip(), normalize_code(new.code), new.name)
    if new.details.parent_id is not None and new.details.parent_id in request.sources:
        errors["parent_id"] = N_("Cơ quan chủ quản không được là cơ quan bị sáp nhập.")
    if errors:
        raise ValidationError(N_("Vui lòng kiểm tra lại cơ quan mới."), errors)
    # The new agency exists from the merger's day, open-ended, and takes on the one-stop
    # duty only from a merged agency that had it (carry_out).
    details = replace(
        new.details, is_one_stop_unit=False, valid_from=request.effective, valid_to=None
    )
    target = new_agency_row(new, details)
    session.add(target)
    session.flush()
    record_admin_change(
        session,
        actor,
        "agency",
        target.id,
        "create",
        after=agency_snapshot(session, target),
        reason=request.reason,
    )
    return target
