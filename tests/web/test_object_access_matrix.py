"""Every object URL × every role × an object that belongs to someone else.

Two of everything is built through the services: two one-stop units (the commune centre
px_quynhon and the provincial centre ttpvhcc) each with dossiers in several states, their
files, slips, a counter guidance and a complaint; steps of several agencies; two citizens.
Then every route of the URL map that takes an object id (or a dossier code) is requested,
GET and POST, by each role with an object outside its scope:

- a citizen asks for the other citizen's dossiers and files: not found (404);
- the commune unit's desk asks for the provincial unit's dossiers, guidance, complaint;
  the commune's specialist and leader for another agency's step: refused (403 or 404);
- the supervisor and the administrator read across units (docs/domain.md: supervisors are
  read-only): their reads of the staff pages succeed (a counter guidance and its Mẫu 02
  included), every act is refused (403 or 404).

After every refused POST nothing has changed: no dossier, step or complaint has a new
version, no event, file or rating was added. The cases are generated from `app.url_map`,
so a new object route is covered as soon as it exists; the routes left out are listed in
EXCLUDED with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import Rule

from tests.conftest import Clock
from tests.services.support import (
    APPLICANT,
    actor,
    draft_with_documents,
    procedure_id,
    submit_draft,
    unit_id,
)
from tests.web.conftest import log_in
from tests.web.officer import scenarios
from tests.web.officer.conftest import EXTRA_ACCOUNTS, PASSWORD, IsolatedClient
from vpub_onestop.domain.checklist import MissingItem
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Agency, CalendarOverride, Dossier, StepTask, User
from vpub_onestop.models.complaint import Complaint
from vpub_onestop.models.dossier import DossierFile
from vpub_onestop.models.feedback import CounterGuidance, Rating
from vpub_onestop.models.ledger import DossierEvent
from vpub_onestop.services import counter, jobs
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.complaints import ComplaintInput, record_complaint
from vpub_onestop.web.request_input import IdConverter

ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
REFUSED = (403, 404)

# Routes with a path value that names no object of anyone: left out, with the reason.
EXCLUDED = {
    "public.procedure": "<code> is a procedure of the public catalogue",
    "public.blank_form_pdf": "<code> and <number>: a public procedure's blank form",
    "public.template_file": "<code> and <number>: a public procedure's uploaded template",
    "citizen.start": "<code> is a public procedure; the draft it makes is the caller's",
    # The API reads no session cookie: these routes answer bearer tokens, and their scope
    # is tested with tokens (tests/web/api/).
    "api.get_procedure": "<code> is a procedure of the public catalogue",
    "api.lookup": "<code> with its receipt's key: the key is the credential, as on /tra-cuu",
    "api.get_dossier": "a dossier by code for a bearer token: each role's scope, another's "
    "dossier 404, in tests/web/api/test_api_dossiers.py",
    "api.transition": "an act on a dossier by code for a bearer token: 404/403 and nothing "
    "changed, in tests/web/api/test_api_dossiers.py",
    "admin_api.revoke": "<token_id> is a system client's token: every administrator manages "
    "all of them, nobody else reaches the page (tests/web/api/test_admin_tokens_page.py)",
    # A procedure version's declaration form: a catalogue object every administrator edits,
    # refused to everyone else (tests/web/admin/test_declaration_editor.py).
    **{
        f"admin_declaration.{name}": "<procedure_id> is a catalogue version, the admins' own"
        for name in (
            "editor",
            "heading",
            "add_section",
            "move_section",
            "remove_section",
            "add_field",
            "edit_field",
            "move_field",
            "remove_field",
            "start_draft",
            "publish",
            "remove_form",
        )
    },  # fmt: skip
    "declaration_export.download": "<code> is a public procedure; the rows are the dossiers "
    "the caller may see (tests/web/officer/test_counter_declaration.py)",
}
# The procedure catalogue is the province's: every administrator edits all of it, nobody
# else reaches its pages (403, tests/web/test_admin_catalogue.py).
CATALOGUE_EDITOR = "<code> or <procedure_id> is a version of the province's catalogue"
EXCLUDED |= {
    f"admin_catalogue.{view}": CATALOGUE_EDITOR
    for view in (
        "procedure",
        "start_draft",
        "version",
        "preview",
        "confirm_publish",
        "publish",
        "discard",
        "save_general",
        "save_papers",
        "save_fee",
        "save_route",
        "upload_template",
        "remove_template",
    )
}
# Staff pages the overseers do not open (refused 403/404 like anyone outside the desk):
# the counter's working forms, where it acts. A counter guidance and its Mẫu 02 are the
# unit's records, read by the overseers like its dossiers (domain/visibility.py).
DESK_ONLY = {
    "desk.check": "the receiving desk's check form, where it decides to receive: an act",
}
# The administration area: every object there (an account, an agency, a procedure...) is
# the administrator's to manage, whoever it belongs to; every other role is refused
# whatever the id (the administrator's own use is tested in tests/web/admin).
ADMIN_AREA = "/quan-tri"
ADMIN = "admin.ttpvhcc"
# Path values that are not objects: a fixed value that the route accepts.
NOT_OBJECTS = {"form": "mau-01", "fmt": "csv"}

CITIZEN = "citizen1"
COMMUNE_STAFF = (
    "reception.px_quynhon",
    "unit_head.px_quynhon",
    "specialist.px_quynhon",
    "leader.px_quynhon",
)
AGENCY_STAFF = ("specialist.px_quynhon", "leader.px_quynhon")
OVERSEERS = ("supervisor.ttpvhcc", "admin.ttpvhcc")
OWNER_DESK = "reception.px_quynhon"  # the desk of the unit whose objects overseers read
ROLES = (CITIZEN, *COMMUNE_STAFF, *OVERSEERS)
# Blueprints whose pages are one person's own (a citizen's dossiers, the files someone had
# built in the background): nobody else reads them, overseers included.
CITIZEN_BLUEPRINTS = {"citizen", "jobs"}
# The owner of the background job every role asks for (one of none of ROLES).
JOB_OWNER = "reception.ttpvhcc"


@dataclass
class World:
    """Objects per owner. `foreign[role][argument]` lists the ids (or codes) that belong to
    someone other than `role`, each usable in that argument's place."""

    foreign: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)


