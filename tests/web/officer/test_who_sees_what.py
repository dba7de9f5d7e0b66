"""Who sees what of an inter-agency dossier: every kind of file and note × every viewer,
on the pages, the downloads, the control slip, the applicant's emails and the exports.

The dossier (LT.KS-TT-BHYT, submitted online by citizen1 to the commune centre): the
commune registers the birth (stage 1), then the police and social insurance work IN
PARALLEL (stage 2). Each agency attaches a working file and writes a note; the police and
social insurance each propose a first draft that their leader sends back, then a second
one that the leader approves. Stage 2 is the route's last stage, so each approved second
draft is released as a result (`<code>-KQ1`, `-KQ2`); the commune's approved draft is not
a result, it travels with the file to stage 2. The one-stop unit returns the results
online with an internal remark.

The expected answers are written from the rule as the law and the office state it, not
read from the code:
- the applicant sees what they submitted and the released results once handed over;
  no draft, no working file, no remark of an office;
- an agency sees the applicant's file, what was handed over to it (the commune's approved
  draft reaches stage 2) and its own step's files and notes, never the parallel agency's;
- the receiving one-stop unit and the supervisor see everything (the supervisor read-only);
- another citizen learns nothing (404).

The world is built once for the module (through the services the pages use) and every
cell is its own named case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import _seed_reference_data
from tests.services.support import (
    APPLICANT,
    actor,
    dossier_version,
    local,
    procedure_id,
    task_version,
    unit_id,
)
from tests.web.conftest import log_in
from tests.web.officer import scenarios
from tests.web.officer.conftest import (
    Clients,
    Clock,
    IsolatedClient,
    blind_post,
    submit,
    text_of,
)
from tests.web.slips.conftest import pdf_text
from vpub_onestop import create_app
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.visibility import FileKind
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Dossier, DossierFile, OutboxMessage, Procedure, StepTask
from vpub_onestop.services import closing, portal, processing, reception, slips
from vpub_onestop.services.accounts import create_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "password-123"

# One unique file name per kind of file, and one unique sentence per note.
FILES = {
    "applicant_file": "to-khai-khai-sinh-cua-nguoi-nop.pdf",
    "commune_working": "bien-ban-xac-minh-cua-xa.pdf",
    "commune_approved_draft": "trich-luc-khai-sinh-da-duyet.pdf",
    "police_working": "phieu-xac-minh-cu-tru-cong-an.pdf",
    "police_draft": "du-thao-lan-1-cong-an.pdf",
    "police_result": "xac-nhan-thuong-tru-ky-so.pdf",
    "bhxh_working": "bang-doi-chieu-bhxh.pdf",
    "bhxh_draft": "du-thao-lan-1-bhxh.pdf",
    "bhxh_result": "the-bhyt-ky-so.pdf",
}
NOTES = {
    "commune_note": "Xã đã đối chiếu sổ hộ tịch gốc.",
    "police_note": "Công an lưu ý: chủ hộ chưa ký xác nhận.",
    "bhxh_note": "BHXH đã đối chiếu mã số hộ gia đình.",
    "one_stop_note": "Bộ phận Một cửa ghi chú: đã gọi điện báo người nộp.",
}
# Notes that an agency writes on its own step (the control slip carries them).
STEP_NOTES = ("commune_note", "police_note", "bhxh_note")

EVERYTHING = frozenset(FILES) | frozenset(NOTES)
POLICE = frozenset(
    {
        "applicant_file",
        "commune_approved_draft",  # handed over with the file from stage 1 to stage 2
        "police_working",
        "police_draft",
        "police_result",
        "police_note",
    }
)
BHXH = frozenset(
    {
        "applicant_file",
        "commune_approved_draft",
        "bhxh_working",
        "bhxh_draft",
        "bhxh_result",
        "bhxh_note",
    }
)
SHOWN: dict[str, frozenset[str]] = {
    "citizen1": frozenset({"applicant_file", "police_result", "bhxh_result"}),
    "specialist.congan": POLICE,
    "leader.congan": POLICE,
    "specialist.bhxh": BHXH,
    "leader.bhxh": BHXH,
    "reception.px_quynhon": EVERYTHING,
    "supervisor.ttpvhcc": EVERYTHING,
}
AGENCY_OF = {
    "specialist.congan": "congan",
    "leader.congan": "congan",
    "specialist.bhxh": "bhxh",
    "leader.bhxh": "bhxh",
}


@dataclass
class World:
    app: Flask
    dossier_id: int
    code: str
    task_ids: dict[str, int]
    file_ids: dict[str, int]
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    def client(self, username: str) -> FlaskClient:
        if username not in self.clients:
            client = self.app.test_client()
            limiter.reset()
            assert log_in(client, username, PASSWORD).status_code == 302
            self.clients[username] = client
        return self.clients[username]

    def page_of(self, username: str) -> str:
        if username.startswith("citizen"):
            return f"/ho-so-cua-toi/{self.dossier_id}"
        if username in AGENCY_OF:
            return f"/xu-ly/nhiem-vu/{self.task_ids[AGENCY_OF[username]]}"
        return f"/mot-cua/ho-so/{self.dossier_id}"

    def download_of(self, username: str, item: str) -> str:
        file_id = self.file_ids[item]
        if username.startswith("citizen"):
            return f"/ho-so-cua-toi/{self.dossier_id}/tep/{file_id}"
        return f"/mot-cua/ho-so/{self.dossier_id}/tep/{file_id}"


def _work(
    tasks: dict[str, int],
    agency: str,
    day: int,
    *,
    working: str,
    note: str,
    drafts: list[str],
) -> None:
    """Assign, attach a working file, propose each draft (the leader sends every one but
    the last back), and approve."""
    leader, specialist = actor(f"leader.{agency}"), actor(f"specialist.{agency}")
    task_id = tasks[agency]
    processing.assign_task(
        leader,
        task_id,
        specialist.user_id or 0,
        now=local(2026, 3, day, 9),
        expected_version=task_version(task_id),
    )
    processing.attach_working_file(specialist, task_id, working, PDF, now=local(2026, 3, day, 9, 5))
    for round_number, name in enumerate(drafts):
        minute = 10 + 10 * round_number
        processing.propose_result(
            specialist,
            task_id,
            note,
            result_file=(name, PDF),
            now=local(2026, 3, day, 9, minute),
            expected_version=task_version(task_id),
        )
        if name != drafts[-1]:
            processing.send_back_step(
                leader,
                task_id,
                "Sửa lại theo mẫu.",
                now=local(2026, 3, day, 9, minute + 5),
                expected_version=task_version(task_id),
            )
    processing.approve_step(
        leader, task_id, now=local(2026, 3, day, 11), expected_version=task_version(task_id)
    )


def _build() -> tuple[int, dict[str, int], dict[str, int]]:
    citizen = actor("citizen1")
    procedure = db.session.get(Procedure, procedure_id("LT.KS-TT-BHYT"))
    assert procedure is not None
    uploads = [
        portal.Upload(FILES["applicant_file"] if i == 0 else f"giay-to-{i}.pdf", PDF, doc.id)
        for i, doc in enumerate(procedure.documents)
    ]
    details = portal.DraftDetails(procedure.id, unit_id("px_quynhon"), APPLICANT, "online")
    dossier_id = portal.save_draft(citizen, details, uploads, now=local(2026, 3, 2, 8, 0))
    portal.submit(
        citizen,
        dossier_id,
        now=local(2026, 3, 2, 8, 10),
        expected_version=dossier_version(dossier_id),
    )
    desk = actor("reception.px_quynhon")
    reception.receive_dossier(
        desk, dossier_id, now=local(2026, 3, 2, 8, 30), expected_version=dossier_version(dossier_id)
    )
    reception.dispatch_dossier(
        desk, dossier_id, now=local(2026, 3, 2, 8, 40), expected_version=dossier_version(dossier_id)
    )
    tasks = {
        task.agency.key: task.id
        for task in db.session.scalars(select(StepTask).where(StepTask.dossier_id == dossier_id))
    }
    _work(
        tasks,
        "px_quynhon",
        2,
        working=FILES["commune_working"],
        note=NOTES["commune_note"],
        drafts=[FILES["commune_approved_draft"]],
    )
    for agency, day in (("congan", 3), ("bhxh", 4)):
        _work(
            tasks,
            agency,
            day,
            working=FILES[f"{'police' if agency == 'congan' else agency}_working"],
            note=NOTES[f"{'police' if agency == 'congan' else agency}_note"],
            drafts=[
                FILES[f"{'police' if agency == 'congan' else agency}_draft"],
                FILES[f"{'police' if agency == 'congan' else agency}_result"],
            ],
        )
    closing.return_result(
        desk,
        dossier_id,
        "online",
        note=NOTES["one_stop_note"],
        now=local(2026, 3, 5, 9),
        expected_version=dossier_version(dossier_id),
    )
    names = {name: key for key, name in FILES.items()}
    file_ids = {
        names[row.original_name]: row.id
        for row in db.session.scalars(
            select(DossierFile).where(DossierFile.dossier_id == dossier_id)
        )
        if row.original_name in names
    }
    return dossier_id, {"congan": tasks["congan"], "bhxh": tasks["bhxh"]}, file_ids


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    base: Path = tmp_path_factory.mktemp("who-sees-what")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{base / 'test.sqlite'}",
        UPLOAD_DIR=str(base / "uploads"),
        OUTBOX_AUTOSEND=False,
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        _seed_reference_data()
        create_user(
            "supervisor.ttpvhcc", PASSWORD, "Giám sát", Role.SUPERVISOR, agency_key="ttpvhcc"
        )
        dossier_id, task_ids, file_ids = _build()
        code = db.session.get(Dossier, dossier_id).code  # type: ignore[union-attr]
        assert code is not None and len(file_ids) == len(FILES)
        yield World(app, dossier_id, code, task_ids, file_ids)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _cells(items: tuple[str, ...]) -> list[pytest.ParameterSet]:
    return [
        pytest.param(viewer, item, item in SHOWN[viewer], id=f"{item}-{viewer}")
        for viewer in SHOWN
        for item in items
    ]


# --- pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(("viewer", "item", "shown"), _cells((*FILES, *NOTES)))
def test_page(world: World, viewer: str, item: str, shown: bool) -> None:
    response = world.client(viewer).get(world.page_of(viewer))
    assert response.status_code == 200
    text = FILES.get(item) or NOTES[item]
    assert (text in response.get_data(as_text=True)) is shown


@pytest.mark.parametrize(("viewer", "item", "shown"), _cells(tuple(FILES)))
def test_download(world: World, viewer: str, item: str, shown: bool) -> None:
    response = world.client(viewer).get(world.download_of(viewer, item))
    assert response.status_code == (200 if shown else 404)
    if shown:
        assert response.data == PDF


def test_the_applicant_reads_the_result_codes_on_the_page(world: World) -> None:
    html = world.client("citizen1").get(world.page_of("citizen1")).get_data(as_text=True)
    assert f"{world.code}-KQ1" in html and f"{world.code}-KQ2" in html
    assert "Kết quả điện tử" in html


@pytest.mark.parametrize("item", [*FILES, "page"])
def test_another_citizen_learns_nothing(world: World, item: str) -> None:
    client = world.client("citizen2")
    url = world.page_of("citizen2") if item == "page" else world.download_of("citizen2", item)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "other"),
    [("specialist.congan", "bhxh"), ("leader.congan", "bhxh"), ("leader.bhxh", "congan")],
)
def test_an_agency_never_opens_the_parallel_agency_s_step(
    world: World, viewer: str, other: str
) -> None:
    assert world.client(viewer).get(f"/xu-ly/nhiem-vu/{world.task_ids[other]}").status_code == 404


@pytest.mark.parametrize("item", [*FILES, *NOTES, "officer_name"])
def test_the_public_lookup_shows_progress_and_nothing_else(world: World, item: str) -> None:
    """Whoever holds the receipt's code and key reads the status, never a file, a remark
    or an officer's name."""
    with world.app.app_context():
        key = db.session.get(Dossier, world.dossier_id).lookup_key  # type: ignore[union-attr]
    html = (
        world.app.test_client()
        .get("/tra-cuu", query_string={"ma": world.code, "khoa": key})
        .get_data(as_text=True)
    )
    assert world.code in html and "Đã trả kết quả" in html
    hidden = {**FILES, **NOTES, "officer_name": "Cán bộ specialist.congan"}[item]
    assert hidden not in html


