"""The return desk in a real browser: the result of a file whose applicant asked for online
delivery is handed over online by default; the officer only confirms, from the keyboard."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot
from tests.services.support import actor, counter_receipt, dossier_version, procedure_id
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clock
from tests.web.officer.scenarios import Built
from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.extensions import db
from vpub_onestop.services import reception


def test_the_return_form_preselects_online_for_an_online_applicant(
    page: Page, live_app: Flask, live_url: str
) -> None:
    with live_app.app_context():
        steps = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ))
        desk = actor("reception.px_quynhon")
        dossier = counter_receipt(
            desk,
            procedure_id(scenarios.SIMPLE),
            result_delivery="online",
            now=steps.now,
        )
        reception.dispatch_dossier(
            desk,
            dossier.id,
            now=steps.advance(minutes=5),
            expected_version=dossier_version(dossier.id),
        )
        built = Built(dossier.id)
        scenarios.work_step(steps, built.tasks()[0], "px_quynhon")
        code = dossier.code
        db.session.remove()
    # The server's clock runs on from later that morning, after the leader's approval.
    start, began = datetime(2026, 3, 2, 10, 0, tzinfo=LOCAL_TZ), time.monotonic()
    clock.set_source(lambda: start + timedelta(seconds=time.monotonic() - began))

    log_in(page, live_url, "reception.px_quynhon")
    page.goto(f"{live_url}/mot-cua/ho-so/{built.dossier_id}")
    expect(page.get_by_label("Trực tuyến (kết quả điện tử)")).to_be_checked()
    expect(page.get_by_label("Tại quầy")).not_to_be_checked()
    screenshot(page, "officer-return-online-preselected")

    page.get_by_role("button", name="Trả kết quả", exact=True).focus()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Xác nhận: Trả kết quả")
    expect(confirm).to_be_focused()
    expect(page.get_by_label("Trực tuyến (kết quả điện tử)")).to_be_checked()
    screenshot(page, "officer-return-confirm")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text(f"mã kết quả {code}-KQ1")