def _online(owner: str, code: str, unit: str, clock: Clock, *, submit: bool) -> int:
    draft = draft_with_documents(
        actor(owner), procedure_id(code), unit_id(unit), APPLICANT, now=clock.now
    )
    if submit:
        submit_draft(actor(owner), draft, now=clock.now)
    return draft


def _files(dossier_id: int) -> list[int]:
    return list(
        db.session.scalars(select(DossierFile.id).where(DossierFile.dossier_id == dossier_id))
    )


def _guidance(desk: str, code: str, clock: Clock) -> int:
    counter.log_guidance(
        actor(desk),
        counter.Guidance(
            procedure_id=procedure_id(code),
            applicant=Applicant(name="Nguyễn Văn An", phone="0905123456"),
            items=(MissingItem(None, "Tờ khai", "Chưa ký"),),
        ),
        now=clock.now,
    )
    return db.session.scalars(select(func.max(CounterGuidance.id))).one()


def _complaint(desk: str, unit: str, clock: Clock) -> int:
    today = clock.now.date()
    record_complaint(
        actor(desk),
        unit_id(unit),
        ComplaintInput(today, "direct", "Chờ lâu tại quầy.", today),
        now=clock.now,
    )
    return db.session.scalars(select(func.max(Complaint.id))).one()


def _unit_objects(unit: str, desk: str, owner: str, clock: Clock) -> dict[str, Any]:
    """One unit's dossiers in several states (a draft and a submission of `owner`, one
    received, one with a step in progress, one with its result ready), with files, a
    guidance and a complaint."""
    code = scenarios.SIMPLE if unit == "px_quynhon" else scenarios.SEQUENTIAL
    draft = _online(owner, code, unit, clock, submit=False)
    submitted = _online(owner, code, unit, clock, submit=True)
    received = scenarios.received_at_counter(clock, code, desk)
    working = scenarios.dispatched(clock, code, desk)
    first = working.tasks()[0]
    scenarios.work_step(clock, first, first.agency.key, until=TaskState.IN_PROGRESS)
    ready = scenarios.result_ready(clock) if unit == "px_quynhon" else None
    dossiers = [draft, submitted, received.dossier_id, working.dossier_id]
    if ready is not None:
        dossiers.append(ready.dossier_id)
    return {
        "dossiers": dossiers,
        "own_dossiers": [draft, submitted],  # the citizen's own (the others are at the counter)
        "files": [(d, f) for d in dossiers for f in _files(d)],
        "tasks": [t.id for d in dossiers for t in scenarios.Built(d).tasks()],
        "guidance": _guidance(desk, code, clock),
        "complaint": _complaint(desk, unit, clock),
    }


