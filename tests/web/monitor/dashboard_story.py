"""Open work on Wednesday 11/3/2026 at 10:00, the moment the dashboard and sweep tests look
at it. "Due soon" = within one working day of office time: from 10:00 on 11/3 that is
10:00 on Thursday 12/3 (1.5 h + 3.5 h on the 11th, then 3 h on the 12th).

1.000894 (marriage registration) is 5 working days at the receiving centre; 1.004222 is
7 working days at the police.

  D1  px_quynhon, recv Wed 4/3 09:00, due Wed 11/3 09:00: overdue; step assigned to the
      centre's specialist
  D2  px_quynhon, recv Wed 4/3 14:00, due Wed 11/3 14:00: due today (and due soon); step not
      assigned yet
  D3  px_quynhon, recv Thu 5/3 08:00, due Thu 12/3 08:00: due soon, not today
  D4  px_quynhon, recv Fri 6/3 09:00, due Fri 13/3 09:00: within time
  D5  px_quynhon, recv Mon 2/3 09:00, due Mon 9/3, supplement asked Tue 3/3: waiting for the
      applicant, so not overdue although its due date has passed
  D6  px_quynhon, 1.004222, recv Tue 10/3 09:00, due Thu 19/3; the police apologised on
      10/3 with a new appointment on 23/3
  D7  ttpvhcc (the provincial centre), recv Tue 3/3 09:00, due Tue 10/3 09:00: overdue,
      never dispatched
  D8  px_quynhon, recv Mon 2/3 08:00, finished Tue 3/3: no longer open
"""

from __future__ import annotations

from tests.services.support import actor, dossier_version, local
from tests.web.monitor.month_story import (
    MARRIAGE,
    RESIDENCE,
    add_managers,
    assign,
    counter,
    dispatch,
    work,
)
from vpub_onestop.services import closing, supplements

NOW = local(2026, 3, 11, 10)


def build_open_work() -> dict[str, int]:
    add_managers()
    ids: dict[str, int] = {}
    ids["D1"] = counter(MARRIAGE, local(2026, 3, 4, 9))
    dispatch(ids["D1"], local(2026, 3, 4, 9, 30))
    assign(ids["D1"], "px_quynhon", local(2026, 3, 4, 10))
    ids["D2"] = counter(MARRIAGE, local(2026, 3, 4, 14))
    dispatch(ids["D2"], local(2026, 3, 4, 14, 30))
    ids["D3"] = counter(MARRIAGE, local(2026, 3, 5, 8))
    dispatch(ids["D3"], local(2026, 3, 5, 8, 30))
    ids["D4"] = counter(MARRIAGE, local(2026, 3, 6, 9))
    dispatch(ids["D4"], local(2026, 3, 6, 9, 30))
    ids["D5"] = counter(MARRIAGE, local(2026, 3, 2, 9))
    dispatch(ids["D5"], local(2026, 3, 2, 9, 30))
    assign(ids["D5"], "px_quynhon", local(2026, 3, 2, 10))
    supplements.request_supplement(
        actor("specialist.px_quynhon"),
        ids["D5"],
        "Bổ sung bản sao.",
        now=local(2026, 3, 3, 9),
        expected_version=dossier_version(ids["D5"]),
    )
    ids["D6"] = counter(RESIDENCE, local(2026, 3, 10, 9))
    dispatch(ids["D6"], local(2026, 3, 10, 9, 30))
    closing.apologise(
        actor("leader.congan"),
        ids["D6"],
        "Cần xác minh thêm với địa phương nơi cư trú trước.",
        local(2026, 3, 23, 9),
        now=local(2026, 3, 10, 14),
        expected_version=dossier_version(ids["D6"]),
    )
    ids["D7"] = counter(MARRIAGE, local(2026, 3, 3, 9), desk="reception.ttpvhcc")
    ids["D8"] = counter(MARRIAGE, local(2026, 3, 2, 8))
    dispatch(ids["D8"], local(2026, 3, 2, 8, 30))
    work(ids["D8"], "px_quynhon", local(2026, 3, 2, 9), local(2026, 3, 3, 9))
    return ids
