"""The agency task list's figures — the tabs' counts, the urgency cards and each officer's
load beside the assignment forms — agree with the rows the tabs list, and with the dates
worked out by hand. They come from one grouped count (queries/open_work.py); the rows from
the list's own query and the badges' rule (queries.agency_queues.Thresholds).

The agency: px_quynhon (the commune), Monday 2/3/2026 15:45, its specialist
specialist.px_quynhon. Due dates as the demo procedures give them (Decree 61/2018 Art. 19:
counted in working days from receipt; tests/web/officer/test_work_agency.py): 2.000815 and
1.001193 are answered the same working day by 17:00, 1.000894 in 5 working days (received
Tue 24/2 08:00 → due Tue 3/3 08:00; received Mon 2/3 08:00 → due Mon 9/3 08:00).

- A 2.000815 received Thu 26/2 08:00, assigned: due 26/2 17:00, overdue, in progress.
- E 2.000815 received Thu 26/2 08:30, not assigned: overdue, pending.
- G 1.000894 received Tue 24/2 08:00, not assigned: due Tue 3/3 08:00, within one working
  day of 15:45 and after today: "soon", pending.
- B 1.001193 received Mon 2/3 08:00, assigned: due today 17:00, in progress.
- C 1.000894 received Mon 2/3 08:00, not assigned: due 9/3, pending.
- D 1.001193 received Mon 2/3 08:10, proposed: due today 17:00, awaiting approval.
- F 1.000894 dispatched Mon 2/3 15:30: paper after 15:00 reaches the agency Tuesday 07:00,
  so at 15:45 it is in no tab and no count.

Leader: pending C, E, G = 3; in progress A, B = 2; awaiting D = 1; overdue A, E = 2; today
B, D = 2; soon G = 1; the specialist holds A and B, one overdue (A). Specialist (his working
state is "in progress"): in progress 2, submitted 1; overdue 1 (A), today 1 (B), soon 0.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import actor, local
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, text_of
from vpub_onestop.domain.status import TaskState

SAME_DAY, SAME_DAY_2, FIVE_DAYS = "2.000815", "1.001193", scenarios.SIMPLE
AGENCY = "px_quynhon"
BADGE = {"overdue": "table-danger", "today": "table-warning"}
SOON_TEXT = "Còn dưới 1 ngày làm việc"


def _step(clock: Clock, code: str, received: tuple[int, ...], until: TaskState | None) -> int:
    clock.set(local(*received))
    task = scenarios.dispatched(clock, code).tasks()[0]
    if until is not None:
        scenarios.work_step(clock, task, AGENCY, until=until)
    return task.id


def _agency_story(clock: Clock) -> None:
    _step(clock, FIVE_DAYS, (2026, 2, 24, 8, 0), None)  # G
    _step(clock, SAME_DAY, (2026, 2, 26, 8, 0), TaskState.IN_PROGRESS)  # A
    _step(clock, SAME_DAY, (2026, 2, 26, 8, 30), None)  # E
    _step(clock, SAME_DAY_2, (2026, 3, 2, 8, 0), TaskState.IN_PROGRESS)  # B
    _step(clock, FIVE_DAYS, (2026, 3, 2, 8, 5), None)  # C
    _step(clock, SAME_DAY_2, (2026, 3, 2, 8, 10), TaskState.AWAITING_APPROVAL)  # D
    _step(clock, FIVE_DAYS, (2026, 3, 2, 15, 30), None)  # F, arrives Tuesday 07:00
    clock.set(local(2026, 3, 2, 15, 45))


def _tab_counts(html: str) -> dict[str, int]:
    found = re.findall(
        r'href="/xu-ly\?loai=([a-z-]+)"[^>]*>\s*[^<]*<span class="badge[^"]*">(\d+)<', html
    )
    return {key: int(n) for key, n in found}


def _cards(html: str) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(r'data-urgency="([a-z]+)">(\d+)<', html)}


def _rows(client: FlaskClient, tab: str) -> list[str]:
    """The table rows a tab lists (one page: the story is shorter than a page)."""
    html = text_of(client.get(f"/xu-ly?loai={tab}"))
    if "<table" not in html:
        return []
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    return table.split("<tr")[1:]


def _badges(rows: list[str]) -> dict[str, int]:
    return {
        "overdue": sum(BADGE["overdue"] in row for row in rows),
        "today": sum(BADGE["today"] in row for row in rows),
        "soon": sum(SOON_TEXT in row for row in rows),
    }


def _after_story(client_for: Clients, clock: Clock, role: str) -> tuple[FlaskClient, str]:
    """The officer's client and his first tab, at Monday 15:45."""
    _agency_story(clock)
    client = client_for(f"{role}.{AGENCY}")
    return client, text_of(client.get("/xu-ly"))


def test_the_leaders_tabs_cards_and_loads_agree_with_his_rows(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    leader, html = _after_story(client_for, clock, "leader")

    tabs = ("cho-phan-cong", "dang-xu-ly", "cho-phe-duyet")
    rows = {tab: _rows(leader, tab) for tab in tabs}
    assert _tab_counts(html) == {"cho-phan-cong": 3, "dang-xu-ly": 2, "cho-phe-duyet": 1}
    assert _tab_counts(html) == {tab: len(rows[tab]) for tab in tabs}

    every_row = [row for tab in tabs for row in rows[tab]]
    assert _cards(html) == {"overdue": 2, "today": 2, "soon": 1}
    assert _cards(html) == _badges(every_row)

    specialist = actor(f"specialist.{AGENCY}").user_id
    load = re.search(rf'data-officer="{specialist}">.*?</li>', html, re.S)
    assert load is not None
    in_hand = rows["dang-xu-ly"]
    assert f'data-load="open">{len(in_hand)} đang xử lý<' in load.group(0)
    overdue = _badges(in_hand)["overdue"]
    assert f">{overdue} quá hạn<" in load.group(0)
    assert (len(in_hand), overdue) == (2, 1)


def test_the_specialists_tabs_and_cards_agree_with_his_rows(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    specialist, html = _after_story(client_for, clock, "specialist")

    in_hand, submitted = _rows(specialist, "dang-xu-ly"), _rows(specialist, "da-trinh")
    assert _tab_counts(html) == {"dang-xu-ly": 2, "da-trinh": 1}
    assert _tab_counts(html) == {"dang-xu-ly": len(in_hand), "da-trinh": len(submitted)}
    # His cards count his working state only: the proposal (due today) awaits the leader.
    assert _badges(submitted) == {"overdue": 0, "today": 1, "soon": 0}
    assert _cards(html) == {"overdue": 1, "today": 1, "soon": 0}
    assert _cards(html) == _badges(in_hand)