def build_world(clock: Clock) -> World:
    commune = _unit_objects("px_quynhon", "reception.px_quynhon", "citizen1", clock)
    province = _unit_objects("ttpvhcc", "reception.ttpvhcc", "citizen2", clock)
    # Two agencies with steps: the police's step of the commune's inter-agency dossier.
    parallel = scenarios.parallel_stage(clock)
    police_task = parallel.task("congan").id

    def by_argument(
        objects: dict[str, Any], dossiers: list[int], tasks: list[int], home: int | None
    ) -> dict[str, list[tuple[str, ...]]]:
        codes = [code for code in (_code(d) for d in dossiers) if code]
        files = [(str(d), str(f)) for d, f in objects["files"] if d in dossiers]
        # A foreign file asked for under a dossier of one's own: ownership of the file,
        # not only of the dossier in the path, must refuse it.
        if home is not None:
            files += [(str(home), f) for _, f in files]
        return {
            "dossier_id": [(str(d),) for d in dossiers],
            "file_id": files,
            "task_id": [(str(t),) for t in tasks],
            "guidance_id": [(str(objects["guidance"]),)],
            "complaint_id": [(str(objects["complaint"]),)],
            "code": [(code,) for code in codes],
        }

    world = World()
    # citizen1 against citizen2's dossiers (both at the provincial centre).
    world.foreign[CITIZEN] = by_argument(
        province,
        province["own_dossiers"],
        [],
        commune["own_dossiers"][0],  # own draft
    )
    # The commune's desk against the provincial centre's objects (the steps of its own
    # dossiers, the police's included, are its to read); the commune's specialist and
    # leader also against the steps of other agencies: vpdkdd at the province, the police.
    home = commune["dossiers"][2]  # received at the commune's counter
    for role in COMMUNE_STAFF:
        tasks = province["tasks"] + ([police_task] if role in AGENCY_STAFF else [])
        world.foreign[role] = by_argument(province, province["dossiers"], tasks, home)
    # The overseers (of ttpvhcc) across units: the commune's objects.
    for role in OVERSEERS:
        world.foreign[role] = by_argument(commune, commune["dossiers"], commune["tasks"], None)
    # An export someone else had built in the background: nobody else's to see.
    job = str(_job_of(JOB_OWNER))
    for role in ROLES:
        world.foreign[role]["job_id"] = [(job,)]
    return world


def _job_of(username: str) -> int:
    owner = db.session.scalars(select(User.id).where(User.username == username)).one()
    params = {"endpoint": "monitor.report", "fmt": "csv", "args": {}}
    return jobs.create_job(owner, "export", params)


def _code(dossier_id: int) -> str | None:
    dossier = db.session.get(Dossier, dossier_id)
    return dossier.code if dossier else None


def _snapshot() -> tuple[Any, ...]:
    """Everything an act could change: versions of dossiers, steps and complaints, and the
    number of events, files, ratings and guidance records."""
    db.session.rollback()  # read what the server committed, not an old snapshot
    versions = tuple(
        tuple(db.session.execute(select(model.id, model.version).order_by(model.id)).all())
        for model in (Dossier, StepTask, Complaint, Agency, CalendarOverride)
    )
    counts = tuple(
        db.session.scalars(select(func.count()).select_from(model)).one()
        for model in (DossierEvent, DossierFile, Rating, CounterGuidance)
    )
    accounts = tuple(db.session.execute(select(User.id, User.admin_version, User.enabled)).all())
    return versions, counts, accounts


def _arguments(rule: Rule) -> list[str]:
    return ARGUMENT.findall(rule.rule)


def object_routes(app: Flask) -> list[tuple[Rule, str]]:
    """Every (rule, method) whose path names an object: an id converter or a code."""
    pairs = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        names = _arguments(rule)
        takes_object = any(
            isinstance(rule._converters[name], IdConverter) or name == "code" for name in names
        )
        if not takes_object or rule.endpoint in EXCLUDED:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            pairs.append((rule, method))
    return pairs


def _values_for(rule: Rule, foreign: dict[str, list[tuple[str, ...]]]) -> list[dict[str, str]]:
    """Each combination of foreign objects for the rule's arguments (a file goes with its
    own dossier, so that only ownership can refuse it)."""
    names = _arguments(rule)
    if "file_id" in names:
        return [{"dossier_id": d, "file_id": f} for d, f in foreign["file_id"]]
    object_names = [n for n in names if n not in NOT_OBJECTS]
    assert len(object_names) == 1, f"{rule.rule}: add how to fill {object_names}"
    name = object_names[0]
    fixed = {n: NOT_OBJECTS[n] for n in names if n in NOT_OBJECTS}
    return [{name: value[0], **fixed} for value in foreign[name]]


