"""Officers' lists cost the same number of SQL statements whatever their length (no query
per row), and long lists are paginated."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event

from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, fresh, text_of
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db
from vpub_onestop.services.files import store_file
from vpub_onestop.services.uow import unit_of_work

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@contextmanager
def counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _assigned(clock: Clock) -> None:
    built = scenarios.dispatched(clock)
    scenarios.work_step(clock, built.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)


LISTS: dict[str, tuple[str, str, Callable[[Clock], object]]] = {
    "online-queue": ("reception.px_quynhon", "/mot-cua/tiep-nhan", scenarios.submitted_online),
    "to-dispatch": (
        "reception.px_quynhon",
        "/mot-cua/tiep-nhan?loai=cho-chuyen",
        scenarios.received_at_counter,
    ),
    "results": ("reception.px_quynhon", "/mot-cua/tra-ket-qua", scenarios.result_ready),
    "leader": ("leader.px_quynhon", "/xu-ly", scenarios.dispatched),
    "specialist": ("specialist.px_quynhon", "/xu-ly", _assigned),
}


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_costs_the_same_with_5_or_30_rows(
    officer_app: Flask, client_for: Clients, clock: Clock, name: str
) -> None:
    username, url, make = LISTS[name]
    officer_app.config["QUEUE_PAGE_SIZE"] = 50
    client = client_for(username)

    def measure(rows: int) -> int:
        with counting() as statements:
            html = text_of(client.get(url))
        assert _rows(html) == rows
        return len(statements)

    for _ in range(5):
        make(clock)
    with_5 = measure(5)
    for _ in range(25):
        make(clock)
    with_30 = measure(30)

    assert with_30 == with_5


def test_the_dossier_page_costs_the_same_with_1_or_8_files(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.result_ready(clock, scenarios.PARALLEL)
    client = client_for("reception.px_quynhon")
    page = f"/mot-cua/ho-so/{built.dossier_id}"

    def attach(count: int) -> None:
        dossier = fresh(built.dossier_id)
        with unit_of_work() as session:
            for number in range(count):
                store_file(
                    session,
                    dossier,
                    f"ban-quet-{number}.pdf",
                    PDF,
                    now=clock.now,
                    uploaded_by_id=None,
                )

    attach(1)
    with counting() as one_file:
        assert client.get(page).status_code == 200
    attach(7)
    with counting() as eight_files:
        html = text_of(client.get(page))
    assert html.count("ban-quet-") == 8
    assert len(eight_files) == len(one_file)


def _rows(html: str) -> int:
    table = html[html.index("<table") : html.index("</table>")]
    return table.count("<tr") - 1  # less the header row


def test_long_queues_are_paginated(officer_app: Flask, client_for: Clients, clock: Clock) -> None:
    for _ in range(30):
        scenarios.submitted_online(clock)
    client = client_for("reception.px_quynhon")

    first = text_of(client.get("/mot-cua/tiep-nhan"))
    second = text_of(client.get("/mot-cua/tiep-nhan?trang=2"))

    assert _rows(first) == 25
    assert _rows(second) == 5
    assert 'href="/mot-cua/tiep-nhan?trang=2"' in first
    assert "trang 2/2" in second