# --- the control slip (Mẫu 05) ------------------------------------------------------------


@pytest.mark.parametrize(("viewer", "item", "shown"), _cells(STEP_NOTES))
def test_control_slip_notes(world: World, viewer: str, item: str, shown: bool) -> None:
    if viewer == "citizen1":
        # The officers' record of the hand-overs is not among the applicant's slips.
        client = world.client(viewer)
        assert client.get(f"/ho-so/{world.dossier_id}/phieu/mau-05.pdf").status_code == 404
        assert client.get(f"/ho-so/{world.dossier_id}/phieu/mau-01.pdf").status_code == 200
        return
    with world.app.app_context():
        page = slips.prepare_dossier_slip("mau-05", world.dossier_id, actor(viewer))
    notes = " ".join(row.note or "" for row in page.context["rows"])
    assert (NOTES[item] in notes) is shown
    # Every agency's hand-overs are on the slip, whoever prints it.
    assert sum("Trình kết quả" in (row.note or "") for row in page.context["rows"]) == 5


def test_the_printed_control_slip_of_an_agency_keeps_the_other_agency_s_note_out(
    world: World,
) -> None:
    response = world.client("specialist.bhxh").get(f"/ho-so/{world.dossier_id}/phieu/mau-05.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Trình kết quả" in text
    assert NOTES["bhxh_note"].split(":")[0] in text
    assert "chủ hộ chưa ký" not in text  # the police's remark


# --- the applicant's emails ---------------------------------------------------------------


def _emails(world: World) -> list[OutboxMessage]:
    with world.app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.dossier_id == world.dossier_id)
            )
        )


