"""After a merger, the surviving one-stop unit's desk carries on the open dossiers the merged
unit received (docs/domain.md#merger-successor-desk): it lists them, returns their results,
and the slips still name the unit that received them; nobody else gains anything."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, unit_id
from tests.web.officer import scenarios
from tests.web.officer.conftest import PASSWORD, Clients, Clock, fresh, submit, text_of
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency
from vpub_onestop.services.accounts import create_user
from vpub_onestop.services.agency_merge_confirm import MergeRequest, merge_agencies
from vpub_onestop.services.slips import prepare_dossier_slip, register_units

X, Y, Z = "px_quynhon", "px_quynhonnam", "ttpvhcc"


def _merge(source: str, into: str, on: date = date(2026, 3, 2)) -> None:
    """`source` merged into `into` on `on` (the test clock's first day: effective now)."""
    ids = [unit_id(source), unit_id(into)]
    db.session.rollback()
    shown = {
        row.id: row.version for row in db.session.scalars(select(Agency).where(Agency.id.in_(ids)))
    }
    merge_agencies(
        actor("admin.ttpvhcc"),
        MergeRequest(
            sources=[ids[0]],
            versions=shown,
            effective=on,
            reason="Nghị quyết 1664/NQ-UBTVQH15",
            target_id=ids[1],
        ),
    )


def _desk_officer_at(unit: str) -> str:
    username = f"reception.{unit}.moi"
    create_user(username, PASSWORD, "Trần Văn Tiếp", Role.RECEPTION, agency_key=unit)
    return username


def _name(unit: str) -> str:
    return db.session.get(Agency, unit_id(unit)).name


def test_the_surviving_desk_hands_back_the_result_of_a_dossier_the_merged_unit_received(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    ready = scenarios.result_ready(clock)
    page = f"/mot-cua/ho-so/{ready.dossier_id}"
    officer = client_for(_desk_officer_at(Y))
    assert officer.get(page).status_code == 404  # not yet: X received it, Y has no say
    code, x_name = fresh(ready.dossier_id).code, _name(X)

    _merge(X, into=Y)

    assert code in text_of(officer.get("/mot-cua/tra-ket-qua"))
    key = fresh(ready.dossier_id).lookup_key
    returned = submit(officer, page, f"{page}/tra-ket-qua", {"return_result-receipt_code": key})
    assert returned.status_code == 302
    dossier = fresh(ready.dossier_id)
    assert dossier.state is DossierState.RETURNED
    assert dossier.receiving_unit_id == unit_id(X)  # the dossier keeps the unit that received it
    # The receipt reprinted by the new desk still names the centre the applicant went to.
    slip = prepare_dossier_slip("mau-01", ready.dossier_id, actor("reception.px_quynhonnam.moi"))
    assert slip.context["unit_name"] == x_name
    # An officer of an unrelated centre still learns nothing of it.
    other = client_for("reception.ttpvhcc")
    assert other.get(page).status_code == 404
    assert code not in text_of(other.get("/mot-cua/tra-ket-qua"))


def test_an_online_submission_to_the_merged_unit_waits_in_the_surviving_queue(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock, unit=X)
    citizen = client_for("citizen1")
    own_page = f"/ho-so-cua-toi/{built.dossier_id}"
    x_name = _name(X)
    assert x_name in text_of(citizen.get(own_page))

    _merge(X, into=Y)

    queue = text_of(client_for(_desk_officer_at(Y)).get("/mot-cua/tiep-nhan"))
    assert fresh(built.dossier_id).code in queue
    # The applicant's own page is as it was: same dossier, same receiving centre named.
    after = citizen.get(own_page)
    assert after.status_code == 200 and x_name in text_of(after)
    # Another citizen still gets nothing.
    assert client_for("citizen2").get(own_page).status_code == 404


def test_a_chain_of_mergers_brings_the_first_unit_to_the_last_desk(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock, unit=X)
    code = fresh(built.dossier_id).code
    province = client_for("reception.ttpvhcc")
    _merge(X, into=Y)
    assert code not in text_of(province.get("/mot-cua/tiep-nhan"))  # Y merged nowhere yet

    _merge(Y, into=Z)  # A→B→C: the province centre now answers for both communes

    assert code in text_of(province.get("/mot-cua/tiep-nhan"))
    assert province.get(f"/mot-cua/ho-so/{built.dossier_id}").status_code == 200
    # Each merged unit's register (Mẫu 06) is printed by the last desk, under its own name.
    units = dict(register_units(actor("reception.ttpvhcc")))
    assert units[unit_id(X)] == _name(X) and units[unit_id(Y)] == _name(Y)
