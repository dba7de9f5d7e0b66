"""Demo province: catalogue, calendar, accounts and ~200 dossiers in every state.

Every dossier is made through the same use cases the pages call (the walk-in form, the
citizen's draft and submission, the officers' acts with the version they "saw"), at
simulated moments in the past, so the demo data carries real events, codes, due dates and
timeliness, never written states. Whatever the hour the seed runs (05:00, 22:00, a
Sunday), no act is placed later than `now`: a story that would need a later moment stops
where it is.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update

from vpub_onestop import clock
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.calendar import LOCAL_TZ, WorkCalendar
from vpub_onestop.domain.deadlines import add_working_time
from vpub_onestop.domain.errors import DomainError
from vpub_onestop.domain.passwords import DEMO_PASSWORD
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import (
    Agency,
    Dossier,
    OutboxMessage,
    Procedure,
    RouteStep,
    StepTask,
    User,
)
from vpub_onestop.seed.people import address, officer_phone, walk_in_applicants
from vpub_onestop.seed.ratings import seed_ratings
from vpub_onestop.services import (
    closing,
    complaints,
    counter,
    portal,
    processing,
    reception,
    supplements,
)
from vpub_onestop.services.accounts import create_user
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.calendar_admin import import_calendar
from vpub_onestop.services.catalogue_import import import_catalogue
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.declaration_catalogue import import_declarations
from vpub_onestop.services.uow import unit_of_work

SEED_DIR = Path(__file__).resolve().parent
DEMO_MAIL_DOMAIN = "example.com"

CITIZENS = [
    ("citizen1", "Nguyễn Văn An", "079090001234", "0905123401"),
    ("citizen2", "Trần Thị Bích Ngọc", "052188004321", "0914223402"),
    ("citizen3", "Lê Hoàng Phúc", "064095007777", "0935323403"),
    ("citizen4", "Phạm Thị Thu Hà", "052193002468", "0987423404"),
    ("citizen5", "Đặng Quốc Huy", "079201009999", "0968523405"),
]
WALK_INS = walk_in_applicants()
STAFF_ROLES_ONE_STOP = (Role.RECEPTION, Role.UNIT_HEAD, Role.SPECIALIST, Role.LEADER)
STAFF_ROLES_AGENCY = (Role.SPECIALIST, Role.LEADER)
# Officers get ordinary personal names (their role and agency are shown beside them).
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MEN = (("Văn", "Đức", "Minh", "Quang"), ("Hùng", "Tuấn", "Dũng", "Phong", "Sơn", "Khánh"))
WOMEN = (("Thị", "Thị Thu", "Ngọc", "Thanh"), ("Lan", "Mai", "Hương", "Trang", "Yến", "Hà"))

# The draft a specialist attaches to a proposal (the page requires one): once approved on a
# result step it is the dossier's released electronic result.
DRAFT_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def officer_name(index: int) -> str:
    middles, givens = WOMEN if index % 2 else MEN
    family = FAMILY_NAMES[index % len(FAMILY_NAMES)]
    return f"{family} {middles[index % len(middles)]} {givens[(index * 5 + 1) % len(givens)]}"


# Where each demo dossier should stop, with weights (most finished, some in every state).
SCENARIOS: list[tuple[str, int]] = [
    ("returned", 60),
    ("result_ready", 14),
    ("denied", 4),
    ("processing", 30),
    ("awaiting_approval", 10),
    ("pending", 10),
    ("received", 8),
    ("submitted", 10),
    ("refused", 6),
    ("supplement_requested", 10),
    ("supplemented_returned", 10),
    ("awaiting_payment", 5),
    ("apologised", 8),
    ("withdrawal_requested", 4),
    ("stopped", 5),
    ("returned_for_completion", 3),
    ("overdue", 13),
]


@dataclass
class DemoPeople:
    by_username: dict[str, Actor]

    def get(self, role: Role, agency_key: str) -> Actor:
        return self.by_username[f"{role.value}.{agency_key}"]


# The file a demo citizen "uploads" for each document (the smallest valid PDF).
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_everything(dossier_count: int = 200) -> list[str]:
    """The demo history ends at the app clock's now."""
    current_app.config["OUTBOX_AUTOSEND"] = False  # no mail for simulated history
    now = clock.now()
    years, days = import_calendar(_read("calendar-vn.json"))
    agencies, procedures = _import_demo_catalogue()
    people = _seed_accounts()
    made = _seed_dossiers(people, dossier_count, now)
    complaints = _seed_complaints(people, now)
    ratings = seed_ratings(people.by_username, now)
    _close_demo_outbox(now)
    return [
        f"Lịch: {years} năm, {days} ngày điều chỉnh.",
        f"Danh mục: {agencies} cơ quan, {procedures} thủ tục.",
        f"Tài khoản mẫu: {len(people.by_username)} (mật khẩu {DEMO_PASSWORD}).",
        f"Hồ sơ mẫu: {made}.",
        f"Phản ánh, kiến nghị mẫu: {complaints}.",
        f"Đánh giá mức độ hài lòng mẫu: {ratings}.",
    ]


