"""The agency task list's rows, prepared once for the page's two layouts.

The list shows each row twice: as a table row from 768 px and as a card below it (360 px
phones). Each row's address, due time and badge, and the leader's assignment choices, are
worked out here once per page; both layouts only print them. The task and assignment
addresses differ only by the task's id, so the address is built once per page and the id
put in it (bench/PROFILE.md, "Task list"): 25 rows used to build 100 addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for

from vpub_onestop.domain.formatting import moment
from vpub_onestop.queries.agency_queues import TaskRow
from vpub_onestop.web.request_input import MAX_ID

# An id no address of the app otherwise contains: where it appears, the id goes.
_MARK = str(MAX_ID)


def id_url(endpoint: str, name: str) -> Callable[[int], str]:
    """`url_for(endpoint, name=id)` for any id, built once."""
    values: dict[str, Any] = {name: int(_MARK)}
    sample = url_for(endpoint, **values)
    parts = sample.split(_MARK)
    if len(parts) != 2:
        return lambda number: url_for(endpoint, **{**values, name: number})
    head, tail = parts
    return lambda number: f"{head}{number}{tail}"


@dataclass(frozen=True)
class ShownTask:
    row: TaskRow
    url: str
    assign_url: str
    due: str


def shown_tasks(rows: list[TaskRow]) -> list[ShownTask]:
    task_url, assign_url = id_url("work.task", "task_id"), id_url("work.assign", "task_id")
    return [
        ShownTask(row, task_url(row.task_id), assign_url(row.task_id), moment(row.due_at))
        for row in rows
    ]
