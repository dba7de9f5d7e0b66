"""Procedure versions: a published version is never edited, a draft copies it whole, and
publishing the draft changes what new dossiers get while dossiers already received keep
their version's limit, papers, route and due date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Clock
from tests.services.support import actor, as_local, counter_receipt, fresh, local, unit_id
from vpub_onestop.domain.catalogue_versions import ProcedureStatus, PublishRefused, publish_problems
from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.errors import (
    NotFound,
    PermissionDenied,
    StaleDossier,
    TransitionNotAllowed,
    ValidationError,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import Procedure
from vpub_onestop.queries.admin_catalogue import admin_procedures
from vpub_onestop.queries.catalogue import CatalogueFilters, search_procedures
from vpub_onestop.services import catalogue_drafts as drafts
from vpub_onestop.services import catalogue_versions as versions
from vpub_onestop.services.catalogue_versions import version_facts

CODE = "LT.KS-TT-BHYT"  # commune 1 WD, then police and social insurance in parallel, 2 WD


def _version(code: str, number: int) -> Procedure:
    db.session.expire_all()
    return db.session.scalars(
        select(Procedure).where(Procedure.code == code, Procedure.version == number)
    ).one()


def _general(procedure: Procedure, **changes: object) -> drafts.GeneralData:
    values: dict[str, object] = {
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.level,
        "limit": TimeLimit.parse(procedure.limit_text),
        "online_limit": None,
        "online_level": procedure.online_level,
        "result_name": procedure.result_name,
        "legal_basis": procedure.legal_basis or "",
        "conditions": procedure.conditions or "",
        "any_unit": procedure.any_unit,
        "immediate_result": procedure.immediate_result,
    }
    values.update(changes)
    return drafts.GeneralData(**values)  # type: ignore[arg-type]


def _agency_id(key: str) -> int:
    return unit_id(key)


def test_publishing_v2_leaves_a_dossier_received_under_v1_on_v1(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        admin, desk = actor("admin.ttpvhcc"), actor("reception.px_quynhon")
        v1 = _version(CODE, 1)
        v1_papers = [document.name for document in v1.documents]
        # Mon 2/3/2026 09:00, 3 WD: Tue 3 (1), Wed 4 (2), Thu 5 (3): due Thu 5/3 09:00.
        old = counter_receipt(desk, v1.id, now=local(2026, 3, 2, 9, 0)).id

        draft_id = versions.start_draft(admin, CODE)
        draft = db.session.get(Procedure, draft_id)
        assert draft is not None
        assert (draft.version, draft.status) == (2, ProcedureStatus.DRAFT)
        assert [d.name for d in draft.documents] == v1_papers
        revision = drafts.save_general(
            admin,
            draft_id,
            draft.revision,
            _general(draft, limit=TimeLimit.parse("5 working_days")),
        )
        kept = [
            drafts.PaperData(d.name, d.originals, d.copies, d.mandatory, existing_id=d.id)
            for d in _version(CODE, 2).documents[:2]
        ]
        revision = drafts.save_papers(
            admin,
            draft_id,
            revision,
            [*kept, drafts.PaperData("Giấy xác nhận cư trú", 1, 0, True)],
        )
        revision = drafts.save_route(
            admin,
            draft_id,
            revision,
            [
                drafts.StepData(
                    1, None, "Đăng ký khai sinh", TimeLimit.parse("1 working_days"), True
                ),
                drafts.StepData(
                    2,
                    _agency_id("congan"),
                    "Đăng ký thường trú",
                    TimeLimit.parse("4 working_days"),
                    True,
                ),
            ],
        )
        versions.publish(admin, draft_id, expected_revision=revision, today=date(2026, 3, 2))

        # The dossier received under v1 keeps v1's limit, papers, route and due date.
        dossier = fresh(old)
        assert dossier.procedure.version == 1
        assert TimeLimit.parse(dossier.procedure.limit_text) == TimeLimit.parse("3 working_days")
        assert [d.name for d in dossier.procedure.documents] == v1_papers
        assert {task.agency.key for task in dossier.tasks} == {"px_quynhon", "congan", "bhxh"}
        assert as_local(dossier.due_at) == local(2026, 3, 5, 9, 0)

        # A new receipt gets v2: Mon 2/3 10:00 + 5 WD = Tue 3, Wed 4, Thu 5, Fri 6, Mon 9/3.
        v2 = _version(CODE, 2)
        assert (v2.status, v2.is_current, v2.valid_from) == (
            ProcedureStatus.PUBLISHED,
            True,
            date(2026, 3, 2),
        )
        new = fresh(counter_receipt(desk, v2.id, now=local(2026, 3, 2, 10, 0)).id)
        assert as_local(new.due_at) == local(2026, 3, 9, 10, 0)
        assert {task.agency.key for task in new.tasks} == {"px_quynhon", "congan"}
        assert [d.name for d in new.procedure.documents][-1] == "Giấy xác nhận cư trú"

        # v1 is retired: the counter refuses it for a new dossier, the catalogue lists v2 only.
        v1 = _version(CODE, 1)
        assert (v1.status, v1.is_current, v1.valid_to) == (
            ProcedureStatus.RETIRED,
            False,
            date(2026, 3, 2),
        )
        with pytest.raises(NotFound):
            counter_receipt(desk, v1.id, now=local(2026, 3, 2, 11, 0))
        listed = search_procedures(db.session, CatalogueFilters(query=CODE))
        assert [row.limit for row in listed.rows if row.code == CODE] == ["5 ngày làm việc"]


def test_the_draft_copies_every_column_and_child_row_without_sharing_them(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        # The certified-copy procedure's papers carry a blank form (title and labels, JSON)
        # that no code of the version service names: the copy must carry it all the same.
        v1 = db.session.scalars(select(Procedure).where(Procedure.is_current.is_(True))).all()
        source = next(p for p in v1 if any(d.template_fields for d in p.documents))
        draft = db.session.get(Procedure, versions.start_draft(admin, source.code))
        assert draft is not None
        for column in ("name", "field", "fee_rule", "legal_basis", "conditions", "result_name"):
            assert getattr(draft, column) == getattr(source, column), column
        assert [(d.name, d.template_name, d.template_fields) for d in draft.documents] == [
            (d.name, d.template_name, d.template_fields) for d in source.documents
        ]
        assert [(s.stage, s.agency_id, s.budget_text) for s in draft.steps] == [
            (s.stage, s.agency_id, s.budget_text) for s in source.steps
        ]
        assert {d.id for d in draft.documents}.isdisjoint({d.id for d in source.documents})
        # Asking again returns the same draft rather than a third version.
        assert versions.start_draft(admin, source.code) == draft.id


def test_a_published_version_is_never_edited(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        v1 = _version(CODE, 1)
        with pytest.raises(TransitionNotAllowed):
            drafts.save_general(admin, v1.id, v1.revision, _general(v1, name="Tên khác"))
        assert _version(CODE, 1).name == v1.name


def test_publishing_refuses_a_route_that_does_not_add_up_and_changes_nothing(
    app: Flask,
) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        draft_id = versions.start_draft(admin, CODE)
        draft = _version(CODE, 2)
        # 3 WD limit; the route now takes 1 + 3 = 4 WD: one day more than promised.
        revision = drafts.save_route(
            admin,
            draft_id,
            draft.revision,
            [
                drafts.StepData(1, None, None, TimeLimit.parse("1 working_days"), True),
                drafts.StepData(
                    2, _agency_id("congan"), None, TimeLimit.parse("3 working_days"), True
                ),
            ],
        )
        with pytest.raises(PublishRefused) as refused:
            versions.publish(admin, draft_id, expected_revision=revision, today=date(2026, 3, 2))
        assert any("4" in problem and "3" in problem for problem in refused.value.problems)
        assert _version(CODE, 1).is_current
        assert _version(CODE, 2).status is ProcedureStatus.DRAFT


def test_of_two_administrators_saving_the_same_draft_the_second_must_reload(
    app: Flask,
) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        draft_id = versions.start_draft(admin, CODE)
        shown = _version(CODE, 2)
        revision = shown.revision
        drafts.save_general(admin, draft_id, revision, _general(shown, name="Tên thứ nhất"))
        with pytest.raises(StaleDossier):
            drafts.save_general(admin, draft_id, revision, _general(shown, name="Tên thứ hai"))
        with pytest.raises(StaleDossier):
            versions.publish(admin, draft_id, expected_revision=revision, today=date(2026, 3, 2))
        assert _version(CODE, 2).name == "Tên thứ nhất"
        assert _version(CODE, 1).is_current


def test_only_an_administrator_starts_or_publishes_a_version(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(PermissionDenied):
            versions.start_draft(actor("reception.ttpvhcc"), CODE)
        assert db.session.scalars(select(Procedure).where(Procedure.code == CODE)).all() == [
            _version(CODE, 1)
        ]


def test_a_discarded_draft_leaves_the_published_version_alone(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        draft_id = versions.start_draft(admin, CODE)
        versions.discard_draft(admin, draft_id, expected_revision=_version(CODE, 2).revision)
        remaining = db.session.scalars(select(Procedure).where(Procedure.code == CODE)).all()
        assert [(p.version, p.status) for p in remaining] == [(1, ProcedureStatus.PUBLISHED)]
        assert Decimal(remaining[0].limit_amount) == 3


def test_every_procedure_of_the_demo_catalogue_passes_the_publishing_check(app: Flask) -> None:
    """The check must not refuse what the real catalogue publishes (a draft copied from any
    of them, unchanged, may be published again)."""
    with app.app_context():
        for procedure in db.session.scalars(select(Procedure)):
            assert publish_problems(version_facts(procedure)) == [], procedure.code


def test_a_new_procedure_starts_as_a_draft_nobody_else_sees(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        draft_id = versions.create_procedure(admin, "2.000999", "Cấp giấy phép thử nghiệm")
        draft = db.session.get(Procedure, draft_id)
        assert draft is not None
        assert (draft.version, draft.status, draft.is_current) == (1, ProcedureStatus.DRAFT, False)
        # Not in the public catalogue, but in the administrator's list, found without accents.
        public = search_procedures(db.session, CatalogueFilters(query="giay phep thu nghiem"))
        assert public.total == 0
        listed = admin_procedures(db.session, CatalogueFilters(query="giay phep thu nghiem"))
        assert [(row.code, row.status) for row in listed.rows] == [
            ("2.000999", ProcedureStatus.DRAFT)
        ]
        # It has no paper and no route yet: publishing says so.
        with pytest.raises(PublishRefused) as refused:
            versions.publish(
                admin, draft_id, expected_revision=draft.revision, today=date(2026, 3, 2)
            )
        assert len(refused.value.problems) >= 3  # field, papers, route
        with pytest.raises(ValidationError) as duplicate:
            versions.create_procedure(admin, "2.000999", "Trùng mã")
        assert "ma" in duplicate.value.field_errors


def test_the_administrators_list_filters_by_the_latest_versions_status(app: Flask) -> None:
    with app.app_context():
        admin = actor("admin.ttpvhcc")
        versions.start_draft(admin, CODE)
        drafts_only = admin_procedures(db.session, CatalogueFilters(), status="draft")
        assert [(row.code, row.version) for row in drafts_only.rows] == [(CODE, 2)]
        everything = admin_procedures(db.session, CatalogueFilters(), per_page=500)
        codes = [row.code for row in everything.rows]
        assert len(codes) == len(set(codes))  # one row per procedure, not per version
        assert [row.version for row in everything.rows if row.code == CODE] == [2]