# The core catalogue (the tests' and the benchmark's) and the province's wider one; the
# blank forms of the core file serve both (one definition per form).
CATALOGUE_FILES = ("procedures-demo.json", "procedures-province.json")
# The electronic declaration forms of five demo procedures (docs/domain.md#declaration-forms).
DECLARATIONS_FILE = "declarations-demo.json"


def _import_demo_catalogue() -> tuple[int, int]:
    agencies = procedures = 0
    forms: dict[str, Any] = {}
    for name in CATALOGUE_FILES:
        data = _read(name)
        forms |= data.get("forms", {})
        made = import_catalogue({**data, "forms": forms})
        agencies, procedures = agencies + made[0], procedures + made[1]
    import_declarations(_read(DECLARATIONS_FILE))
    return agencies, procedures


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SEED_DIR / name).read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    agency_key: str | None = None
    email: str | None = None
    phone: str | None = None
    citizen_id: str | None = None


def _demo_accounts(agencies: Sequence[Agency]) -> list[DemoAccount]:
    accounts: list[DemoAccount] = []
    for agency in agencies:
        roles = STAFF_ROLES_ONE_STOP if agency.is_one_stop_unit else STAFF_ROLES_AGENCY
        for role in roles:
            username = f"{role.value}.{agency.key}"
            accounts.append(
                DemoAccount(
                    username,
                    officer_name(len(accounts)),
                    role,
                    agency.key,
                    email=f"{username}@{DEMO_MAIL_DOMAIN}",
                    phone=officer_phone(len(accounts)),
                )
            )
    for username, role in (("supervisor.ttpvhcc", Role.SUPERVISOR), ("admin.ttpvhcc", Role.ADMIN)):
        accounts.append(
            DemoAccount(
                username,
                officer_name(len(accounts)),
                role,
                "ttpvhcc",
                email=f"{username}@{DEMO_MAIL_DOMAIN}",
            )
        )
    for username, name, citizen_id, phone in CITIZENS:
        accounts.append(
            DemoAccount(
                username,
                name,
                Role.CITIZEN,
                email=f"{username}@example.com",
                phone=phone,
                citizen_id=citizen_id,
            )
        )
    return accounts


def _seed_accounts() -> DemoPeople:
    # Officers for the one-stop units and for agencies that hold a step of some route; the
    # provincial People's Committee (parent of the departments) would have nothing to do.
    routed = select(RouteStep.agency_id).where(RouteStep.agency_id.is_not(None))
    agencies = db.session.scalars(
        select(Agency)
        .where(or_(Agency.is_one_stop_unit.is_(True), Agency.id.in_(routed)))
        .order_by(Agency.id)
    ).all()
    for account in _demo_accounts(agencies):
        if db.session.scalars(select(User.id).where(User.username == account.username)).first():
            continue
        create_user(
            account.username,
            DEMO_PASSWORD,
            account.full_name,
            account.role,
            agency_key=account.agency_key,
            email=account.email,
            phone=account.phone,
            citizen_id=account.citizen_id,
            demo=True,  # the published password: never signs in under production
        )
    users = db.session.scalars(select(User)).all()
    return DemoPeople({u.username: actor_for(u) for u in users})


