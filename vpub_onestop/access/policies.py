"""The one place the code reads a policy's value in force on a day
(docs/policies.md#effective-dates): the administrator's decisions (policy_setting) over
the configuration's defaults. Services, queries and views ask here and hand the values to
the domain's pure rules as parameters; the domain never reads a setting itself."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from vpub_onestop import clock
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.policies import PolicyValues, Scheduled, values_on
from vpub_onestop.extensions import db
from vpub_onestop.models.policy import PolicySetting


def decisions(up_to: date | None = None) -> list[Scheduled]:
    """Every decision (effective by `up_to` when given), oldest first."""
    stmt = select(
        PolicySetting.key, PolicySetting.effective_from, PolicySetting.id, PolicySetting.value
    ).order_by(PolicySetting.effective_from, PolicySetting.id)
    if up_to is not None:
        stmt = stmt.where(PolicySetting.effective_from <= up_to)
    return [
        Scheduled(key, day, order, value) for key, day, order, value in db.session.execute(stmt)
    ]


def policies_on(day: date) -> PolicyValues:
    """Every administrable policy's value in force on the local day `day`."""
    return values_on(day, decisions(day), current_app.config)


def policies_today() -> PolicyValues:
    return policies_on(local_today())


def policy_version(key: str) -> int:
    """The version of a policy's page: the id of its latest decision (0: none yet), so of
    two administrators deciding at once the second is asked to reload."""
    latest = db.session.scalar(select(func.max(PolicySetting.id)).where(PolicySetting.key == key))
    return int(latest or 0)


def local_today() -> date:
    return clock.now().astimezone(LOCAL_TZ).date()
