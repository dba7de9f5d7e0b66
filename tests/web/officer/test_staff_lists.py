"""The officers' lists without gaps (`/mot-cua/danh-sach-ho-so`, `/xu-ly/danh-sach-ho-so`):
the one-stop unit finds every dossier it received, whoever holds it now, filtered and
sorted; an agency the dossiers of its open steps; nobody lists what the who-sees-what
rule hides from him (docs/domain.md#who-sees-what: the receiving unit keeps the whole
record, an agency works on the file handed over to it). The home page's figures count
exactly the rows of the list they open.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import actor, as_local, task_version
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, fresh, text_of
from vpub_onestop.domain.status import TaskState
from vpub_onestop.services import processing

UNIT_LIST = "/mot-cua/danh-sach-ho-so"
AGENCY_LIST = "/xu-ly/danh-sach-ho-so"


def _codes(client: FlaskClient, url: str) -> list[str]:
    """The dossier codes of the list's rows, in the order shown (the table)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    table = text_of(response).split('<ul class="list-group d-md-none')[0]
    return re.findall(r'<a class="fw-semibold" href="[^"]*">([^<]+)</a>', table)


def _row(client: FlaskClient, url: str, code: str) -> str:
    page = text_of(client.get(url))
    match = re.search(
        rf"<tr data-dossier=\"\d+\">\s*<td[^>]*><a[^>]*>{code}</a>.*?</tr>", page, re.S
    )
    assert match, f"{code} is not listed"
    return match.group(0)


def _code(built: scenarios.Built) -> str:
    return fresh(built.dossier_id).code or ""


def test_reception_lists_every_dossier_of_its_unit_with_who_holds_it(
    client_for: Clients, clock: Clock
) -> None:
    waiting = scenarios.received_at_counter(clock)
    clock.advance(minutes=10)
    at_agency = scenarios.dispatched(clock)
    scenarios.work_step(
        clock, at_agency.task("px_quynhon"), "px_quynhon", until=TaskState.IN_PROGRESS
    )
    elsewhere = scenarios.received_at_counter(clock, desk="reception.ttpvhcc")
    desk = client_for("reception.px_quynhon")

    listed = _codes(desk, UNIT_LIST)
    assert set(listed) == {_code(waiting), _code(at_agency)}
    assert _code(elsewhere) not in listed  # another unit's dossier is not ours to list
    # The dispatched one is held by the commune's step, assigned to its specialist.
    held = _row(desk, UNIT_LIST, _code(at_agency))
    assert "Cán bộ specialist.px_quynhon" in held
    assert fresh(at_agency.dossier_id).tasks[0].name in held
    # The one not yet dispatched is still at the one-stop desk.
    assert "Bộ phận Một cửa" in _row(desk, UNIT_LIST, _code(waiting))
    # The row opens the unit's dossier page.
    assert f'href="/mot-cua/ho-so/{at_agency.dossier_id}"' in held


def test_the_unit_list_filters_by_the_agency_holding_the_dossier(
    client_for: Clients, clock: Clock
) -> None:
    both = scenarios.parallel_stage(clock)  # police and social insurance steps pending
    alone = scenarios.dispatched(clock)  # at the commune's own step
    desk = client_for("reception.px_quynhon")
    police = both.task("congan").agency_id
    assert _codes(desk, f"{UNIT_LIST}?co_quan={police}") == [_code(both)]
    commune = alone.task("px_quynhon").agency_id
    assert _codes(desk, f"{UNIT_LIST}?co_quan={commune}") == [_code(alone)]


def test_an_overdue_dossier_shows_its_working_days_late(client_for: Clients, clock: Clock) -> None:
    late = scenarios.dispatched(clock)
    on_time = scenarios.dispatched(clock, desk="reception.px_quynhon")
    due = as_local(fresh(late.dossier_id).due_at)
    # One calendar day after a due moment inside office hours, Monday to Thursday, is one
    # full working day (8 office hours) later: "1,0 ngày làm việc" late.
    assert due.weekday() < 4 and 8 <= due.hour <= 17, due
    clock.set(due + timedelta(days=1))
    desk = client_for("reception.px_quynhon")

    overdue = _codes(desk, f"{UNIT_LIST}?han=qua-han")
    assert _code(late) in overdue
    assert "1,0 ngày làm việc" in _row(desk, UNIT_LIST, _code(late))
    # Both were received minutes apart: both are late; the list sorts by due date.
    assert overdue == sorted(overdue, key=lambda code: fresh_due(code, late, on_time))


def fresh_due(code: str, *built: scenarios.Built) -> object:
    return next(fresh(b.dossier_id).due_at for b in built if _code(b) == code)