def _close_demo_outbox(now: datetime) -> None:
    """The simulated history's notifications are history too: mark them delivered by the
    seed so that a real mail server configured later never sends them."""
    with unit_of_work() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None))
            .values(sent_at=now, provider="demo-seed")
        )


FIRST_PASS_ATTEMPTS = 4


class _StoryEnds(Exception):
    """The next act would fall after the end of the demo history: the dossier stays as
    it is."""


class _Story:
    """Moves one dossier forward through the services at simulated moments."""

    def __init__(self, cal: WorkCalendar, rng: random.Random, people: DemoPeople, end: datetime):
        self.cal, self.rng, self.people, self.end = cal, rng, people, end

    pace = 1.0  # scales every delay: a same-day procedure moves faster than a 17-day one

    def later(self, moment: datetime, low: float, high: float) -> datetime:
        hours = self.rng.uniform(low, high) * self.pace
        return self.at(add_working_time(self.cal, moment, timedelta(hours=hours)))

    def at(self, moment: datetime) -> datetime:
        """`moment`, when it is still in the past."""
        if moment >= self.end:
            raise _StoryEnds
        return moment

    def fits(self, moment: datetime) -> bool:
        return moment < self.end


def _seed_dossiers(people: DemoPeople, count: int, now: datetime) -> int:
    rng = random.Random(61_2018)
    cal = load_work_calendar()
    end = now - timedelta(minutes=5)
    story = _Story(cal, rng, people, end)
    procedures = db.session.scalars(select(Procedure).where(Procedure.is_current.is_(True))).all()
    units = db.session.scalars(select(Agency).where(Agency.is_one_stop_unit.is_(True))).all()
    names, weights = zip(*SCENARIOS, strict=True)
    made = 0
    for index in range(count):
        # every story at least once, then as the weights say
        first_pass = index < len(names)
        scenario = names[index] if first_pass else rng.choices(names, weights)[0]
        procedure = rng.choice(procedures)
        unit = _unit_for(procedure, units, rng)
        story.pace = _pace(procedure)
        days_back = _days_back(scenario, rng)
        # A first-pass story that runs into `now` (the seed runs at 05:00, say) is told
        # again from further back, so that every state is shown; the shorter dossier stays.
        for attempt in range(FIRST_PASS_ATTEMPTS if first_pass else 1):
            start = _office_moment(cal, end - timedelta(days=days_back + 5 * attempt), end, rng)
            try:
                _play(story, scenario, procedure, unit, start, index)
            except _StoryEnds:
                made += 1  # the dossier exists, as far as its history reached by now
                continue
            except DomainError as exc:  # a story that does not fit the calendar is skipped
                current_app.logger.warning(
                    "demo dossier %s (%s) skipped: %s", index, scenario, exc.message
                )
            else:
                made += 1
            break
    return made


# A few complaints about the provincial centre's returned dossiers, so the indicator page
# (indicators 7 and 8) and the complaint register show real figures: (days ago received,
# days to handle, verified, handled after N days or never, content).
DEMO_COMPLAINTS = (
    (40, 10, False, 6, "Cán bộ hướng dẫn chưa đầy đủ, phải đi lại hai lần."),
    (25, 10, True, 12, "Trả kết quả chậm so với ngày hẹn, không được báo trước."),
    (12, 10, False, 3, "Đề nghị niêm yết rõ mức lệ phí tại quầy."),
    (3, 10, False, None, "Phản ánh thái độ tiếp công dân qua đường dây nóng."),
)
DEMO_COMPLAINT_UNIT = "ttpvhcc"
DEMO_HANDLING_NOTE = "Đã trao đổi với người phản ánh và chấn chỉnh."


