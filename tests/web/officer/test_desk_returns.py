"""The return desk (counter with receipt or authorisation, post, online), withdrawals, and
two officers acting on the same dossier."""

from __future__ import annotations

import re
import threading

from flask import Flask
from sqlalchemy import select

from tests.services.support import local
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, blind_post, fresh, submit, text_of
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent


def _return(client_for: Clients, dossier_id: int, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    page = f"/mot-cua/ho-so/{dossier_id}"
    return submit(client_for("reception.px_quynhon"), page, f"{page}/tra-ket-qua", fields)


def _event(dossier_id: int, trigger: str) -> DossierEvent:
    db.session.rollback()
    return db.session.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == dossier_id, DossierEvent.trigger == trigger
        )
    ).one()


def test_results_ready_are_listed_for_hand_over(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    ready = scenarios.result_ready(clock)
    still_working = scenarios.dispatched(clock)
    html = text_of(client_for("reception.px_quynhon").get("/mot-cua/tra-ket-qua"))
    assert fresh(ready.dossier_id).code in html
    assert fresh(still_working.dossier_id).code not in html
    assert "Đã giải quyết" in html


def test_at_the_counter_the_receipt_code_must_match(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.result_ready(clock)
    wrong = _return(client_for, built.dossier_id, {"return_result-receipt_code": "ABCDEF"})
    assert wrong.status_code == 422
    assert "không khớp" in text_of(wrong)
    assert fresh(built.dossier_id).state is DossierState.RESULT_READY

    nothing = _return(client_for, built.dossier_id, {})
    assert nothing.status_code == 422
    assert "giấy ủy quyền" in text_of(nothing)

    key = fresh(built.dossier_id).lookup_key
    assert key is not None
    returned = _return(client_for, built.dossier_id, {"return_result-receipt_code": key.lower()})
    assert returned.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.RETURNED
    assert _event(built.dossier_id, "return_result").data == {
        "method": "counter",
        "proof": "receipt",
    }


def test_a_representative_collects_with_an_authorisation(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.result_ready(clock)
    paper = "Lê Văn Bình nhận thay, giấy ủy quyền số 15/UQ ngày 01/3/2026"
    response = _return(client_for, built.dossier_id, {"return_result-authorisation": paper})
    assert response.status_code == 302
    assert _event(built.dossier_id, "return_result").data["authorisation"] == paper


def test_by_post_the_tracking_number_is_required_and_kept(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.result_ready(clock)
    missing = _return(client_for, built.dossier_id, {"return_result-method": "post"})
    assert missing.status_code == 422
    assert "Bắt buộc khi trả qua bưu chính." in text_of(missing)

    sent = _return(
        client_for,
        built.dossier_id,
        {"return_result-method": "post", "return_result-tracking_number": "EV123456789VN"},
    )
    assert sent.status_code == 302
    dossier = fresh(built.dossier_id)
    assert (
        dossier.state is DossierState.RETURNED and dossier.post_tracking_number == "EV123456789VN"
    )


def test_online_the_result_gets_its_electronic_code(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.result_ready(clock)
    code = fresh(built.dossier_id).code
    response = _return(client_for, built.dossier_id, {"return_result-method": "online"})
    assert response.status_code == 302
    html = text_of(client_for("reception.px_quynhon").get(response.headers["Location"]))
    assert f"mã kết quả {code}-KQ1" in html
    # Exactly the released result is handed over: the one draft the leader approved.
    assert _event(built.dossier_id, "return_result").data["result_codes"] == [f"{code}-KQ1"]


def test_a_withdrawal_asked_at_the_counter_is_confirmed_from_the_return_desk(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock)
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    asked = submit(
        desk, page, f"{page}/rut-ho-so", {"request_withdrawal-reason": "Công dân đổi ý, xin rút."}
    )
    assert asked.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.WITHDRAWAL_REQUESTED

    listing = "/mot-cua/tra-ket-qua?loai=rut-ho-so"
    assert fresh(built.dossier_id).code in text_of(desk.get(listing))
    confirmed = submit(desk, listing, f"{page}/xac-nhan-rut-ho-so")
    assert confirmed.headers["Location"].endswith(listing)
    dossier = fresh(built.dossier_id)
    assert dossier.state is DossierState.STOPPED
    assert {task.state for task in dossier.tasks} == {TaskState.CANCELLED}


def test_withdrawal_is_refused_once_the_result_is_ready(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.result_ready(clock)
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    assert f"{page}/rut-ho-so" not in text_of(desk.get(page))  # not offered

    response = blind_post(
        desk,
        f"{page}/rut-ho-so",
        "request_withdrawal",
        built.version,
        {"request_withdrawal-reason": "Không cần nữa."},
    )

    assert response.status_code == 422
    assert "Hồ sơ đã có kết quả nên không thể rút." in text_of(response)
    assert fresh(built.dossier_id).state is DossierState.RESULT_READY


def test_the_second_of_two_officers_is_told_who_changed_the_dossier_and_when(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.received_at_counter(clock)
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    first, second = client_for("unit_head.px_quynhon"), client_for("reception.px_quynhon")
    html_first = text_of(first.get(page))
    html_second = text_of(second.get(page))  # both pages show the same version
    assert f"{page}/chuyen-xu-ly" in html_first and f"{page}/chuyen-xu-ly" in html_second
    version = built.version

    clock.set(local(2026, 3, 2, 9, 42))
    won = blind_post(first, f"{page}/chuyen-xu-ly", "dispatch", version, {})
    assert won.status_code == 302
    lost = second.post(
        f"{page}/chuyen-xu-ly",
        data={"csrf_token": _token(html_second), "dispatch-version": str(version)},
        headers={"Referer": f"http://localhost{page}"},
    )

    assert lost.status_code == 409
    message = text_of(lost)
    assert "Hồ sơ đã được Cán bộ unit_head.px_quynhon cập nhật lúc 09:42 02/03/2026" in message
    assert "Tải lại trang" in message and f'href="{page}"' in message
    db.session.rollback()
    dispatches = db.session.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == built.dossier_id, DossierEvent.trigger == "dispatch"
        )
    ).all()
    assert len(dispatches) == 1


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_two_officers_pressing_at_the_same_instant_give_one_dispatch_and_one_409(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.received_at_counter(clock)
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    clients = [client_for("unit_head.px_quynhon"), client_for("reception.px_quynhon")]
    forms = [text_of(client.get(page)) for client in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    version = str(built.version)

    def press(index: int) -> None:
        data = {"csrf_token": _token(forms[index]), "dispatch-version": version}
        barrier.wait()
        statuses.append(clients[index].post(f"{page}/chuyen-xu-ly", data=data).status_code)

    threads = [threading.Thread(target=press, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302, 409]
    db.session.rollback()
    dispatches = db.session.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == built.dossier_id, DossierEvent.trigger == "dispatch"
        )
    ).all()
    assert len(dispatches) == 1
    assert [task.state for task in fresh(built.dossier_id).tasks] == [TaskState.PENDING]


def test_the_register_entry_leads_to_the_register_of_the_unit(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk = client_for("reception.px_quynhon")
    response = desk.get("/mot-cua/so-theo-doi")
    if "slips.register_form" in officer_app.view_functions:
        assert response.status_code == 302
        assert desk.get(response.headers["Location"]).status_code == 200
    else:
        assert "Sổ theo dõi hồ sơ (Mẫu 06)" in text_of(response)
    assert client_for("specialist.congan").get("/mot-cua/so-theo-doi").status_code == 403


def test_each_workspace_page_is_for_its_own_roles(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    desk_pages = ("/mot-cua/tiep-nhan", "/mot-cua/tra-ket-qua", "/mot-cua/tai-quay")
    for url in desk_pages:
        assert client_for("reception.px_quynhon").get(url).status_code == 200
        assert client_for("unit_head.px_quynhon").get(url).status_code == 200
        for username in ("citizen1", "specialist.congan", "leader.congan", "supervisor.ttpvhcc"):
            assert client_for(username).get(url).status_code == 403, (username, url)
    for username in ("specialist.congan", "leader.congan"):
        assert client_for(username).get("/xu-ly").status_code == 200
    for username in ("citizen1", "reception.px_quynhon", "admin.ttpvhcc"):
        assert client_for(username).get("/xu-ly").status_code == 403
    anonymous = officer_app.test_client().get("/xu-ly")
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.headers["Location"]