@pytest.mark.parametrize(("item", "shown"), [(key, key in SHOWN["citizen1"]) for key in NOTES])
def test_emails_never_carry_an_office_s_note(world: World, item: str, shown: bool) -> None:
    bodies = " ".join(message.body for message in _emails(world))
    assert (NOTES[item] in bodies) is shown


@pytest.mark.parametrize("item", list(FILES))
def test_emails_name_no_file_of_any_kind(world: World, item: str) -> None:
    assert all(FILES[item] not in message.body for message in _emails(world))


def test_the_return_email_hands_over_exactly_the_released_results(world: World) -> None:
    returned = [m for m in _emails(world) if "Đã trả kết quả" in m.subject and m.channel == "email"]
    assert len(returned) == 1
    assert f"{world.code}-KQ1, {world.code}-KQ2" in returned[0].body
    assert f"{world.code}-KQ3" not in returned[0].body


# --- exports (monitoring drill-down) and the supervisor's read-only view -----------------

EXPORT = "/theo-doi/ho-so.csv?loai=processed&tu=2026-03-01&den=2026-03-31"


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("supervisor.ttpvhcc", 200),
        ("leader.congan", 403),
        ("specialist.bhxh", 403),
        ("citizen1", 403),
    ],
)
def test_export_of_the_processed_list(world: World, viewer: str, status: int) -> None:
    response = world.client(viewer).get(EXPORT)
    assert response.status_code == status
    if status == 200:
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert any(world.code in row for row in rows)
        exported = response.data.decode("utf-8-sig")
        assert not any(text in exported for text in (*FILES.values(), *NOTES.values()))


