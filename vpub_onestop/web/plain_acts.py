"""The plainest act a page declares: its form's fields go to one service call as they are
and the officer reads a fixed message. Declared once here for the one-stop desk's acts on a
dossier (web/desk_actions.py) and the agencies' acts on a task (web/work_actions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm

from vpub_onestop.domain.permissions import Actor

# (actor, the dossier's or task's id, form, expected version, now) -> the message shown
PlainAct = Callable[[Actor, int, FlaskForm, int | None, datetime], str]


def plain_act(service: Callable[..., Any], done: LazyString, *fields: str) -> PlainAct:
    """An act that hands its form's `fields` to `service` as they are, then says `done`."""

    def act(
        actor: Actor, target_id: int, form: FlaskForm, version: int | None, now: datetime
    ) -> str:
        values = [form[name].data for name in fields]
        service(actor, target_id, *values, expected_version=version, now=now)
        return str(done)

    return act