def _seed_complaints(people: DemoPeople, now: datetime) -> int:
    """Record the demo complaints through the service the register page uses; each refers
    to one of the unit's returned dossiers received before the complaint."""
    officer = people.get(Role.RECEPTION, DEMO_COMPLAINT_UNIT)
    unit_id = officer.agency_id
    assert unit_id is not None
    today = now.astimezone(LOCAL_TZ).date()
    made = 0
    used: list[str] = []
    for ago, handle_days, verified, handled_after, content in DEMO_COMPLAINTS:
        received_on = today - timedelta(days=ago)
        code = db.session.scalar(
            select(Dossier.code)
            .where(
                Dossier.receiving_unit_id == unit_id,
                Dossier.state == DossierState.RETURNED,
                Dossier.returned_at < datetime.combine(received_on, datetime.min.time(), LOCAL_TZ),
                Dossier.code.not_in(used),
            )
            .order_by(Dossier.returned_at.desc())
            .limit(1)
        )
        if code is not None:
            used.append(code)
        db.session.rollback()  # end the read before the service's own transaction
        complaint_id = complaints.record_complaint(
            officer,
            unit_id,
            complaints.ComplaintInput(
                received_on=received_on,
                channel="hotline" if "đường dây nóng" in content else "direct",
                content=content,
                handling_due_on=received_on + timedelta(days=handle_days),
                dossier_code=code,
            ),
            now=now,
        )
        made += 1
        if handled_after is None and not verified:
            continue
        handled_on: date | None = None
        if handled_after is not None:
            handled_on = min(received_on + timedelta(days=handled_after), today)
        complaints.update_complaint(
            officer,
            complaint_id,
            complaints.ComplaintUpdate(
                version=1,
                verified=verified,
                handled_on=handled_on,
                handling_note="Đã trao đổi với người phản ánh và chấn chỉnh."
                if handled_on
                else None,
            ),
            now=now,
        )
    return made


# Open work is recent (most of it within time); late work started weeks ago; finished
# dossiers spread over the last months.
OPEN_SCENARIOS = frozenset(
    {
        "submitted",
        "received",
        "pending",
        "processing",
        "awaiting_approval",
        "apologised",
        "supplement_requested",
        "awaiting_payment",
        "withdrawal_requested",
    }
)


def _days_back(scenario: str, rng: random.Random) -> int:
    if scenario in OPEN_SCENARIOS:
        return rng.randint(0, 6)
    if scenario == "overdue":
        return rng.randint(12, 30)
    return rng.randint(4, 80)


def _pace(procedure: Procedure) -> float:
    """About a fifth of a day's delays per 40 working hours of legal limit, within bounds."""
    if procedure.limit_unit == "same_day":
        hours = 8.0
    elif procedure.limit_unit == "working_hours":
        hours = float(procedure.limit_amount)
    else:
        hours = float(procedure.limit_amount) * 8
    return min(2.0, max(0.15, hours / 40))


def _unit_for(procedure: Procedure, units: Sequence[Agency], rng: random.Random) -> Agency:
    wanted = [u for u in units if u.level == procedure.level] or units
    return rng.choice(wanted)


def _office_moment(
    cal: WorkCalendar, around: datetime, end: datetime, rng: random.Random
) -> datetime:
    """A moment within office hours on the day of `around`, or of an earlier day when that
    one would fall after `end` (a seed run at 05:00, or on a Sunday, starts its "today"
    stories on the last working day)."""
    offset = timedelta(minutes=rng.randint(0, 7 * 60))
    day = around.astimezone(LOCAL_TZ).replace(hour=7, minute=0, second=0, microsecond=0)
    while (moment := add_working_time(cal, day, offset)) >= end:
        day -= timedelta(days=1)
    return moment


