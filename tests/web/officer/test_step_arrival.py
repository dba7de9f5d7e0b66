"""An agency sees a dossier only from the moment its step arrives (Decree 61/2018 Art. 20:
the file reaches the next agency of a sequential route when the previous one is done).

The dossier: land procedure 1.012781 received at the provincial centre, route vpdkdd
(stage 1) → thue (stage 2) → vpdkdd (stage 3). Until vpdkdd's leader approves stage 1,
the tax office's step is `waiting`: for its leader and specialist the dossier does not
exist (404 on the step page, the slips Mẫu 01 and 05, the files; no line in the lists, 0
in the counts). From the approval on, the step is pending at the tax office and all of it
opens. The land office itself never opens its own stage-3 step before it arrives.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from tests.services.support import APPLICANT, actor, task_version
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, fresh, text_of
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.task_scope import task_scope
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierFile
from vpub_onestop.queries.agency_queues import task_state_counts
from vpub_onestop.services import processing

TAX_OFFICERS = ("leader.thue", "specialist.thue")


def _task_page(task_id: int) -> str:
    return f"/xu-ly/nhiem-vu/{task_id}"


def _slip(dossier_id: int, form: str) -> str:
    return f"/ho-so/{dossier_id}/phieu/{form}.pdf"


def _file(dossier_id: int, file_id: int) -> str:
    return f"/mot-cua/ho-so/{dossier_id}/tep/{file_id}"


def _counted(username: str, clock: Clock) -> int:
    counts = task_state_counts(db.session, now=clock.now, scope=task_scope(actor(username)))
    return sum(counts.values())


def test_the_next_agency_sees_nothing_before_its_step_arrives_then_everything_it_shares(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock, scenarios.SEQUENTIAL, desk="reception.ttpvhcc")
    first, tax = built.task("vpdkdd", stage=1), built.task("thue")
    # The land office proposes its draft: the file the tax office will inherit.
    scenarios.work_step(clock, first, "vpdkdd", until=TaskState.AWAITING_APPROVAL)
    draft_id = db.session.scalars(
        select(DossierFile.id).where(DossierFile.task_id == first.id)
    ).one()
    code = fresh(built.dossier_id).code or ""
    assert built.task("thue").state is TaskState.WAITING

    before = {
        _task_page(tax.id),
        _slip(built.dossier_id, "mau-01"),
        _slip(built.dossier_id, "mau-05"),
        _file(built.dossier_id, draft_id),
    }
    for username in TAX_OFFICERS:
        client = client_for(username)
        for url in sorted(before):
            assert client.get(url).status_code == 404, f"{username} {url}"
        listing = text_of(client.get("/xu-ly"))
        assert code not in listing and APPLICANT.name not in listing
        assert _counted(username, clock) == 0
    # The land office sees the dossier (stage 1 is at it) but not its own later step.
    assert client_for("leader.vpdkdd").get(_task_page(first.id)).status_code == 200
    later = built.task("vpdkdd", stage=3)
    assert client_for("leader.vpdkdd").get(_task_page(later.id)).status_code == 404

    processing.approve_step(
        actor("leader.vpdkdd"),
        first.id,
        now=clock.advance(minutes=20),
        expected_version=task_version(first.id),
    )
    assert built.task("thue").state is TaskState.PENDING

    leader = client_for("leader.thue")
    page = leader.get(_task_page(tax.id))
    assert page.status_code == 200 and APPLICANT.name in text_of(page)
    assert code in text_of(leader.get("/xu-ly"))
    assert _counted("leader.thue", clock) == 1
    assert leader.get(_slip(built.dossier_id, "mau-05")).status_code == 200
    # The approved draft of stage 1 came with the file (docs/domain.md#who-sees-what).
    assert leader.get(_file(built.dossier_id, draft_id)).status_code == 200
