"""A month of work at the commune centre of Quy Nhơn (px_quynhon), March 2026, with a few
dossiers carried over from February and one at the provincial centre (ttpvhcc), all made
through the services at fixed moments. The report tests compare the statistics with
figures counted by hand from this story (see the comments there).

Calendar: Tết 2026 is off 14–22/2; March 2026 has no holiday. Office hours 07:00–11:30,
13:30–17:00. Limits: 1.000894 (marriage registration) = 5 working days at the receiving
centre; 1.004222 = 7 WD at the police (congan); LT.KS-TT-BHYT = 3 WD: the centre 1 WD,
then police and social insurance (bhxh) 2 WD each, in parallel. Supplement clock policy:
restart (the default).

  F1  1.000894 counter, recv Wed 25/2 09:00, due Wed 4/3 09:00, approved Tue 3/3 -> early
  F2  1.000894 counter, recv Thu 26/2 14:00, due Thu 5/3 14:00, approved Mon 9/3 -> late
  F3  1.000894 counter, recv Mon 23/2 08:00, due Mon 2/3, approved Fri 27/2 (closed in Feb)
  F4  1.004222 online, submitted Fri 27/2 20:00, received Mon 2/3 08:15, due Wed 11/3
      08:15, never finished -> received in March (online), overdue at the end of March
  F5  1.004222 counter, recv Fri 27/2 10:00, due Tue 10/3 10:00, never finished
  M1  1.000894 counter, recv Mon 2/3 09:00, due Mon 9/3 09:00, approved Mon 9/3 15:00
  M2  1.000894 by post, recv Tue 3/3 10:00, due Tue 10/3 10:00, approved Wed 4/3
  M3  LT.KS-TT-BHYT online, recv Thu 5/3 08:00, due Tue 10/3 08:00; centre step (due Fri
      6/3) done Thu 5/3, police (due 10/3) Mon 9/3, social insurance Wed 11/3 -> late
  M4  1.000894 counter, recv Mon 9/3 09:00, due Mon 16/3; supplement asked Tue 10/3, file
      complete Tue 17/3 09:00 -> due restarts: Tue 24/3 09:00; approved Mon 23/3
  M5  1.000894 counter, recv Mon 16/3 09:00, due Mon 23/3; supplement asked Wed 18/3,
      never completed
  M6  1.000894 online, submitted Tue 10/3, refused Wed 11/3
  M7  1.000894 counter, recv Thu 12/3 09:00, withdrawn Fri 13/3 (stopped)
  M8  1.000894 counter, recv Mon 30/3 09:00, due Mon 6/4 09:00, still in progress
  M9  1.000894 counter, recv Mon 2/3 10:00; supplement asked Tue 3/3, back Wed 4/3; asked
      again Thu 5/3, back Fri 6/3 09:00 -> due Fri 13/3 09:00; approved Thu 12/3
  M10 1.000894 counter, recv Fri 20/3, voided the same day
  P1  1.000894 counter at the PROVINCIAL centre, recv Tue 3/3 09:00, due Tue 10/3, never
      dispatched
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    submit_draft,
    task_version,
    unit_id,
)
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import User
from vpub_onestop.services import closing, processing, reception, supplements
from vpub_onestop.services.accounts import create_user

MARRIAGE = "1.000894"
RESIDENCE = "1.004222"
BIRTH_BUNDLE = "LT.KS-TT-BHYT"
DESK = "reception.px_quynhon"
JUSTIFICATION = "Giấy tờ bổ sung lần trước vẫn thiếu trang có chữ ký xác nhận."
MANAGERS = (
    ("unit_head.px_quynhon", Role.UNIT_HEAD, "px_quynhon"),
    ("unit_head.ttpvhcc", Role.UNIT_HEAD, "ttpvhcc"),
    ("supervisor.ttpvhcc", Role.SUPERVISOR, "ttpvhcc"),
)


def add_managers() -> None:
    """Unit heads and a supervisor (the shared test seed has none)."""
    for username, role, agency in MANAGERS:
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            create_user(
                username,
                "password-123",
                f"Lãnh đạo {username}",
                role,
                agency_key=agency,
                email=f"{username}@example.com",
            )


def counter(procedure: str, at: datetime, desk: str = DESK, channel: str = "direct") -> int:
    return counter_receipt(
        actor(desk), procedure_id(procedure), APPLICANT, channel=channel, now=at
    ).id


def online(procedure: str, submitted: datetime) -> int:
    citizen = actor("citizen1")
    dossier_id = draft_with_documents(
        citizen, procedure_id(procedure), unit_id("px_quynhon"), APPLICANT, now=submitted
    )
    submit_draft(citizen, dossier_id, now=submitted)
    return dossier_id


def task_of(dossier_id: int, agency_key: str) -> int:
    return next(t.id for t in fresh(dossier_id).tasks if t.agency.key == agency_key)


def assign(dossier_id: int, agency_key: str, at: datetime) -> int:
    task_id = task_of(dossier_id, agency_key)
    specialist = actor(f"specialist.{agency_key}")
    processing.assign_task(
        actor(f"leader.{agency_key}"),
        task_id,
        specialist.user_id or 0,
        now=at,
        expected_version=task_version(task_id),
    )
    return task_id


def work(dossier_id: int, agency_key: str, assign_at: datetime, approve_at: datetime) -> None:
    """Assign, propose (an hour after assigning) and approve one agency's step."""
    task_id = assign(dossier_id, agency_key, assign_at)
    processing.propose_result(
        actor(f"specialist.{agency_key}"),
        task_id,
        "Đủ điều kiện, trình ký.",
        now=assign_at.replace(hour=assign_at.hour + 1),
        expected_version=task_version(task_id),
    )
    processing.approve_step(
        actor(f"leader.{agency_key}"),
        task_id,
        now=approve_at,
        expected_version=task_version(task_id),
    )