def _play(
    story: _Story, scenario: str, procedure: Procedure, unit: Agency, t: datetime, index: int
) -> None:
    rng, people = story.rng, story.people
    desk = people.get(Role.RECEPTION, unit.key)
    online = scenario in ("submitted", "refused", "returned_for_completion") or rng.random() < 0.45
    if online:
        username, name, citizen_id, phone = rng.choice(CITIZENS)
        citizen = people.by_username[username]
        applicant = Applicant(
            name=name,
            id_number=citizen_id,
            phone=phone,
            email=f"{username}@example.com",
            address=address(rng),
        )
        dossier_id = _submit_online(citizen, procedure, unit, applicant, t)
        if scenario == "submitted":
            return
        t = story.later(t, 0.5, 6)
        if scenario == "refused":
            reception.refuse_dossier(
                desk,
                dossier_id,
                "Thủ tục không thuộc thẩm quyền giải quyết của đơn vị.",
                expected_version=_version(dossier_id),
                now=t,
            )
            return
        if scenario == "returned_for_completion":
            reception.return_for_completion(
                desk,
                dossier_id,
                "Thiếu bản chụp giấy tờ tùy thân rõ nét.",
                expected_version=_version(dossier_id),
                now=t,
            )
            return
        reception.receive_dossier(desk, dossier_id, expected_version=_version(dossier_id), now=t)
    else:
        person = rng.choice(WALK_INS)
        applicant = Applicant(
            name=person.name,
            id_number=person.id_number,
            phone=person.phone,
            address=person.address,
        )
        walk_in = counter.WalkIn(
            procedure_id=procedure.id,
            applicant=applicant,
            present_document_ids=frozenset(doc.id for doc in procedure.documents),
        )
        dossier_id = counter.receive_walk_in(desk, walk_in, now=t).id
    if scenario == "received":
        return
    t = story.later(t, 0.1, 1)
    # Paper dispatched after the cut-off reaches the agency next morning: not yet, maybe.
    story.at(reception.paper_moves_at(story.cal, "online" if online else "direct", t))
    reception.dispatch_dossier(desk, dossier_id, expected_version=_version(dossier_id), now=t)
    if scenario in ("withdrawal_requested", "stopped"):
        t = story.later(t, 0.5, 8)
        closing.request_withdrawal(
            desk,
            dossier_id,
            "Công dân đề nghị rút hồ sơ.",
            expected_version=_version(dossier_id),
            now=t,
        )
        if scenario == "stopped":
            closing.confirm_withdrawal(
                desk,
                dossier_id,
                expected_version=_version(dossier_id),
                now=story.later(t, 0.1, 2),
            )
        return
    _work_route(story, scenario, dossier_id, unit, t)