def test_the_supervisor_reads_the_dossier_and_each_step_without_acting(world: World) -> None:
    client = world.client("supervisor.ttpvhcc")
    listing = client.get(EXPORT.replace(".csv", "")).get_data(as_text=True)
    assert f'href="/mot-cua/ho-so/{world.dossier_id}"' in listing
    page = client.get(f"/mot-cua/ho-so/{world.dossier_id}").get_data(as_text=True)
    assert "chỉ xem, không thao tác" in page
    assert f"/mot-cua/ho-so/{world.dossier_id}/tra-ket-qua" not in page
    for task_id in world.task_ids.values():
        step = client.get(f"/xu-ly/nhiem-vu/{task_id}")
        assert step.status_code == 200
        assert f"/xu-ly/nhiem-vu/{task_id}/" not in step.get_data(as_text=True)  # no act


# --- a working file is attached from the step's page ------------------------------------


def test_a_working_file_is_attached_from_the_step_page_and_stays_with_the_step(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.parallel_stage(clock)
    police = built.task("congan")
    scenarios.work_step(clock, police, "congan", until=TaskState.IN_PROGRESS)
    page = f"/xu-ly/nhiem-vu/{police.id}"
    attached = submit(
        client_for("specialist.congan"),
        page,
        f"{page}/dinh-kem",
        {"attach-working_file": (io.BytesIO(PDF), "biên bản xác minh.pdf")},
    )
    assert attached.status_code == 302
    db.session.rollback()
    row = db.session.scalars(
        select(DossierFile).where(DossierFile.kind == FileKind.WORKING.value)
    ).one()
    assert row.task_id == police.id and row.original_name == "biên bản xác minh.pdf"
    assert "biên bản xác minh.pdf" in text_of(client_for("leader.congan").get(page))
    bhxh_page = f"/xu-ly/nhiem-vu/{built.task('bhxh').id}"
    assert "biên bản xác minh.pdf" not in text_of(client_for("leader.bhxh").get(bhxh_page))
    # Nobody outside the step attaches to it: the parallel agency's leader gets 404.
    blind = blind_post(
        client_for("leader.bhxh"),
        f"{page}/dinh-kem",
        "attach",
        police.version,
        {"attach-working_file": (io.BytesIO(PDF), "gia-mao.pdf")},
    )
    assert blind.status_code == 404


def test_the_result_reaches_the_applicant_when_it_is_handed_over(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    """Released on approval, listed with its code at the return desk, shown to the
    applicant only once the one-stop unit hands it over online."""
    built = scenarios.submitted_online(clock)
    desk = actor("reception.px_quynhon")
    reception.receive_dossier(
        desk,
        built.dossier_id,
        now=clock.advance(minutes=30),
        expected_version=dossier_version(built.dossier_id),
    )
    reception.dispatch_dossier(
        desk,
        built.dossier_id,
        now=clock.advance(minutes=5),
        expected_version=dossier_version(built.dossier_id),
    )
    scenarios.work_step(clock, built.tasks()[0], "px_quynhon")
    code = f"{scenarios.fresh(built.dossier_id).code}-KQ1"
    returns = text_of(client_for("reception.px_quynhon").get("/mot-cua/tra-ket-qua"))
    assert code in returns

    citizen = client_for("citizen1")
    mine = f"/ho-so-cua-toi/{built.dossier_id}"
    waiting = text_of(citizen.get(mine))
    assert code not in waiting and "du-thao-px_quynhon.pdf" not in waiting

    closing.return_result(
        desk,
        built.dossier_id,
        "online",
        now=clock.advance(minutes=30),
        expected_version=dossier_version(built.dossier_id),
    )
    handed = text_of(citizen.get(mine))
    assert code in handed and "du-thao-px_quynhon.pdf" in handed