def test_finished_dossiers_are_listed_newest_first_and_paged_without_gaps(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    officer_app.config["QUEUE_PAGE_SIZE"] = 2
    made = []
    for _ in range(5):
        made.append(_code(scenarios.received_at_counter(clock)))
        clock.advance(minutes=15)
    desk = client_for("reception.px_quynhon")
    first = text_of(desk.get(f"{UNIT_LIST}?trang_thai=tat-ca"))
    seen = re.findall(
        r'<a class="fw-semibold" href="[^"]*">([^<]+)</a>', first.split("d-md-none")[0]
    )
    url = f"{UNIT_LIST}?trang_thai=tat-ca"
    page = first
    while True:
        link = re.search(r'<a class="page-link" href="([^"#]+)" rel="next">', page)
        if not link:
            break
        url = link.group(1).replace("&amp;", "&")
        assert "sau=" in url  # the next page continues from the last row shown (keyset)
        page = text_of(desk.get(url))
        seen += re.findall(
            r'<a class="fw-semibold" href="[^"]*">([^<]+)</a>', page.split("d-md-none")[0]
        )
    assert seen == list(reversed(made))  # newest received first, each exactly once
    # From the last page (the oldest one), "Trang trước" ends just before its first row:
    # the 3rd and 2nd oldest, as page 2 showed them.
    back = re.search(r'<a class="page-link" href="([^"#]+)" rel="prev">', page)
    assert back and "truoc=" in back.group(1)
    previous = text_of(desk.get(back.group(1).replace("&amp;", "&")))
    shown = re.findall(
        r'<a class="fw-semibold" href="[^"]*">([^<]+)</a>', previous.split("d-md-none")[0]
    )
    assert shown == list(reversed(made))[2:4]


def test_an_agency_lists_the_dossiers_of_its_open_steps_only(
    client_for: Clients, clock: Clock
) -> None:
    both = scenarios.parallel_stage(clock)
    commune_only = scenarios.dispatched(clock)
    police = client_for("leader.congan")
    listed = _codes(police, AGENCY_LIST)
    assert listed == [_code(both)]
    # The row opens the police's own step, not the desk's page.
    row = _row(police, AGENCY_LIST, _code(both))
    assert f'href="/xu-ly/nhiem-vu/{both.task("congan").id}"' in row
    # The social-insurance step is shown as held there, without its officer's name.
    assert "Bảo hiểm" in row or both.task("bhxh").agency.name in row
    assert _code(commune_only) not in listed
    assert _codes(client_for("leader.vpdkdd"), AGENCY_LIST) == []


def test_a_specialist_finds_the_step_his_leader_sent_back(
    client_for: Clients, clock: Clock
) -> None:
    returned = scenarios.dispatched(clock)
    task = returned.task("px_quynhon")
    scenarios.work_step(clock, task, "px_quynhon", until=TaskState.AWAITING_APPROVAL)
    other = scenarios.dispatched(clock)
    scenarios.work_step(clock, other.task("px_quynhon"), "px_quynhon", until=TaskState.IN_PROGRESS)
    processing.send_back_step(
        actor("leader.px_quynhon"),
        task.id,
        "Thiếu chữ ký.",
        now=clock.advance(minutes=5),
        expected_version=task_version(task.id),
    )
    specialist = client_for("specialist.px_quynhon")
    assert set(_codes(specialist, AGENCY_LIST)) == {_code(returned), _code(other)}
    assert _codes(specialist, f"{AGENCY_LIST}?tra_lai=1") == [_code(returned)]
    home = text_of(specialist.get("/"))
    block = re.search(r'data-day="tra-lai">.*?</li>', home, re.S)
    assert block and 'href="/xu-ly/danh-sach-ho-so?tra_lai=1"' in block.group(0)
    assert re.search(r"data-count>1<", block.group(0))


def test_the_home_page_counts_what_the_linked_lists_hold(client_for: Clients, clock: Clock) -> None:
    late = scenarios.dispatched(clock)
    scenarios.received_at_counter(clock)  # waits for dispatch
    clock.set(fresh(late.dossier_id).due_at + timedelta(hours=1))  # type: ignore[operator]
    desk = client_for("reception.px_quynhon")
    home = text_of(desk.get("/"))
    assert "đang được xây dựng" not in home
    for key, url in (("qua-han", f"{UNIT_LIST}?han=qua-han"), ("cho-chuyen", None)):
        block = re.search(
            rf'data-day="{key}">\s*<a href="([^"]+)">.*?data-count>(\d+)<', home, re.S
        )
        assert block, key
        link, count = block.group(1).replace("&amp;", "&"), int(block.group(2))
        if url:
            assert link == url
            assert len(_codes(desk, link)) == count == 2  # both were received that morning
        else:
            assert count == 1


def test_lists_are_the_officers_own(client_for: Clients, clock: Clock) -> None:
    scenarios.dispatched(clock)
    assert client_for("supervisor.ttpvhcc").get(UNIT_LIST).status_code == 403
    assert client_for("citizen1").get(UNIT_LIST).status_code == 403
    assert client_for("reception.px_quynhon").get(AGENCY_LIST).status_code == 403
    assert client_for("leader.congan").get(UNIT_LIST).status_code == 403


def test_a_step_waiting_for_the_applicant_is_not_overdue_on_the_agency_list(
    client_for: Clients, clock: Clock
) -> None:
    from tests.services.support import dossier_version
    from vpub_onestop.services import supplements

    running = scenarios.dispatched(clock)
    waiting = scenarios.dispatched(clock)
    for built in (running, waiting):
        scenarios.work_step(
            clock, built.task("px_quynhon"), "px_quynhon", until=TaskState.IN_PROGRESS
        )
    supplements.request_supplement(
        actor("specialist.px_quynhon"),
        waiting.dossier_id,
        "Bổ sung bản sao giấy tờ tùy thân.",
        now=clock.advance(minutes=5),
        expected_version=dossier_version(waiting.dossier_id),
    )
    # Decree 61/2018 Art. 19(4): the time limit does not run while the applicant completes
    # the file. A week later both steps are past their due date; only one is late.
    clock.advance(days=7)
    leader = client_for("leader.px_quynhon")
    assert _codes(leader, f"{AGENCY_LIST}?han=qua-han") == [_code(running)]
    assert set(_codes(leader, AGENCY_LIST)) == {_code(running), _code(waiting)}
    home = text_of(leader.get("/"))
    block = re.search(r'data-day="qua-han">.*?data-count>(\d+)<', home, re.S)
    assert block and block.group(1) == "1"
