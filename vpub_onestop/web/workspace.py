"""Helpers shared by the officer workspace blueprints (desk: one-stop unit; work: agencies).

Role guard, the acting officer, the clock, paging arguments, links to the printable
slips (only once the slips blueprint exists), and the translation of a lost race at the
database into the same 409 page as a stale form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from vpub_onestop import clock
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import login_manager
from vpub_onestop.queries.paging import DEFAULT_PAGE_SIZE, Keyset, Page
from vpub_onestop.slips.forms import DOSSIER_FORMS
from vpub_onestop.web import number
from vpub_onestop.web.errors import error_message, field_errors
from vpub_onestop.web.labels import label
from vpub_onestop.web.request_input import arg_keyset, arg_page

P = ParamSpec("P")
R = TypeVar("R")

DESK_ROLES = (Role.RECEPTION, Role.UNIT_HEAD)
AGENCY_ROLES = (Role.SPECIALIST, Role.LEADER)
STAFF_ROLES = (*DESK_ROLES, *AGENCY_ROLES, Role.SUPERVISOR, Role.ADMIN)
# Who opens the desk's dossier page: the receiving unit, and the overseers read-only.
DOSSIER_READERS = (*DESK_ROLES, Role.SUPERVISOR, Role.ADMIN)


def dossier_state_label(state: DossierState) -> str:
    return str(label(state.label_vi))


def task_state_label(state: TaskState) -> str:
    return str(label(state.label_vi))


# Bootstrap badge colours: blue while the unit works, amber while someone else must act,
# green for a result, red for a refusal.
_BADGE_CLASSES: dict[DossierState | TaskState, str] = {
    DossierState.DRAFT: "text-bg-light border",
    DossierState.SUBMITTED: "text-bg-info",
    DossierState.RECEIVED: "text-bg-primary",
    DossierState.PROCESSING: "text-bg-primary",
    DossierState.SUPPLEMENT_REQUESTED: "text-bg-warning",
    DossierState.AWAITING_PAYMENT: "text-bg-warning",
    DossierState.WITHDRAWAL_REQUESTED: "text-bg-warning",
    DossierState.RESULT_READY: "text-bg-success",
    DossierState.RETURNED: "text-bg-secondary",
    DossierState.REFUSED: "text-bg-danger",
    DossierState.STOPPED: "text-bg-secondary",
    DossierState.VOIDED: "text-bg-dark",
    TaskState.WAITING: "text-bg-light border",
    TaskState.PENDING: "text-bg-info",
    TaskState.IN_PROGRESS: "text-bg-primary",
    TaskState.AWAITING_APPROVAL: "text-bg-warning",
    TaskState.DONE: "text-bg-success",
    TaskState.DENIED: "text-bg-danger",
    TaskState.CANCELLED: "text-bg-secondary",
}


def state_badge_class(state: DossierState | TaskState) -> str:
    return _BADGE_CLASSES.get(state, "text-bg-secondary")


def hours_label(hours: float | None) -> str:
    """12.5 -> "12,5" on a Vietnamese page, "12.5" on an English one."""
    return number(hours, 1)


def register_template_helpers(bp: Blueprint) -> None:
    """Labels the desk and work templates show; registered once, from the desk blueprint."""
    bp.add_app_template_global(dossier_state_label, "dossier_state_label")
    bp.add_app_template_global(task_state_label, "task_state_label")
    bp.add_app_template_global(state_badge_class, "state_badge_class")
    bp.add_app_template_filter(hours_label, "hours_label")
    bp.add_app_template_global(lambda key: DOSSIER_FORMS[key].link, "slip_title")


def roles_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Signed in (else the login page) and one of `roles` (else 403)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if Role(current_user.role) not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def acting_officer() -> Actor:
    return actor_for(current_user._get_current_object())


def now_utc() -> Any:
    """The clock of the request (the app clock, which tests and demos can set)."""
    return clock.now()


def local_today() -> date:
    """The request's day in the province's time zone."""
    return clock.now().astimezone(LOCAL_TZ).date()


def page_number() -> int:
    return arg_page()


def page_size() -> int:
    return int(current_app.config.get("QUEUE_PAGE_SIZE", DEFAULT_PAGE_SIZE))


# The page links' arguments: the page number, and the edge a next/previous link continues
# from (queries/paging.py).
PAGE_ARGS = ("trang", "sau", "truoc")


def page_edge() -> Keyset | None:
    """Where the requested page starts: after the row of `?sau=`, or ends before the row
    of `?truoc=` (None: by page number)."""
    after, before = arg_keyset("sau"), arg_keyset("truoc")
    if after is not None:
        return Keyset.from_token(*after)
    if before is not None:
        return Keyset.from_token(*before, backwards=True)
    return None


def page_url(number: int, page: Page[Any] | None = None) -> str:
    """The current list with another page number, other arguments kept. Given the page
    shown, the link to the page next to it carries that page's edge (keyset)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k not in PAGE_ARGS}
    if number > 1:
        args["trang"] = str(number)
    if page is not None and number == page.number + 1 and page.last is not None:
        args["sau"] = page.last.token
    elif page is not None and number == page.number - 1 > 1 and page.first is not None:
        args["truoc"] = page.first.token
    args.update(request.view_args or {})
    assert request.endpoint is not None
    return url_for(request.endpoint, **args)


def slip_url(form: str, dossier_id: int) -> str:
    return url_for("slips.dossier_slip", dossier_id=dossier_id, form=form)


def guidance_slip_url(guidance_id: int) -> str:
    return url_for("slips.guidance_slip", guidance_id=guidance_id)


def slip_links(keys: list[str], dossier_id: int) -> list[tuple[str, str]]:
    """(title, url) of each official form, in form order."""
    return [(DOSSIER_FORMS[key].link, slip_url(key, dossier_id)) for key in keys]


def show_errors(
    form: FlaskForm, error: ValidationError, names: Mapping[str, str] | None = None
) -> None:
    """Put a service's field errors next to the form's fields (unknown names: on top).
    `names` maps a service's field to the form's where they differ (Vietnamese names)."""
    prefix = getattr(form, "_prefix", "")
    for given, message in field_errors(error).items():
        name = names.get(given, given) if names else given
        field = getattr(form, name, None) or form._fields.get(f"{prefix}{name}")
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors), message]
        else:
            form.form_errors.append(message)
    message = error_message(error)
    if message not in form.form_errors:
        form.form_errors.insert(0, message)


def orphan_errors(given: dict[str, FlaskForm], shown: dict[str, FlaskForm]) -> list[str]:
    """Messages of a refused act whose form the page no longer offers (e.g. withdrawal
    once the result is ready): shown at the top so the refusal is never silent."""
    messages: list[str] = []
    for action, form in given.items():
        if action in shown:
            continue
        messages.extend(str(message) for message in form.form_errors)
        for errors in form.errors.values():
            messages.extend(str(message) for message in errors if message not in messages)
    return messages