def _admin_values(rule: Rule) -> list[dict[str, str]]:
    """An administration route's arguments: the first row of each kind (ids start at 1)."""
    return [{name: NOT_OBJECTS.get(name, "1") for name in _arguments(rule)}]


def _current_versions(rule: Rule, values: dict[str, str]) -> dict[str, str]:
    """The form's version field set to the object's current version, under every name the
    pages give it, so that a POST is refused for whose object it is, not for a stale or
    incomplete form."""
    db.session.rollback()
    model, key = next(
        (model, values[name])
        for name, model in (
            ("task_id", StepTask),
            ("complaint_id", Complaint),
            ("dossier_id", Dossier),
        )
        if name in values
    )
    row = db.session.get(model, int(key))
    version = str(row.version if row else 1)
    act = (rule.endpoint or "").rsplit(".", 1)[-1]
    names = ("version", f"{act}-version", "rfc-version", f"pa{key}-version")
    return dict.fromkeys(names, version)


def _url(rule: Rule, values: dict[str, str]) -> str:
    return ARGUMENT.sub(lambda match: values[match.group(1)], rule.rule)


@pytest.fixture
def matrix_app(app: Flask, frozen_clock: Clock) -> Iterator[tuple[Flask, World]]:
    from vpub_onestop.services.accounts import create_user

    app.config.update(WTF_CSRF_ENABLED=False)  # forged posts must reach the handlers
    app.test_client_class = IsolatedClient
    with app.app_context():
        for username, role, agency in EXTRA_ACCOUNTS:
            create_user(username, PASSWORD, f"Cán bộ {username}", role, agency_key=agency)
        world = build_world(frozen_clock)
        limiter.reset()
        yield app, world


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    limiter.reset()
    assert log_in(client, username, PASSWORD).status_code == 302, username
    return client


def test_every_object_route_is_covered_or_excluded_with_a_reason(app: Flask) -> None:
    endpoints = {rule.endpoint for rule, _ in object_routes(app)}
    assert {"desk.dossier", "work.task", "citizen.dossier", "complaints.update"} <= endpoints
    named = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(EXCLUDED) | set(DESK_ONLY) <= named  # no stale exclusion


def _expected(role: str, rule: Rule, method: str, owner_status: int | None) -> tuple[int, ...]:
    """The answers allowed to `role` for an object of someone else."""
    if rule.rule.startswith(ADMIN_AREA):
        return REFUSED
    if rule.endpoint.split(".")[0] in CITIZEN_BLUEPRINTS:
        return (404,) if role == CITIZEN else REFUSED  # a citizen learns nothing exists
    if role in OVERSEERS and method == "GET" and rule.endpoint not in DESK_ONLY:
        # They read what the owning desk reads: the same page, the same answer (a Mẫu 01
        # of a draft does not exist for anyone).
        return (owner_status,) if owner_status is not None else ()
    return REFUSED


def test_no_role_reaches_an_object_of_someone_else(
    matrix_app: tuple[Flask, World],
) -> None:
    app, world = matrix_app
    owner = _client(app, OWNER_DESK)
    failures: list[str] = []
    asked, overseer_reads = 0, 0
    for role in ROLES:
        client = _client(app, role)
        for rule, method in object_routes(app):
            admin_area = rule.rule.startswith(ADMIN_AREA)
            if admin_area and role == ADMIN:
                continue
            every = _admin_values(rule) if admin_area else _values_for(rule, world.foreign[role])
            for values in every:
                url = _url(rule, values)
                owner_status = None
                if role in OVERSEERS and method == "GET":
                    owner_status = owner.get(url).status_code
                before = _snapshot() if method == "POST" else None
                data = None
                if method == "POST":
                    data = {} if admin_area else _current_versions(rule, values)
                status = client.open(url, method=method, data=data).status_code
                asked += 1
                allowed = _expected(role, rule, method, owner_status)
                if status not in allowed:
                    failures.append(f"{role} {method} {url}: {status}, expected {allowed}")
                if before is not None and _snapshot() != before:
                    failures.append(f"{role} POST {url} changed something ({status})")
                overseer_reads += owner_status == 200 and status == 200
    assert not failures, f"{len(failures)} of {asked}:\n" + "\n".join(failures)
    assert asked > 1000
    assert overseer_reads > 20  # the overseers did read across units, not only get refusals
