"""The data every page of the accessibility run shows: the month of March 2026 at the
commune centre of Quy Nhơn (tests/web/monitor/month_story.py), then, on Tuesday 31/3, one
dossier or task at each point a role's page needs (a draft, an online submission waiting
at the desk, a step in progress, a step awaiting approval, a result to hand over, a
complaint), all made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.services.support import (
    APPLICANT,
    actor,
    document_ids,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    task_version,
    unit_id,
)
from tests.web.monitor.month_story import (
    MARRIAGE,
    add_managers,
    ask_supplement,
    assign,
    build_march,
    dispatch,
    online,
    task_of,
    work,
)
from tests.web.monitor.month_story import (
    counter as at_counter,
)
from vpub_onestop.domain.checklist import MissingItem
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency
from vpub_onestop.services import (
    catalogue_versions,
    closing,
    complaints,
    counter,
    processing,
    reception,
    webhooks,
)
from vpub_onestop.services.agency_merge_confirm import MergeRequest, merge_agencies

RESIDENCE = "1.004222"  # its CT01 is an electronic declaration (declarations-demo.json)
BIRTH = "1.001193"
RESIDENCE_ANSWERS = {
    "ho_ten": "Nguyễn Văn An",
    "ngay_sinh": "15/04/1990",
    "gioi_tinh": "nam",
    "so_dinh_danh": "052090001234",
    "dien_thoai": "0905123401",
    "la_chu_ho": "yes",
    "dia_chi_thuong_tru": {"province": "52", "commune": "phường Quy Nhơn", "detail": "12 Lê Lợi"},
    "noi_dung_de_nghi": "Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của tôi.",
    "thanh_vien": [
        {
            "tv_ho_ten": "Nguyễn Thị Hoa",
            "tv_ngay_sinh": "02/02/2016",
            "tv_gioi_tinh": "nu",
            "tv_quan_he": "Con",
        }
    ],
}
# The moment the pages are looked at: a working morning after the month's story.
NOW = local(2026, 3, 31, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class World:
    procedure: int  # 1.000894, marriage registration
    procedure_code: str
    draft: int  # citizen1's draft, not submitted
    submitted: int  # citizen1's online dossier waiting at the desk
    result_ready: int  # approved at the commune, to hand over at the counter
    in_progress_task: int  # assigned to the commune's specialist
    awaiting_approval_task: int  # proposed, for the commune's leader
    unassigned_task: int  # arrived, for the leader to assign
    to_supplement: int  # citizen1's online dossier waiting for a supplement
    returned_online: int  # citizen1's online dossier, result handed over (M3): to rate
    lookup_code: str  # the public lookup's two fields for `result_ready`
    lookup_key: str
    guidance: int  # a Mẫu 02 guidance given at the counter
    catalogue_draft: int  # the administrator's draft version 2 of the birth bundle
    webhook: int  # a webhook subscription of the province's portal
    agency: int  # the commune centre of Quy Nhơn, on the administration's pages
    calendar_day: int  # a day off of the calendar table (1/1/2026)
    form_procedure: int  # 1.004222, residence registration: an electronic declaration (CT01)
    form_procedure_code: str
    declared: int  # received at the counter with its CT01 typed by the officer
    form_draft: int  # a draft version of birth registration, its form in the editor
    citizen_account: int  # citizen1's account, as the administration area shows it


def _schedule_merger_of(source: str, into: str, effective: date) -> None:
    """A merger of the commune centre waiting for its day: the agency page and the admin
    home show it with its cancel form (docs/domain.md#scheduled-merge)."""
    ids = [unit_id(source), unit_id(into)]
    shown = {agency_id: db.session.get(Agency, agency_id).version for agency_id in ids}
    merge_agencies(
        actor("admin.ttpvhcc"),
        MergeRequest([ids[0]], shown, effective, "Nghị quyết 1664/NQ-UBTVQH15", target_id=ids[1]),
    )


def build_world() -> World:
    add_managers()  # unit head, supervisor
    ids = build_march()
    citizen = actor("citizen1")
    draft = draft_with_documents(
        citizen, procedure_id(MARRIAGE), unit_id("px_quynhon"), now=local(2026, 3, 30, 20)
    )
    submitted = online(MARRIAGE, local(2026, 3, 30, 21))

    # citizen1's online marriage file: received, at the commune's specialist, who asks for
    # a supplement on Monday 30/3 (the citizen's page then shows the supplement form).
    to_supplement = online(MARRIAGE, local(2026, 3, 26, 20))
    reception.receive_dossier(
        actor("reception.px_quynhon"),
        to_supplement,
        now=local(2026, 3, 27, 8),
        expected_version=dossier_version(to_supplement),
    )
    dispatch(to_supplement, local(2026, 3, 27, 8, 30))
    assign(to_supplement, "px_quynhon", local(2026, 3, 27, 9))
    ask_supplement(to_supplement, local(2026, 3, 30, 9))

    ready = at_counter(MARRIAGE, local(2026, 3, 23, 9))
    dispatch(ready, local(2026, 3, 23, 9, 30))
    work(ready, "px_quynhon", local(2026, 3, 24, 8), local(2026, 3, 27, 10))

    in_progress = at_counter(MARRIAGE, local(2026, 3, 24, 9))
    dispatch(in_progress, local(2026, 3, 24, 9, 30))
    in_progress_task = assign(in_progress, "px_quynhon", local(2026, 3, 25, 8))

    proposed = at_counter(MARRIAGE, local(2026, 3, 25, 9))
    dispatch(proposed, local(2026, 3, 25, 9, 30))
    proposed_task = assign(proposed, "px_quynhon", local(2026, 3, 26, 8))
    processing.propose_result(
        actor("specialist.px_quynhon"),
        proposed_task,
        "Hai bên đủ điều kiện kết hôn.",
        result_file=("giay-chung-nhan.pdf", PDF),
        now=local(2026, 3, 26, 10),
        expected_version=task_version(proposed_task),
    )

    waiting = at_counter(MARRIAGE, local(2026, 3, 30, 9))
    dispatch(waiting, local(2026, 3, 30, 9, 30))

    complaints.record_complaint(
        actor("reception.px_quynhon"),
        unit_id("px_quynhon"),
        complaints.ComplaintInput(
            received_on=date(2026, 3, 27),
            channel="direct",
            content="Người dân phản ánh phải chờ lâu tại quầy tiếp nhận.",
            handling_due_on=date(2026, 4, 10),
            sender_name="Trần Văn Bình",
        ),
        now=local(2026, 3, 27, 15),
    )
    guidance = counter.log_guidance(
        actor("reception.px_quynhon"),
        counter.Guidance(
            procedure_id=procedure_id(MARRIAGE),
            applicant=APPLICANT,
            items=(MissingItem(None, "Giấy xác nhận tình trạng hôn nhân", "Chưa có bản chính."),),
        ),
        now=local(2026, 3, 30, 10),
    )
    # The birth bundle M3, all its steps approved, collected at the counter with its receipt.
    closing.return_result(
        actor("reception.px_quynhon"),
        ids["M3"],
        "counter",
        receipt_code=fresh(ids["M3"]).code,
        now=local(2026, 3, 30, 14),
        expected_version=dossier_version(ids["M3"]),
    )
    webhook, _ = webhooks.create_subscription(
        actor("admin.ttpvhcc"),
        webhooks.SubscriptionInput("Cổng DVC tỉnh", "https://dvc.gialai.gov.vn/hooks/vpub"),
    )
    declared = counter.receive_walk_in(
        actor("reception.px_quynhon"),
        counter.WalkIn(
            procedure_id=procedure_id(RESIDENCE),
            applicant=APPLICANT,
            present_document_ids=frozenset(
                document_ids(procedure_id(RESIDENCE), mandatory_only=True)[1:]
            ),
            answers=RESIDENCE_ANSWERS,
        ),
        now=local(2026, 3, 30, 11),
    ).id
    form_draft = catalogue_versions.start_draft(actor("admin.ttpvhcc"), BIRTH)
    lookup = fresh(ready)
    catalogue_draft = catalogue_versions.start_draft(actor("admin.ttpvhcc"), "LT.KS-TT-BHYT")
    _schedule_merger_of("px_quynhon", "px_quynhonnam", date(2027, 1, 1))
    return World(
        procedure=procedure_id(MARRIAGE),
        procedure_code=MARRIAGE,
        draft=draft,
        submitted=submitted,
        result_ready=ready,
        in_progress_task=in_progress_task,
        awaiting_approval_task=proposed_task,
        unassigned_task=task_of(waiting, "px_quynhon"),
        to_supplement=to_supplement,
        returned_online=ids["M3"],
        lookup_code=str(lookup.code),
        lookup_key=str(lookup.lookup_key),
        guidance=guidance,
        catalogue_draft=catalogue_draft,
        webhook=webhook,
        agency=unit_id("px_quynhon"),
        calendar_day=_calendar_day(date(2026, 1, 1)),
        form_procedure=procedure_id(RESIDENCE),
        form_procedure_code=RESIDENCE,
        declared=declared,
        form_draft=form_draft,
        citizen_account=int(citizen.user_id or 0),
    )


def _calendar_day(day: date) -> int:
    from sqlalchemy import select

    from vpub_onestop.extensions import db
    from vpub_onestop.models import CalendarOverride

    return db.session.scalars(select(CalendarOverride.id).where(CalendarOverride.day == day)).one()
