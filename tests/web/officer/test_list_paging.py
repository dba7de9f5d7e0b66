"""Long lists are walked by keyset: "Trang sau" continues exactly after the last row the
officer saw, whatever left the list or arrived in it meanwhile
(docs/architecture.md#list-paging)."""

from __future__ import annotations

import html
import re

from flask import Flask

from tests.services.support import actor, dossier_version
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, fresh, text_of
from vpub_onestop.services import reception

SAME_DAY = "2.000884"  # a commune procedure decided the same day (demo catalogue)


def _next_link(page: str) -> str:
    found = re.search(r'href="([^"#]+)" rel="next"', page)
    assert found is not None, "the page offers no next page"
    return html.unescape(found[1])


def _codes(page: str, codes: list[str]) -> list[str]:
    """The given dossier codes in the order the page lists them (each row once)."""
    table = page[page.index("<table") : page.index("</table>")]
    return sorted((code for code in codes if code in table), key=table.index)


def test_the_next_page_continues_after_the_last_row_even_when_rows_left_the_list(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    officer_app.config["QUEUE_PAGE_SIZE"] = 5
    ids = _submitted(clock, 7)
    codes = [fresh(dossier_id).code or "" for dossier_id in ids]
    client = client_for("reception.px_quynhon")
    first = text_of(client.get("/mot-cua/tiep-nhan"))
    assert _codes(first, codes) == codes[:5]  # oldest submission first

    # Meanwhile a colleague receives the two oldest: they leave the "to check" list.
    for dossier_id in ids[:2]:
        reception.receive_dossier(
            actor("reception.px_quynhon"),
            dossier_id,
            expected_version=dossier_version(dossier_id),
            now=clock.advance(minutes=1),
        )

    # Counting 5 rows from the new top would show only the 7th; the link carries the
    # last row seen, so the page shows the 6th and the 7th, nothing skipped.
    second = text_of(client.get(_next_link(first)))
    assert _codes(second, codes) == codes[5:]
    assert "trang 2/2" in second


def test_a_new_step_due_sooner_does_not_repeat_a_row_on_the_next_page(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    officer_app.config["QUEUE_PAGE_SIZE"] = 5
    built = [scenarios.dispatched(clock) for _ in range(7)]  # due in 5 working days each
    codes = [fresh(b.dossier_id).code or "" for b in built]
    client = client_for("leader.px_quynhon")
    first = text_of(client.get("/xu-ly"))
    assert _codes(first, codes) == codes[:5]  # nearest due date first

    # A same-day procedure arrives: due this afternoon, it sorts before every row seen.
    urgent = fresh(scenarios.dispatched(clock, SAME_DAY).dossier_id).code or ""
    second = text_of(client.get(_next_link(first)))
    assert _codes(second, codes) == codes[5:]  # the 6th and 7th, the 5th not repeated
    assert urgent not in second
    assert urgent in text_of(client.get("/xu-ly"))  # the first page shows it on top


def test_a_bookmarked_page_number_still_opens_that_page(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    officer_app.config["QUEUE_PAGE_SIZE"] = 5
    codes = [fresh(dossier_id).code or "" for dossier_id in _submitted(clock, 7)]
    page = text_of(client_for("reception.px_quynhon").get("/mot-cua/tiep-nhan?trang=2"))
    assert _codes(page, codes) == codes[5:]
    assert "trang 2/2" in page


def test_a_malformed_page_edge_is_a_bad_request(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    client = client_for("reception.px_quynhon")
    for edge in ("abc", "12", "-5", "1-0", "99999999999999999-1", "1-2-3", "１-2"):
        assert client.get("/mot-cua/tiep-nhan", query_string={"sau": edge}).status_code == 400
        assert client.get("/mot-cua/tiep-nhan", query_string={"truoc": edge}).status_code == 400


def _submitted(clock: Clock, count: int) -> list[int]:
    """`count` online submissions a minute apart, oldest first."""
    ids = []
    for _ in range(count):
        ids.append(scenarios.submitted_online(clock).dossier_id)
        clock.advance(minutes=1)
    return ids
