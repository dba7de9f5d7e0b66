"""Errors raised by the services reach the page in the page's language: an English page
gets the English message of a refused transition (409), a stale page (409) or a refused
input (422), a Vietnamese page the Vietnamese one (docs/architecture.md#errors)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.services.support import local
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, blind_post, fresh, text_of
from vpub_onestop.domain.status import DossierState


def _speaking(client: FlaskClient, lang: str) -> FlaskClient:
    """The language choice is kept in the session, as when a user clicks VI | EN."""
    assert client.get(f"/?lang={lang}").status_code == 200
    return client


def _dispatch_twice(client_for: Clients, clock: Clock, lang: str) -> str:
    """Dispatch a counter dossier, then send the same order again with the new version:
    the dossier is already at the agency, so the second order is refused (409)."""
    built = scenarios.received_at_counter(clock)
    desk = _speaking(client_for("reception.px_quynhon"), lang)
    action = f"/mot-cua/ho-so/{built.dossier_id}/chuyen-xu-ly"
    assert blind_post(desk, action, "dispatch", built.version, {}).status_code == 302
    again = blind_post(desk, action, "dispatch", built.version, {})  # the current version
    assert again.status_code == 409
    return text_of(again)


def test_a_refused_transition_in_english(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    html = _dispatch_twice(client_for, clock, "en")

    # The sentence, the action and the state all in English.
    assert "Cannot «Dispatch for processing»: the dossier is «In progress»." in html
    assert "Không thể thực hiện" not in html and "Đang xử lý" not in html


def test_a_refused_transition_in_vietnamese(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    html = _dispatch_twice(client_for, clock, "vi")

    assert "Không thể thực hiện «Chuyển xử lý»: hồ sơ đang ở trạng thái «Đang xử lý»." in html
    assert "Cannot" not in html


def _stale_dispatch(client_for: Clients, clock: Clock, lang: str) -> str:
    """Two officers open the same dossier; the head of the unit dispatches it at 09:42; the
    reception officer's order, sent from the page opened before, is stale (409)."""
    built = scenarios.received_at_counter(clock)
    action = f"/mot-cua/ho-so/{built.dossier_id}/chuyen-xu-ly"
    first = client_for("unit_head.px_quynhon")
    second = _speaking(client_for("reception.px_quynhon"), lang)
    seen = built.version  # the version both pages were rendered with
    clock.set(local(2026, 3, 2, 9, 42))
    assert blind_post(first, action, "dispatch", seen, {}).status_code == 302
    lost = blind_post(second, action, "dispatch", seen, {})
    assert lost.status_code == 409
    return text_of(lost)


def test_a_stale_page_in_english_names_who_changed_the_dossier_and_when(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    html = _stale_dispatch(client_for, clock, "en")

    # The person's name is data and stays as entered; the time is written as everywhere.
    assert (
        "Dossier was updated by Cán bộ unit_head.px_quynhon at 09:42 02/03/2026, after you "
        "opened the page. Please reload the page" in html
    )
    assert "đã được" not in html and "Vui lòng tải lại trang" not in html


def test_a_stale_page_in_vietnamese(officer_app: Flask, client_for: Clients, clock: Clock) -> None:
    html = _stale_dispatch(client_for, clock, "vi")

    assert "Hồ sơ đã được Cán bộ unit_head.px_quynhon cập nhật lúc 09:42 02/03/2026" in html
    assert "was updated by" not in html


def _withdraw_when_ready(client_for: Clients, clock: Clock, lang: str) -> str:
    """Withdrawal asked for once the result is ready: refused with a 422."""
    built = scenarios.result_ready(clock)
    desk = _speaking(client_for("reception.px_quynhon"), lang)
    response = blind_post(
        desk,
        f"/mot-cua/ho-so/{built.dossier_id}/rut-ho-so",
        "request_withdrawal",
        built.version,
        {"request_withdrawal-reason": "Không cần nữa."},
    )
    assert response.status_code == 422
    assert fresh(built.dossier_id).state is DossierState.RESULT_READY
    return text_of(response)


def test_a_refused_input_in_english(officer_app: Flask, client_for: Clients, clock: Clock) -> None:
    html = _withdraw_when_ready(client_for, clock, "en")

    assert "The dossier already has a result, so it cannot be withdrawn." in html
    assert "không thể rút" not in html


def test_a_refused_input_in_vietnamese(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    html = _withdraw_when_ready(client_for, clock, "vi")

    assert "Hồ sơ đã có kết quả nên không thể rút." in html
    assert "cannot be withdrawn" not in html