def _work_route(story: _Story, scenario: str, dossier_id: int, unit: Agency, t: datetime) -> None:
    rng, people = story.rng, story.people
    desk = people.get(Role.RECEPTION, unit.key)
    supplemented = False
    while True:
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier is not None
        db.session.refresh(dossier)
        open_tasks = [task for task in dossier.tasks if task.state.is_active]
        if dossier.state is not DossierState.PROCESSING or not open_tasks:
            break
        if scenario == "pending":
            return
        task = open_tasks[0]
        agency_key = task.agency.key
        leader = people.get(Role.LEADER, agency_key)
        specialist = people.get(Role.SPECIALIST, agency_key)
        step: Callable[[], object]
        if task.state is TaskState.PENDING:
            # paper dispatched after 15:00 reaches the agency the next morning
            t = story.later(max(t, task.arrived_at or t), 0.2, 3)
            task_id, specialist_id = task.id, specialist.user_id or 0
            step = partial(
                processing.assign_task,
                leader,
                task_id,
                specialist_id,
                expected_version=_task_version(task_id),
                now=t,
            )
        elif task.state is TaskState.IN_PROGRESS:
            if scenario in ("supplement_requested", "supplemented_returned") and not supplemented:
                t = story.later(t, 1, 10)
                supplements.request_supplement(
                    specialist,
                    dossier_id,
                    "Bổ sung bản sao giấy tờ chứng minh chỗ ở hợp pháp.",
                    justification="Giấy tờ nộp kèm bị mờ, không đọc được số hiệu và ngày cấp.",
                    expected_version=_version(dossier_id),
                    now=t,
                )
                if scenario == "supplement_requested":
                    return
                t = story.later(t, 4, 20)
                supplements.supply_supplement(
                    desk,
                    dossier_id,
                    note="Công dân đã nộp bổ sung tại quầy.",
                    expected_version=_version(dossier_id),
                    now=t,
                )
                supplemented = True
                continue
            if scenario == "awaiting_payment":
                closing.request_payment(
                    specialist,
                    dossier_id,
                    250000,
                    "Lệ phí cấp giấy chứng nhận.",
                    expected_version=_version(dossier_id),
                    now=story.later(t, 1, 6),
                )
                return
            if scenario in ("processing", "overdue") and rng.random() < 0.6:
                return
            if scenario == "apologised" and dossier.apologised_at is None and dossier.due_at:
                moment = story.later(t, 0.5, 2)
                _try_apology(story, leader, dossier_id, moment, dossier.due_at)
                t = moment
            if scenario == "overdue":
                t = story.at(add_working_time(story.cal, t, timedelta(hours=rng.uniform(40, 120))))
            else:
                t = story.later(t, 1, 16)
            task_id = task.id
            step = partial(
                processing.propose_result,
                specialist,
                task_id,
                "Đủ điều kiện, trình ký kết quả.",
                expected_version=_task_version(task_id),
                result_file=(f"du-thao-{task.agency.key}.pdf", DRAFT_PDF),
                now=t,
            )
        elif task.state is TaskState.AWAITING_APPROVAL:
            if scenario == "awaiting_approval":
                return
            t = story.later(t, 0.5, 6)
            task_id = task.id
            if scenario == "denied":
                step = partial(
                    processing.deny_step,
                    leader,
                    task_id,
                    "Hồ sơ không đủ điều kiện theo quy định.",
                    expected_version=_task_version(task_id),
                    now=t,
                )
            else:
                step = partial(
                    processing.approve_step,
                    leader,
                    task_id,
                    expected_version=_task_version(task_id),
                    now=t,
                )
        else:
            return
        step()
    _finish(story, scenario, dossier_id, desk, t)


def _try_apology(
    story: _Story, leader: Actor, dossier_id: int, moment: datetime, due: datetime
) -> None:
    new_date = add_working_time(story.cal, due, timedelta(hours=16))
    # An apology after its last day is recorded as a late one; one whose new date would
    # already be past is refused, and the demo dossier simply stays unapologised.
    if story.fits(moment):
        with suppress(DomainError):
            closing.apologise(
                leader,
                dossier_id,
                "Cần xác minh thêm thông tin với cơ quan liên quan.",
                new_date,
                expected_version=_version(dossier_id),
                now=moment,
            )


def _finish(story: _Story, scenario: str, dossier_id: int, desk: Actor, t: datetime) -> None:
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier is not None
    if dossier.state is not DossierState.RESULT_READY or scenario in ("result_ready",):
        return
    t = story.later(t, 0.5, 12)
    method = story.rng.choice(["counter", "counter", "online", "post"])
    closing.return_result(
        desk,
        dossier_id,
        method,
        tracking_number="EV123456789VN" if method == "post" else None,
        receipt_code=dossier.code if method == "counter" else None,
        expected_version=_version(dossier_id),
        now=t,
    )


def _submit_online(
    citizen: Actor, procedure: Procedure, unit: Agency, applicant: Applicant, t: datetime
) -> int:
    """The citizen's draft with a file for every document, then the "submit" button."""
    details = portal.DraftDetails(
        procedure_id=procedure.id, receiving_unit_id=unit.id, applicant=applicant
    )
    uploads = [
        portal.Upload(f"{doc.name[:80]}.pdf", DEMO_PDF, doc.id) for doc in procedure.documents
    ]
    dossier_id = portal.save_draft(citizen, details, uploads, now=t)
    portal.submit(citizen, dossier_id, expected_version=_version(dossier_id), now=t)
    return dossier_id


def _version(dossier_id: int) -> int:
    """The version a page showing the dossier now would carry."""
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier is not None
    db.session.refresh(dossier)
    return dossier.version


def _task_version(task_id: int) -> int:
    task = db.session.get(StepTask, task_id)
    assert task is not None
    db.session.refresh(task)
    return task.version
