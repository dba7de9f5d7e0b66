"""The official forms as PDFs (Circular 01/2018, Mẫu 01–06): which apply, who may print
them, and rendering. Read-only: printing a form changes nothing.

- `render_dossier_slip(form, dossier_id, actor)`: Mẫu 01–05 of one dossier, the stop
  notice (Circular 03/2025 form 05) and the written answer to a denial. Whoever may
  see the dossier may print its forms; anyone else gets NotFound, as for the dossier.
- `render_counter_guidance(guidance_id, actor)`: Mẫu 02 for an incomplete file at the
  counter (no dossier was created), for the officers of that unit.
- `render_register(unit_id, start, end, actor)`: Mẫu 06 for a unit and a period.
- Which forms a dossier page may offer: `queries.slip_list.applicable_slips`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from vpub_onestop import clock
from vpub_onestop.access.loading import load_dossier
from vpub_onestop.access.visibility import viewer_for
from vpub_onestop.domain.codes import format_slip_number
from vpub_onestop.domain.errors import N_, NotFound, PermissionDenied, ValidationError
from vpub_onestop.domain.permissions import Actor, answers_for_unit, desk_units
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.visibility import (
    Audience,
    Item,
    Kind,
    Viewer,
    counter_guidance_viewer,
    may_see,
    note_item,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, CounterGuidance, Dossier, Procedure, User
from vpub_onestop.slips import pages
from vpub_onestop.slips.control import DossierSide, hand_overs
from vpub_onestop.slips.facts import (
    EventFact,
    StepFact,
    latest,
    lead_and_partners,
    load_events,
    load_steps,
)
from vpub_onestop.slips.forms import (
    APOLOGY,
    APOLOGY_TRIGGERS,
    CONTROL,
    DENIAL_NOTICE,
    DENIAL_TRIGGERS,
    DOSSIER_FORMS,
    NOT_APPLICABLE,
    RECEIPT,
    REFUSAL,
    REFUSAL_TRIGGERS,
    REGISTER,
    STOP_NOTICE,
    STOP_TRIGGERS,
    SUPPLEMENT,
    SUPPLEMENT_TRIGGERS,
    applicable_keys,
)
from vpub_onestop.slips.pdf import render_pdf
from vpub_onestop.slips.register import register_rows
from vpub_onestop.slips.register_pdf import RegisterPrint
from vpub_onestop.slips.register_pdf import render_register as draw_register
from vpub_onestop.slips.text import hour_minute_day

# Who prints any unit's register: those who oversee all units (a desk prints the registers
# of the units it answers for, domain.permissions.desk_units).
OVERSEERS = (Role.SUPERVISOR, Role.ADMIN)
MAX_REGISTER_DAYS = 366


@dataclass(frozen=True)
class SlipPage:
    """A form ready to render: the template, its data and the download name."""

    template: str
    filename: str
    context: dict[str, Any]
    # Forms drawn straight into PDF instead of an HTML template (the register).
    draw: Callable[[], bytes] | None = None

    def render(self) -> bytes:
        if self.draw is not None:
            return self.draw()
        return render_pdf(self.template, **self.context)


def _file_name(*parts: str) -> str:
    """An ASCII-only download name (dossier codes are ASCII already; be safe anyway)."""
    stem = "-".join(re.sub(r"[^A-Za-z0-9.]+", "-", part).strip("-.") for part in parts)
    return f"{stem}.pdf"


# --- dossier forms (Mẫu 01–05) ---------------------------------------------------------


def prepare_dossier_slip(form: str, dossier_id: int, actor: Actor) -> SlipPage:
    """Check access and applicability, and gather the data of one dossier form."""
    spec = DOSSIER_FORMS.get(form)
    if spec is None:
        raise NotFound(N_("Không có mẫu phiếu này."))
    session = db.session()
    dossier = load_dossier(session, dossier_id, actor)
    viewer = viewer_for(actor, dossier)
    if not may_see(viewer, Item(Kind.CONTROL_SLIP if spec is CONTROL else Kind.APPLICANT_SLIP)):
        raise NotFound(N_("Không có mẫu phiếu này."))  # the officers' record is not the applicant's
    events = load_events(session, dossier.id)
    triggers = {event.trigger for event in events}
    received = dossier.received_at is not None
    if dossier.code is None or form not in applicable_keys(received, triggers):
        raise NotFound(NOT_APPLICABLE[form])
    unit = dossier.receiving_unit
    header_at: date | datetime
    if spec is RECEIPT:
        assert dossier.received_at is not None
        context = pages.receipt(session, dossier, events)
        number, header_agency, header_at = dossier.code, unit, dossier.received_at
    elif spec is CONTROL:
        assert dossier.received_at is not None
        context = _control_context(dossier, events, viewer)
        number, header_agency, header_at = None, unit, dossier.received_at
    else:
        event = _source_event(spec.key, events)
        number, header_agency, header_at = dossier.code, unit, event.at
        if spec is SUPPLEMENT:
            context = pages.supplement(dossier, event)
        elif spec is REFUSAL:
            context = pages.refusal(dossier, event)
        elif spec is STOP_NOTICE:
            context = pages.stop_notice(dossier, event, latest(events, ("request_supplement",)))
        elif spec is DENIAL_NOTICE:
            header_agency = _denying_agency(event, dossier)
            context = pages.denial_notice(dossier, event, header_agency.name)
        else:
            header_agency = _agency_at_fault(event, dossier)
            context = pages.apology(dossier, event, header_agency)
    context["header"] = pages.header(header_agency, spec, number, header_at)
    context["title"] = spec.title
    return SlipPage(spec.template, _file_name(dossier.code, spec.key), context)


def _source_event(form: str, events: list[EventFact]) -> EventFact:
    triggers = {
        SUPPLEMENT.key: SUPPLEMENT_TRIGGERS,
        REFUSAL.key: REFUSAL_TRIGGERS,
        APOLOGY.key: APOLOGY_TRIGGERS,
        STOP_NOTICE.key: STOP_TRIGGERS,
        DENIAL_NOTICE.key: DENIAL_TRIGGERS,
    }[form]
    event = latest(events, triggers)
    if event is None:  # applicable_keys said it exists: only a race could get here
        raise NotFound(NOT_APPLICABLE[form])
    return event


def _agency_at_fault(event: EventFact, dossier: Dossier) -> Agency:
    """Mẫu 04 is in the name of the agency that apologised (stored on the event)."""
    agency_id = event.data.get("agency_id") or event.actor_agency_id
    agency = db.session.get(Agency, agency_id) if isinstance(agency_id, int) else None
    return agency or dossier.receiving_unit


def _denying_agency(event: EventFact, dossier: Dossier) -> Agency:
    """The answer is in the name of the agency whose step denied (stored on the event)."""
    agency_id = event.data.get("agency_id")
    agency = db.session.get(Agency, agency_id) if isinstance(agency_id, int) else None
    return agency or dossier.receiving_unit


def _control_context(dossier: Dossier, events: list[EventFact], viewer: Viewer) -> dict[str, Any]:
    steps = load_steps(db.session(), dossier.id)
    by_id = {step.id: step for step in steps}
    # The hand-over rows are every agency's; the remarks in them only the viewer's own.
    events = [
        event
        if event.note is None or may_see(viewer, _note_item(event, by_id))
        else replace(event, note=None)
        for event in events
    ]
    lead, partners = lead_and_partners(steps)
    side = DossierSide(dossier.applicant_name, pages.unit_name(dossier), dossier.due_at)
    received = latest(events, ("receive", "receive_at_counter"))
    return {
        "code": dossier.code,
        "applicant": pages.applicant(dossier),
        "procedure": pages.procedure_line(dossier),
        "lead_agency": lead or pages.unit_name(dossier),
        "partners": partners,
        "rows": hand_overs(events, steps, side),
        "due": hour_minute_day(dossier.due_at),
        "officer": received.actor_name if received else None,
        "unit_name": pages.unit_name(dossier),
    }


def _note_item(event: EventFact, steps: dict[int, StepFact]) -> Item:
    step = steps.get(event.task_id) if event.task_id is not None else None
    return note_item(event.trigger, step.agency_id if step else None, step.stage if step else None)


def render_dossier_slip(form: str, dossier_id: int, actor: Actor) -> bytes:
    return prepare_dossier_slip(form, dossier_id, actor).render()


# --- counter guidance (Mẫu 02 without a dossier) ---------------------------------------


def prepare_counter_guidance(guidance_id: int, actor: Actor) -> SlipPage:
    session = db.session()
    guide = session.get(CounterGuidance, guidance_id)
    if guide is None or counter_guidance_viewer(actor, guide.unit_id).audience is Audience.NONE:
        raise NotFound(N_("Không tìm thấy phiếu hướng dẫn hoàn thiện hồ sơ."))
    officer = session.get(User, guide.officer_id)
    procedure = session.get(Procedure, guide.procedure_id)
    unit = session.get(Agency, guide.unit_id)
    assert procedure is not None and unit is not None  # foreign keys
    context = pages.guidance(
        guide,
        officer.full_name if officer else None,
        officer.phone if officer else None,
        procedure.name,
        procedure.code,
        unit.name,
    )
    number = format_slip_number(guide.number_seq)
    context["header"] = pages.header(unit, SUPPLEMENT, number, guide.at)
    context["title"] = SUPPLEMENT.title
    return SlipPage(SUPPLEMENT.template, _file_name(f"huong-dan-{guide.id}", "mau-02"), context)


def render_counter_guidance(guidance_id: int, actor: Actor) -> bytes:
    return prepare_counter_guidance(guidance_id, actor).render()


# --- the register (Mẫu 06) -------------------------------------------------------------


def register_units(actor: Actor) -> list[tuple[int, str]]:
    """The one-stop units whose register `actor` may print, as (id, name)."""
    query = select(Agency.id, Agency.name).where(Agency.is_one_stop_unit.is_(True))
    if actor.role in OVERSEERS:
        pass
    elif desk_units(actor):
        # The units merged into the officer's own keep their register under their own
        # name (docs/domain.md#merger-successor-desk): his desk prints it now.
        query = query.where(Agency.id.in_(desk_units(actor)))
    else:
        return []
    rows = db.session.execute(query.order_by(Agency.level.desc(), Agency.name)).all()
    return [(unit_id, name) for unit_id, name in rows]


def check_register_period(start: date, end: date) -> None:
    if start > end:
        raise ValidationError(
            N_("Khoảng thời gian không hợp lệ."),
            {"den": N_("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")},
        )
    if (end - start).days >= MAX_REGISTER_DAYS:
        raise ValidationError(
            N_("Khoảng thời gian quá dài."),
            {"den": N_("Mỗi lần in tối đa %(n)s ngày.", n=MAX_REGISTER_DAYS)},
        )


def prepare_register(
    unit_id: int, start: date, end: date, actor: Actor, *, now: datetime | None = None
) -> SlipPage:
    allowed = actor.role in OVERSEERS or answers_for_unit(actor, unit_id)
    if not allowed:
        raise PermissionDenied(N_("Bạn không có quyền in sổ theo dõi hồ sơ của đơn vị này."))
    session = db.session()
    unit = session.get(Agency, unit_id)
    if unit is None or not unit.is_one_stop_unit:
        raise NotFound(N_("Không tìm thấy Bộ phận Một cửa này."))
    check_register_period(start, end)
    printer = session.get(User, actor.user_id) if actor.user_id is not None else None
    register = RegisterPrint(
        header=pages.header(unit, REGISTER, None, now or clock.now()),
        title=REGISTER.title,
        start=start,
        end=end,
        rows=register_rows(session, unit.id, start, end),
        printer=printer.full_name if printer else None,
    )
    name = _file_name("so-theo-doi", unit.code, f"{start:%Y%m%d}", f"{end:%Y%m%d}")
    return SlipPage(
        REGISTER.template, name, {"register": register}, draw=lambda: draw_register(register)
    )


def render_register(unit_id: int, start: date, end: date, actor: Actor) -> bytes:
    return prepare_register(unit_id, start, end, actor).render()