def dispatch(dossier_id: int, at: datetime) -> None:
    reception.dispatch_dossier(
        actor(DESK), dossier_id, now=at, expected_version=dossier_version(dossier_id)
    )


def ask_supplement(dossier_id: int, at: datetime, justification: str | None = None) -> None:
    supplements.request_supplement(
        actor("specialist.px_quynhon"),
        dossier_id,
        "Bổ sung bản sao giấy khai sinh.",
        justification=justification,
        now=at,
        expected_version=dossier_version(dossier_id),
    )


def asked_to_supplement(received: datetime, asked: datetime) -> int:
    """A marriage registration received at the counter, dispatched half an hour later,
    assigned at 14:00 the same day, and the applicant asked for more at `asked`."""
    dossier_id = counter(MARRIAGE, received)
    dispatch(dossier_id, received + timedelta(minutes=30))
    assign(dossier_id, "px_quynhon", received.replace(hour=14, minute=0))
    ask_supplement(dossier_id, asked)
    return dossier_id


def build_march() -> dict[str, int]:
    """Play the story; returns the dossier ids by the names of the module docstring."""
    ids: dict[str, int] = {}
    # --- February ---
    ids["F3"] = counter(MARRIAGE, local(2026, 2, 23, 8))
    dispatch(ids["F3"], local(2026, 2, 23, 9))
    work(ids["F3"], "px_quynhon", local(2026, 2, 24, 8), local(2026, 2, 27, 10))
    ids["F1"] = counter(MARRIAGE, local(2026, 2, 25, 9))
    dispatch(ids["F1"], local(2026, 2, 25, 9, 30))
    ids["F2"] = counter(MARRIAGE, local(2026, 2, 26, 14))
    dispatch(ids["F2"], local(2026, 2, 26, 14, 30))
    ids["F5"] = counter(RESIDENCE, local(2026, 2, 27, 10))
    dispatch(ids["F5"], local(2026, 2, 27, 10, 30))
    ids["F4"] = online(RESIDENCE, local(2026, 2, 27, 20))
    # --- March ---
    reception.receive_dossier(
        actor(DESK),
        ids["F4"],
        now=local(2026, 3, 2, 8, 15),
        expected_version=dossier_version(ids["F4"]),
    )
    dispatch(ids["F4"], local(2026, 3, 2, 9))
    work(ids["F1"], "px_quynhon", local(2026, 2, 26, 8), local(2026, 3, 3, 10))
    work(ids["F2"], "px_quynhon", local(2026, 3, 2, 8), local(2026, 3, 9, 10))

    ids["M1"] = counter(MARRIAGE, local(2026, 3, 2, 9))
    dispatch(ids["M1"], local(2026, 3, 2, 9, 30))
    work(ids["M1"], "px_quynhon", local(2026, 3, 5, 8), local(2026, 3, 9, 15))

    ids["M9"] = counter(MARRIAGE, local(2026, 3, 2, 10))
    dispatch(ids["M9"], local(2026, 3, 2, 10, 30))
    assign(ids["M9"], "px_quynhon", local(2026, 3, 2, 14))
    ask_supplement(ids["M9"], local(2026, 3, 3, 9))
    supplements.supply_supplement(
        actor(DESK),
        ids["M9"],
        now=local(2026, 3, 4, 9),
        expected_version=dossier_version(ids["M9"]),
    )
    ask_supplement(ids["M9"], local(2026, 3, 5, 9), justification=JUSTIFICATION)
    supplements.supply_supplement(
        actor(DESK),
        ids["M9"],
        now=local(2026, 3, 6, 9),
        expected_version=dossier_version(ids["M9"]),
    )
    task_id = task_of(ids["M9"], "px_quynhon")
    processing.propose_result(
        actor("specialist.px_quynhon"),
        task_id,
        "Đủ điều kiện.",
        now=local(2026, 3, 11, 9),
        expected_version=task_version(task_id),
    )
    processing.approve_step(
        actor("leader.px_quynhon"),
        task_id,
        now=local(2026, 3, 12, 10),
        expected_version=task_version(task_id),
    )

    ids["M2"] = counter(MARRIAGE, local(2026, 3, 3, 10), channel="post")
    dispatch(ids["M2"], local(2026, 3, 3, 10, 30))
    work(ids["M2"], "px_quynhon", local(2026, 3, 3, 13), local(2026, 3, 4, 9))

    ids["P1"] = counter(MARRIAGE, local(2026, 3, 3, 9), desk="reception.ttpvhcc")

    ids["M3"] = online(BIRTH_BUNDLE, local(2026, 3, 4, 20))
    reception.receive_dossier(
        actor(DESK),
        ids["M3"],
        now=local(2026, 3, 5, 8),
        expected_version=dossier_version(ids["M3"]),
    )
    dispatch(ids["M3"], local(2026, 3, 5, 8, 30))
    work(ids["M3"], "px_quynhon", local(2026, 3, 5, 9), local(2026, 3, 5, 15))
    work(ids["M3"], "congan", local(2026, 3, 6, 8), local(2026, 3, 9, 10))
    work(ids["M3"], "bhxh", local(2026, 3, 6, 8), local(2026, 3, 11, 9))

    ids["M4"] = counter(MARRIAGE, local(2026, 3, 9, 9))
    dispatch(ids["M4"], local(2026, 3, 9, 9, 30))
    assign(ids["M4"], "px_quynhon", local(2026, 3, 9, 14))
    ask_supplement(ids["M4"], local(2026, 3, 10, 10))
    supplements.supply_supplement(
        actor(DESK),
        ids["M4"],
        now=local(2026, 3, 17, 9),
        expected_version=dossier_version(ids["M4"]),
    )
    task_id = task_of(ids["M4"], "px_quynhon")
    processing.propose_result(
        actor("specialist.px_quynhon"),
        task_id,
        "Đủ điều kiện.",
        now=local(2026, 3, 23, 9),
        expected_version=task_version(task_id),
    )
    processing.approve_step(
        actor("leader.px_quynhon"),
        task_id,
        now=local(2026, 3, 23, 14),
        expected_version=task_version(task_id),
    )

    ids["M6"] = online(MARRIAGE, local(2026, 3, 10, 21))
    reception.refuse_dossier(
        actor(DESK),
        ids["M6"],
        "Không thuộc thẩm quyền giải quyết.",
        now=local(2026, 3, 11, 8, 30),
        expected_version=dossier_version(ids["M6"]),
    )

    ids["M7"] = counter(MARRIAGE, local(2026, 3, 12, 9))
    dispatch(ids["M7"], local(2026, 3, 12, 9, 30))
    closing.request_withdrawal(
        actor(DESK),
        ids["M7"],
        "Công dân xin rút hồ sơ.",
        now=local(2026, 3, 13, 9),
        expected_version=dossier_version(ids["M7"]),
    )
    closing.confirm_withdrawal(
        actor(DESK),
        ids["M7"],
        now=local(2026, 3, 13, 10),
        expected_version=dossier_version(ids["M7"]),
    )

    ids["M5"] = counter(MARRIAGE, local(2026, 3, 16, 9))
    dispatch(ids["M5"], local(2026, 3, 16, 9, 30))
    assign(ids["M5"], "px_quynhon", local(2026, 3, 16, 14))
    ask_supplement(ids["M5"], local(2026, 3, 18, 10))

    ids["M10"] = counter(MARRIAGE, local(2026, 3, 20, 9))
    closing.void_dossier(
        actor("admin.ttpvhcc"),
        ids["M10"],
        "Nhập trùng hồ sơ.",
        now=local(2026, 3, 20, 10),
        expected_version=dossier_version(ids["M10"]),
    )

    ids["M8"] = counter(MARRIAGE, local(2026, 3, 30, 9))
    dispatch(ids["M8"], local(2026, 3, 30, 9, 30))
    return ids
