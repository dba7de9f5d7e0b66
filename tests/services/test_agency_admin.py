"""Agency administration (docs/domain.md#agency-administration): create and edit with the
official code's shape checked, rename keeping the old name for old slips, and the merge of
the 2025 reorganisation: everything open moves in one transaction, or nothing does."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.conftest import Clock
from tests.services.support import (
    actor,
    counter_receipt,
    draft_with_documents,
    local,
    procedure_id,
    unit_id,
)
from vpub_onestop.domain.catalogue_versions import ProcedureStatus
from vpub_onestop.domain.errors import StaleDossier, ValidationError
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Dossier, Procedure, RouteStep, StepTask, User
from vpub_onestop.models.admin_audit import AdminChange
from vpub_onestop.services import agency_merge
from vpub_onestop.services.agencies import AgencyDetails, NewAgency, create_agency, rename_agency
from vpub_onestop.services.agency_merge_confirm import MergeRequest, merge_agencies
from vpub_onestop.services.slips import prepare_dossier_slip

# The land office's current route steps: one in first registration (1.012756), two in a
# land change (1.012781: survey, then tax, then the office again) = 3.
LAND_CHANGE = "1.012781"
MARRIAGE = "1.000894"  # 5 working days at the receiving commune centre
FINISHED = (TaskState.DONE, TaskState.DENIED, TaskState.CANCELLED)


def details(**changes: object) -> AgencyDetails:
    base: dict[str, object] = {
        "level": "commune",
        "parent_id": None,
        "is_one_stop_unit": True,
        "is_vertical": False,
        "address": "25 Phan Bội Châu, phường Quy Nhơn, tỉnh Gia Lai",
        "phone": "0256 3822 404",
        "opening_hours": "Thứ Hai đến Thứ Sáu",
        "valid_from": date(2026, 3, 1),
        "valid_to": None,
    }
    base.update(changes)
    return AgencyDetails(**base)  # type: ignore[arg-type]


def agency(key: str) -> Agency:
    db.session.expire_all()
    row = db.session.scalars(select(Agency).where(Agency.key == key)).one()
    return row


def versions(*keys: str) -> dict[int, int]:
    return {agency(key).id: agency(key).version for key in keys}


def audit_rows(object_id: int) -> list[AdminChange]:
    return list(
        db.session.scalars(
            select(AdminChange).where(
                AdminChange.object_type == "agency", AdminChange.object_id == str(object_id)
            )
        )
    )


def test_a_new_agency_needs_a_code_in_the_official_shape(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        bad = NewAgency("px_moi", "000.1.31.h21x", "Trung tâm mới", details(phone="12345"))
        with pytest.raises(ValidationError) as refused:
            create_agency(admin, bad)
        assert set(refused.value.field_errors) == {"code", "phone"}
        taken = NewAgency("px_moi", "000.01.31.H21", "Trung tâm mới", details())
        with pytest.raises(ValidationError) as refused:
            create_agency(admin, taken)
        assert "đã hoặc đang thuộc về cơ quan khác" in refused.value.field_errors["code"]
        # Lower-case letters and spaces around are how people type it: stored canonical.
        made = create_agency(
            admin, NewAgency("px_moi", " 000.03.31.h21 ", "Trung tâm mới", details())
        )
        assert db.session.get(Agency, made).code == "000.03.31.H21"
        [row] = audit_rows(made)
        assert row.action == "create" and row.after["code"] == "000.03.31.H21"


def test_a_specialist_cannot_create_an_agency(app: Flask) -> None:
    from vpub_onestop.domain.errors import PermissionDenied

    with app.app_context():
        with pytest.raises(PermissionDenied):
            create_agency(
                actor("specialist.congan"),
                NewAgency("px_moi", "000.03.31.H21", "Trung tâm mới", details()),
            )
        assert db.session.scalar(select(Agency.id).where(Agency.key == "px_moi")) is None


def test_a_renamed_centre_keeps_its_old_name_on_the_receipts_it_issued(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        frozen_clock.set(local(2026, 3, 2, 9))
        before = counter_receipt(desk, procedure_id(MARRIAGE)).id
        centre = agency("px_quynhon")
        old_name = centre.name
        rename_agency(
            actor("admin.ttpvhcc"),
            centre.id,
            centre.version,
            name="Trung tâm Phục vụ hành chính công phường Quy Nhơn mới",
            code=centre.code,
            effective=date(2026, 3, 10),
            reason="Nghị quyết 1664/NQ-UBTVQH15",
        )
        frozen_clock.set(local(2026, 3, 10, 9))
        after = counter_receipt(desk, procedure_id(MARRIAGE)).id
        old_slip = prepare_dossier_slip("mau-01", before, desk).context
        new_slip = prepare_dossier_slip("mau-01", after, desk).context
        assert old_slip["unit_name"] == old_name
        assert old_slip["header"].unit_name == old_name
        assert new_slip["unit_name"] == "Trung tâm Phục vụ hành chính công phường Quy Nhơn mới"
        [row] = audit_rows(centre.id)
        assert (row.action, row.before["name"]) == ("rename", old_name)


def test_a_rename_from_an_outdated_page_is_refused(app: Flask) -> None:
    with app.app_context():
        centre = agency("px_quynhon")
        shown = centre.version  # both administrators opened the page at this version
        admin = actor("admin.ttpvhcc")
        rename_agency(
            admin,
            centre.id,
            shown,
            name="Tên thứ nhất",
            code=centre.code,
            effective=date(2026, 3, 10),
            reason="Quyết định 1",
        )
        with pytest.raises(StaleDossier):
            rename_agency(
                admin,
                centre.id,
                shown,
                name="Tên thứ hai",
                code=centre.code,
                effective=date(2026, 4, 1),
                reason="Quyết định 2",
            )
        assert agency("px_quynhon").name == "Tên thứ nhất"


def _land_dossier(clock: Clock) -> int:
    clock.set(local(2026, 3, 2, 9))
    return counter_receipt(actor("reception.ttpvhcc"), procedure_id(LAND_CHANGE)).id


def _open_at(agency_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(StepTask)
            .where(StepTask.agency_id == agency_id, StepTask.state.not_in(FINISHED))
        )
        or 0
    )


def _current_steps_at(agency_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RouteStep)
            .join(Procedure, Procedure.id == RouteStep.procedure_id)
            .where(RouteStep.agency_id == agency_id, Procedure.is_current.is_(True))
        )
        or 0
    )


def test_merging_the_land_office_leaves_nothing_open_at_it(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        dossier_id = _land_dossier(frozen_clock)
        office, department = agency("vpdkdd"), agency("snnmt")
        assert _open_at(office.id) == 2 and _current_steps_at(office.id) == 3
        frozen_clock.set(local(2026, 3, 16, 8))  # confirmed on the day it takes effect
        merge_agencies(
            actor("admin.ttpvhcc"),
            MergeRequest(
                sources=[office.id],
                versions=versions("vpdkdd", "snnmt"),
                effective=date(2026, 3, 16),
                reason="Quyết định 25/QĐ-UBND",
                target_id=department.id,
            ),
        )
        db.session.expire_all()
        # The acceptance test of issue 12: no open task, enabled user or current route step
        # points at the closed agency; it is closed the day before the merger, not deleted.
        assert _open_at(office.id) == 0 and _current_steps_at(office.id) == 0
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(User)
                .where(User.agency_id == office.id, User.enabled.is_(True))
            )
            == 0
        )
        assert agency("vpdkdd").valid_to == date(2026, 3, 15)
        assert _open_at(department.id) == 2  # the department had no open step before
        names = set(
            db.session.scalars(select(User.username).where(User.agency_id == department.id))
        )
        assert {"specialist.vpdkdd", "leader.vpdkdd", "leader.snnmt"} <= names
        # The dossier keeps the unit that received it, and the version it was received
        # under, whose route still names the office; new dossiers get the new version.
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier.receiving_unit_id == unit_id("ttpvhcc")
        assert dossier.procedure.status is ProcedureStatus.RETIRED
        assert {step.agency_id for step in dossier.procedure.steps} == {office.id, unit_id("thue")}
        current = db.session.scalars(
            select(Procedure).where(Procedure.code == LAND_CHANGE, Procedure.is_current.is_(True))
        ).one()
        assert current.version == 2
        assert [s.agency_id for s in current.steps] == [
            department.id,
            unit_id("thue"),
            department.id,
        ]
        merged = audit_rows(office.id)[-1]
        assert merged.action == "merge" and merged.after["merged_into"] == department.code
        moved = audit_rows(department.id)[-1].after["moved"]
        assert (moved["tasks"], moved["users"], moved["route_steps"]) == (2, 2, 3)


def test_merging_a_centre_into_a_new_one_keeps_the_old_name_on_its_dossiers(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        frozen_clock.set(local(2026, 3, 2, 9))
        dossier_id = counter_receipt(desk, procedure_id(MARRIAGE)).id
        old = agency("px_quynhon")
        frozen_clock.set(local(2026, 3, 16, 8))  # confirmed on the day it takes effect
        new_id = merge_agencies(
            actor("admin.ttpvhcc"),
            MergeRequest(
                sources=[old.id, agency("px_quynhonnam").id],
                versions=versions("px_quynhon", "px_quynhonnam"),
                effective=date(2026, 3, 16),
                reason="Nghị quyết 1664/NQ-UBTVQH15",
                new_target=NewAgency(
                    "px_quynhon_moi",
                    "000.05.31.H21",
                    "Trung tâm Phục vụ hành chính công phường Quy Nhơn (mới)",
                    details(parent_id=unit_id("ubnd_quynhon")),
                ),
            ),
        )
        new = db.session.get(Agency, new_id)
        assert new.is_one_stop_unit and new.valid_from == date(2026, 3, 16)
        assert _open_at(old.id) == 0 and _open_at(new_id) == 1
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier.receiving_unit_id == old.id
        # The receipt of the old dossier still names the centre that received it.
        slip = prepare_dossier_slip("mau-01", dossier_id, actor("admin.ttpvhcc")).context
        assert slip["unit_name"] == old.name
        # From the day the merger takes effect, the closed centre receives nothing new.
        frozen_clock.set(local(2026, 3, 16, 9))
        with pytest.raises(ValidationError):
            draft_with_documents(actor("citizen1"), procedure_id(MARRIAGE), old.id)
        assert draft_with_documents(actor("citizen1"), procedure_id(MARRIAGE), new_id)


def test_a_merge_that_fails_halfway_moves_nothing(
    app: Flask, frozen_clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        _land_dossier(frozen_clock)
        office, department = agency("vpdkdd"), agency("snnmt")

        def broken_move(session: Session, sources: list[int], target: int, today: date) -> int:
            # A real failure inside the database after the steps and accounts have moved:
            # a route step's stage may not be NULL.
            statement = update(RouteStep).where(RouteStep.agency_id.in_(sources))
            session.execute(statement.values(stage=None))
            return 0

        moves = list(agency_merge.MOVES)
        moves[[name for name, _ in moves].index("route_steps")] = ("route_steps", broken_move)
        monkeypatch.setattr(agency_merge, "MOVES", moves)
        frozen_clock.set(local(2026, 3, 16, 8))
        with pytest.raises(Exception):  # noqa: B017, PT011 - the database's own error
            merge_agencies(
                actor("admin.ttpvhcc"),
                MergeRequest(
                    sources=[office.id],
                    versions=versions("vpdkdd", "snnmt"),
                    effective=date(2026, 3, 16),
                    reason="Quyết định 25/QĐ-UBND",
                    target_id=department.id,
                ),
            )
        db.session.rollback()
        assert _open_at(office.id) == 2 and _current_steps_at(office.id) == 3
        assert (
            db.session.scalar(
                select(func.count()).select_from(User).where(User.agency_id == office.id)
            )
            == 2
        )
        assert agency("vpdkdd").valid_to is None
        assert audit_rows(office.id) == []


def test_a_merge_shown_before_another_change_is_refused(app: Flask) -> None:
    with app.app_context():
        office, department = agency("vpdkdd"), agency("snnmt")
        shown = versions("vpdkdd", "snnmt")
        rename_agency(
            actor("admin.ttpvhcc"),
            office.id,
            office.version,
            name="VPĐKĐĐ tỉnh",
            code=office.code,
            effective=date(2026, 3, 10),
            reason="Quyết định 3",
        )
        with pytest.raises(StaleDossier):
            merge_agencies(
                actor("admin.ttpvhcc"),
                MergeRequest(
                    sources=[office.id],
                    versions=shown,
                    effective=date(2026, 3, 16),
                    reason="Quyết định 25/QĐ-UBND",
                    target_id=department.id,
                ),
            )
        assert agency("vpdkdd").valid_to is None
