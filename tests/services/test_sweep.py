"""The deadline sweep flags what is due soon or overdue and tells the right people, once."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, dossier_version, fresh, local
from tests.web.monitor.dashboard_story import NOW, build_open_work
from tests.web.monitor.month_story import JUSTIFICATION, assign
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage, User
from vpub_onestop.services import supplements
from vpub_onestop.services.sweep import run_sweep


def _give_email(username: str) -> str:
    user = db.session.scalars(select(User).where(User.username == username)).one()
    user.email = f"{username}@example.com"
    db.session.commit()
    return user.email


def _sweep_mail() -> list[tuple[str, str]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(OutboxMessage.recipient, OutboxMessage.subject)
        .where(OutboxMessage.dedupe_key.like("sweep:%"))
        .order_by(OutboxMessage.id)
    )
    return [(recipient, subject) for recipient, subject in rows]


def test_the_sweep_flags_and_notifies_once_per_threshold(app: Flask) -> None:
    with app.app_context():
        ids = build_open_work()
        specialist = _give_email("specialist.px_quynhon")  # the centre's leader has none
        version_before = fresh(ids["D1"]).version

        first = run_sweep(NOW)

        # Dossiers: D1 and D7 overdue; D2 and D3 due within one working day. D5 is past its
        # date but the applicant owes documents; D4 and D6 have time left.
        assert (first.dossiers_overdue, first.dossiers_due_soon) == (2, 2)
        assert {k: fresh(v).deadline_flag for k, v in ids.items()} == {
            "D1": "overdue",
            "D2": "due_soon",
            "D3": "due_soon",
            "D4": None,
            "D5": None,
            "D6": None,
            "D7": "overdue",
            "D8": None,
        }
        # Steps: D1's step (assigned) overdue; D2's and D3's (nobody assigned yet) due soon.
        assert (first.tasks_overdue, first.tasks_due_soon) == (1, 2)
        assert fresh(ids["D1"]).tasks[0].deadline_flag == "overdue"
        mail = _sweep_mail()
        codes = {k: fresh(v).code for k, v in ids.items()}
        head = "unit_head.px_quynhon@example.com"
        # The unit head of each receiving unit hears about its dossiers; the assigned
        # specialist about the step; the centre's leader, who must assign D2 and D3, has no
        # e-mail address: skipped, although the steps are flagged.
        assert sorted(mail) == sorted(
            [
                (head, f"[{codes['D1']}] Hồ sơ đã quá hạn giải quyết"),
                (head, f"[{codes['D2']}] Hồ sơ sắp đến hạn giải quyết"),
                (head, f"[{codes['D3']}] Hồ sơ sắp đến hạn giải quyết"),
                ("unit_head.ttpvhcc@example.com", f"[{codes['D7']}] Hồ sơ đã quá hạn giải quyết"),
                (specialist, f"[{codes['D1']}] Bước «Đăng ký kết hôn» đã quá hạn xử lý"),
            ]
        )
        assert first.messages == 5
        # A monitoring mark, not an edit: pages the officers have open do not turn stale.
        assert fresh(ids["D1"]).version == version_before

        second = run_sweep(NOW)
        assert second.messages == 0
        assert (second.dossiers_overdue, second.dossiers_due_soon) == (0, 0)
        assert len(_sweep_mail()) == 5

        # A day later D2 and D3 have passed their due moments and D4 comes within a day.
        third = run_sweep(local(2026, 3, 12, 10))
        assert (third.dossiers_overdue, third.dossiers_due_soon) == (2, 1)
        new = _sweep_mail()[5:]
        assert sorted(subject for _, subject in new) == sorted(
            [
                f"[{codes['D2']}] Hồ sơ đã quá hạn giải quyết",
                f"[{codes['D3']}] Hồ sơ đã quá hạn giải quyết",
                f"[{codes['D4']}] Hồ sơ sắp đến hạn giải quyết",
            ]
        )
        assert {recipient for recipient, _ in new} == {head}


def test_a_deadline_moved_by_supplementation_is_announced_again(app: Flask) -> None:
    with app.app_context():
        ids = build_open_work()
        run_sweep(NOW)
        assert fresh(ids["D3"]).deadline_flag == "due_soon"
        # The centre asks D3's applicant for documents; they come back on Mon 16/3 09:00 and
        # the restart policy gives a new due date (Mon 23/3): the old mark no longer holds.
        assign(ids["D3"], "px_quynhon", local(2026, 3, 11, 10, 30))
        supplements.request_supplement(
            actor("specialist.px_quynhon"),
            ids["D3"],
            "Bổ sung bản sao.",
            justification=JUSTIFICATION,  # later than 3 working days after receipt
            now=local(2026, 3, 11, 11),
            expected_version=dossier_version(ids["D3"]),
        )
        supplements.supply_supplement(
            actor("reception.px_quynhon"),
            ids["D3"],
            now=local(2026, 3, 16, 9),
            expected_version=dossier_version(ids["D3"]),
        )
        run_sweep(local(2026, 3, 16, 10))
        assert fresh(ids["D3"]).deadline_flag is None
        later = run_sweep(local(2026, 3, 20, 10))  # due Mon 23/3 09:00 is within a day
        assert fresh(ids["D3"]).deadline_flag == "due_soon"
        subjects = [subject for _, subject in _sweep_mail()]
        code = fresh(ids["D3"]).code
        assert subjects.count(f"[{code}] Hồ sơ sắp đến hạn giải quyết") == 2
        assert later.messages >= 1


def test_the_sweep_command_reports_what_it_did(app: Flask) -> None:
    with app.app_context():
        build_open_work()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sweep", "--now", "2026-03-11 10:00"])
    assert result.exit_code == 0, result.output
    assert "Hồ sơ: 2 sắp đến hạn, 2 quá hạn." in result.output
    assert "Thông báo mới: 4." in result.output  # no staff e-mail for the assigned step here
    again = runner.invoke(args=["sweep", "--now", "2026-03-11 10:00"])
    assert "Thông báo mới: 0." in again.output
    wrong = runner.invoke(args=["sweep", "--now", "11/03/2026"])
    assert wrong.exit_code != 0
