"""What the fuzz test sends: hostile values for path segments, query arguments and form
fields, the field names of every form of the web layer, and a scene of real objects so that
some requests reach a real dossier, task, file, guidance or complaint.

Hostile means what a probe of the running app sent: Unicode digits that pass
`str.isdigit()` but not `int()`, ids beyond 32 and 64 bits, NUL and other control
characters, very long strings, dates at the ends of the calendar, files under text fields.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

import vpub_onestop.web
from tests.conftest import Clock
from tests.services.support import (
    actor,
    document_ids,
    draft_with_documents,
    procedure_id,
    unit_id,
)
from tests.web.officer import scenarios
from vpub_onestop.domain.checklist import MissingItem
from vpub_onestop.domain.satisfaction import CRITERIA
from vpub_onestop.domain.status import TaskState
from vpub_onestop.services import counter
from vpub_onestop.services.applicants import Applicant
from vpub_onestop.services.complaints import ComplaintInput, record_complaint
from vpub_onestop.web.form_base import Form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

UNICODE_DIGITS = ["²", "١", "５", "߁", "𝟙", "²³"]
HUGE_NUMBERS = ["0", "-1", "2147483648", "4294967296", "9223372036854775808", "9" * 40]
CONTROL_TEXT = ["\x00", "a\x00b", "\x01\x02\x1b[31m", "\x7f\x85\x9f", "\t\r\n", "\ufeff"]
ODD_TEXT = ["", " ", "'; DROP TABLE dossier; --", "%", "_", "<script>", "../../etc/passwd"]
ODD_DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "31/12/9999", "00/00/0000", "2026-3-1"]
LONG = ["x" * 5000, "Ạ" * 2000, "1" * 400]

HOSTILE_SCALARS = [
    *UNICODE_DIGITS,
    *HUGE_NUMBERS,
    *CONTROL_TEXT,
    *ODD_TEXT,
    *ODD_DATES,
    *LONG,
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_SCALARS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
)

# Query arguments the views read (a name no view reads is ignored, harmlessly).
QUERY_NAMES = [
    *("trang", "q", "ma", "khoa", "loai", "don_vi", "co_quan", "can_bo", "buoc", "tu", "den"),
    *("linh_vuc", "thu_tuc", "kenh", "cap", "truc_tuyen", "thu-tuc", "don-vi", "next", "lang"),
    *("xong", "tai", "ve"),
]


def plausible(name: str) -> list[str]:
    """Values a browser could send for a field of this name, so that a request with a few
    hostile fields still passes the others and reaches the service behind."""
    bare = name.rsplit("-", 1)[-1]
    small_ids = [str(number) for number in range(1, 13)]
    by_name = {
        "version": ["0", "1", "2", "3", "4", "5"],
        "id_number": ["052190001234"],
        "owner_id_number": ["052190001234"],
        "citizen_id": ["052190001234"],
        "phone": ["0905123456"],
        "email": ["nhung@example.com"],
        "receiving_unit_id": small_ids,
        "assignee": small_ids,
        "don_vi": small_ids,
        "don-vi": small_ids,
        "co_quan": small_ids,
        "can_bo": ["0", *small_ids],
        "thu-tuc": small_ids,
        "trang": ["1", "2"],
        "amount_vnd": ["250000", "250.000 ₫"],
        "fee_vnd": ["0", "50.000"],
        "sets_count": ["1", "2"],
        "method": ["counter", "post", "online"],
        "channel": ["direct", "post"],
        "kenh": ["direct", "phone", "online"],
        "result_delivery": ["online", "counter", "post"],
        "chi_so": ["c5", "c6"],
        "diem": ["0", "1", "2"],
        "tu": ["2026-03-01", "01/03/2026"],
        "den": ["2026-03-31", "31/03/2026"],
        "loai": ["overdue", "due_soon", "task_overdue", "received", "cho-chuyen"],
    }
    if bare in by_name:
        return by_name[bare]
    if bare in {key for key, _label in CRITERIA}:
        return ["1", "2", "3", "4"]
    if bare.startswith(("ngay", "han", "new_date")):
        return ["2026-03-02", "02/03/2026", "2026-04-15"]
    if bare.startswith(("present_", "missing_", "da_xac_minh", "owner_differs", "is_org")):
        return ["y"]
    return ["Nguyễn Văn An", "Giấy tờ đã đủ, hợp lệ.", "KQ1", "12345"]


def _form_classes() -> list[type[Form]]:
    for module in pkgutil.iter_modules(vpub_onestop.web.__path__):
        importlib.import_module(f"vpub_onestop.web.{module.name}")
    found: list[type[Form]] = []
    pending = [Form]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def form_field_names(document_ids: list[int], complaint_ids: list[int]) -> list[str]:
    """Every field name of every form, with the prefixes the pages give them (the act's
    name on the desk and task pages, `rfc`, `pa<id>-` on the complaint record) and the
    per-document fields of the checklists."""
    from vpub_onestop.web import desk_forms, work_forms

    names: set[str] = set()
    for cls in _form_classes():
        for attribute, value in vars(cls).items():
            if isinstance(value, UnboundField):
                names.add(value.kwargs.get("name") or attribute)
    names.update(key for key, _label in CRITERIA)
    for doc in document_ids:
        names.update({f"present_{doc}", f"reason_{doc}", f"missing_{doc}", f"doc_{doc}"})
    prefixes = [*desk_forms.FORMS, *work_forms.FORMS, "rfc"]
    prefixes += [f"pa{complaint}" for complaint in complaint_ids]
    return sorted(names | {f"{prefix}-{name}" for prefix in prefixes for name in names})


@st.composite
def upload(draw: st.DrawFn) -> tuple[bytes, str]:
    content = draw(st.sampled_from([PDF, b"", b"MZ\x90\x00not a pdf", PDF + b"x" * 2000]))
    name = draw(st.one_of(st.sampled_from(["giay-to.pdf", "a\x00b.pdf", "x" * 500]), hostile_text))
    return content, name or "tep.pdf"


@dataclass(frozen=True)
class Scene:
    """Ids of real objects, mixed into the path values so that requests also reach pages
    and acts on a draft, a dossier waiting for the check, steps pending and in progress,
    a result ready, its files, a counter guidance and a complaint."""

    ids: list[str]
    field_names: list[str]


def build_scene(clock: Clock) -> Scene:
    desk = actor("reception.px_quynhon")
    simple = procedure_id(scenarios.SIMPLE)
    draft_with_documents(actor("citizen1"), simple, unit_id("px_quynhon"))
    scenarios.submitted_online(clock)
    scenarios.received_at_counter(clock)
    scenarios.dispatched(clock)
    working = scenarios.dispatched(clock)
    scenarios.work_step(clock, working.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)
    scenarios.result_ready(clock)
    counter.log_guidance(
        desk,
        counter.Guidance(
            procedure_id=simple,
            applicant=Applicant(name="Nguyễn Văn An", phone="0905123456"),
            items=(MissingItem(None, "Tờ khai", "Chưa ký"),),
        ),
        now=clock.now,
    )
    today = clock.now.date()
    record_complaint(
        desk,
        unit_id("px_quynhon"),
        ComplaintInput(today, "direct", "Chờ lâu tại quầy.", today),
        now=clock.now,
    )
    documents = document_ids(simple)
    return Scene(
        ids=[str(number) for number in range(1, 9)],
        field_names=form_field_names(documents, [1, 2]),
    )
