"""The pages the accessibility run visits, per signed-in role (None: a visitor). To cover a
new page, add a Visit to its role: the path may name any field of world.World in braces;
`then` acts on the loaded page first (e.g. sends a form empty so its errors show)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page


@dataclass(frozen=True)
class Visit:
    name: str  # the screenshot's name and the failure's label
    path: str
    then: Callable[[Page], None] | None = None
    status: int = 200  # what the server answers the GET (error pages: 403, 404)


def submit(selector: str = "main form [type=submit]") -> Callable[[Page], None]:
    """Send the page's form as it stands (empty): the page comes back with its errors."""

    def act(page: Page) -> None:
        page.locator(selector).first.click()
        page.wait_for_load_state()

    return act


def press(button: str) -> Callable[[Page], None]:
    """Press the form button named `button` with its fields left empty."""

    def act(page: Page) -> None:
        page.get_by_role("button", name=button, exact=True).first.click()
        page.wait_for_load_state()

    return act


PUBLIC = (
    Visit("home", "/"),
    Visit("catalogue", "/thu-tuc"),
    Visit("catalogue-search", "/thu-tuc?q=kết+hôn"),
    Visit("procedure", "/thu-tuc/{procedure_code}"),
    Visit("lookup", "/tra-cuu"),
    Visit("lookup-found", "/tra-cuu?ma={lookup_code}&khoa={lookup_key}"),
    Visit("lookup-not-found", "/tra-cuu?ma=000.00.00.H21-260331-9999&khoa=123456", status=404),
    Visit("not-found", "/khong-co-trang-nay", status=404),
    Visit("api-docs", "/api/v1/docs"),
)
VISITOR = (
    *PUBLIC,
    Visit("login", "/dang-nhap"),
    Visit("login-errors", "/dang-nhap", then=submit()),
    Visit("register", "/dang-ky"),
    Visit("register-errors", "/dang-ky", then=submit()),
)
CITIZEN = (
    Visit("citizen-home", "/"),
    Visit("my-dossiers", "/ho-so-cua-toi"),
    Visit("citizen-dossier", "/ho-so-cua-toi/{submitted}"),
    Visit("citizen-supplement", "/ho-so-cua-toi/{to_supplement}"),
    Visit(
        "citizen-supplement-errors",
        "/ho-so-cua-toi/{to_supplement}",
        then=submit("form[action$='/bo-sung'] [type=submit]"),
    ),
    Visit("citizen-returned-dossier", "/ho-so-cua-toi/{returned_online}"),
    Visit("citizen-rate", "/ho-so-cua-toi/{returned_online}/danh-gia"),
    Visit("citizen-rate-errors", "/ho-so-cua-toi/{returned_online}/danh-gia", then=submit()),
    Visit("citizen-start", "/thu-tuc/{procedure_code}/nop-truc-tuyen"),
    Visit("citizen-start-errors", "/thu-tuc/{procedure_code}/nop-truc-tuyen", then=submit()),
    Visit("citizen-draft", "/ho-so-cua-toi/{draft}/sua"),
    Visit("citizen-review", "/ho-so-cua-toi/{draft}/xem-lai"),
    Visit("citizen-acknowledgement", "/ho-so-cua-toi/{submitted}/da-nop"),
    Visit("account", "/tai-khoan"),
    Visit("password", "/tai-khoan/mat-khau"),
    Visit("password-errors", "/tai-khoan/mat-khau", then=submit()),
    Visit("citizen-forbidden", "/mot-cua/tiep-nhan", status=403),
    # The electronic declaration (CT01) in the online form, and its errors per field.
    Visit("citizen-declaration", "/thu-tuc/{form_procedure_code}/nop-truc-tuyen"),
    Visit(
        "citizen-declaration-errors",
        "/thu-tuc/{form_procedure_code}/nop-truc-tuyen",
        then=press("Tiếp tục: xem lại hồ sơ"),
    ),
)
RECEPTION = (
    Visit("reception-home", "/"),
    Visit("desk-queue", "/mot-cua/tiep-nhan"),
    Visit("desk-check", "/mot-cua/kiem-tra/{submitted}"),
    Visit("counter-search", "/mot-cua/tai-quay?q=kết+hôn"),
    Visit("counter-form", "/mot-cua/tai-quay?thu-tuc={procedure}"),
    Visit(
        "counter-form-errors",
        "/mot-cua/tai-quay?thu-tuc={procedure}",
        then=submit("main form [type=submit].btn-primary"),
    ),
    Visit("guidance", "/mot-cua/huong-dan/{guidance}"),
    Visit("desk-dossier", "/mot-cua/ho-so/{result_ready}"),
    Visit("desk-returns", "/mot-cua/tra-ket-qua"),
    Visit("unit-dossiers", "/mot-cua/danh-sach-ho-so"),
    Visit("register-form", "/so-theo-doi"),
    Visit("complaints", "/mot-cua/phan-anh"),
    Visit("complaints-errors", "/mot-cua/phan-anh", then=press("Ghi nhận phản ánh")),
    Visit("return-errors", "/mot-cua/ho-so/{result_ready}", then=press("Trả kết quả")),
    Visit("staff-search", "/tim-kiem?q=nguyen"),
    Visit("counter-declaration", "/mot-cua/tai-quay?thu-tuc={form_procedure}"),
    Visit("desk-dossier-declaration", "/mot-cua/ho-so/{declared}"),
)
SPECIALIST = (
    Visit("specialist-home", "/"),
    Visit("tasks", "/xu-ly"),
    Visit("agency-dossiers", "/xu-ly/danh-sach-ho-so"),
    Visit("task-in-progress", "/xu-ly/nhiem-vu/{in_progress_task}"),
    Visit(
        "task-propose-errors",
        "/xu-ly/nhiem-vu/{in_progress_task}",
        then=press("Trình phê duyệt"),
    ),
    Visit("specialist-search", "/tim-kiem?q=nguyen"),
)
LEADER = (
    Visit("leader-tasks", "/xu-ly"),
    Visit("task-to-assign", "/xu-ly/nhiem-vu/{unassigned_task}"),
    Visit("task-to-approve", "/xu-ly/nhiem-vu/{awaiting_approval_task}"),
    # A final act asks once (web/confirm.py): the question comes back on the same page.
    Visit(
        "approve-confirm",
        "/xu-ly/nhiem-vu/{awaiting_approval_task}",
        then=press("Phê duyệt"),
    ),
)
MONITORING = (
    Visit("dashboard", "/theo-doi"),
    Visit("overdue-dossiers", "/theo-doi/ho-so?loai=overdue"),
    Visit("overdue-steps", "/theo-doi/buoc-xu-ly?loai=task_overdue"),
    Visit("report", "/theo-doi/bao-cao?tu=2026-03-01&den=2026-03-31"),
    Visit("indicators", "/theo-doi/chi-so"),
    Visit("satisfaction", "/theo-doi/hai-long"),
)
UNIT_HEAD = (
    Visit("unit-head-home", "/"),
    *MONITORING,
    Visit("unit-head-queue", "/mot-cua/tiep-nhan"),
)
SUPERVISOR = (
    Visit("supervisor-home", "/"),
    Visit("supervisor-dashboard", "/theo-doi"),
    Visit("supervisor-dossier", "/mot-cua/ho-so/{result_ready}"),
    Visit("supervisor-complaints", "/mot-cua/phan-anh"),
)


def merge_preview(page: Page) -> None:
    """Choose the land office to merge into its department, with a basis, and preview."""
    page.get_by_label("Văn phòng Đăng ký đất đai tỉnh Gia Lai (000.20.20.H21)").check()
    page.get_by_label("Chọn cơ quan đã có").select_option(
        label="Sở Nông nghiệp và Môi trường tỉnh Gia Lai (000.00.20.H21)"
    )
    page.get_by_label("Sáp nhập có hiệu lực từ ngày").fill("2026-04-01")
    page.get_by_label("Căn cứ (nghị quyết, quyết định)").fill("Quyết định 25/QĐ-UBND")
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state()


ADMIN = (
    Visit("admin-home", "/"),
    Visit("admin-dashboard", "/theo-doi"),
    Visit("admin-register-form", "/so-theo-doi"),
    Visit("admin-webhooks", "/quan-tri/webhook"),
    Visit("admin-webhooks-errors", "/quan-tri/webhook", then=press("Thêm đăng ký")),
    Visit("admin-webhook", "/quan-tri/webhook/{webhook}"),
    Visit("admin-agencies", "/quan-tri/co-quan"),
    Visit("admin-agency", "/quan-tri/co-quan/{agency}"),
    Visit("admin-agency-edit", "/quan-tri/co-quan/{agency}/sua"),
    Visit("admin-agency-rename", "/quan-tri/co-quan/{agency}/doi-ten"),
    Visit("admin-agency-new-errors", "/quan-tri/co-quan/moi", then=press("Tạo cơ quan")),
    Visit("admin-merge-errors", "/quan-tri/co-quan/sap-nhap", then=press("Xem trước")),
    Visit("admin-merge-preview", "/quan-tri/co-quan/sap-nhap", then=merge_preview),
    Visit("admin-calendar", "/quan-tri/lich?nam=2026"),
    Visit("admin-calendar-provisional", "/quan-tri/lich?nam=2027"),
    Visit("admin-calendar-errors", "/quan-tri/lich?nam=2026", then=press("Xem hồ sơ bị ảnh hưởng")),
    Visit("admin-calendar-day", "/quan-tri/lich/ngay/{calendar_day}"),
    Visit("declaration-editor", "/quan-tri/thu-tuc/{form_draft}/to-khai"),
    Visit(
        "declaration-editor-errors",
        "/quan-tri/thu-tuc/{form_draft}/to-khai",
        then=press("Thêm trường"),
    ),
    Visit("declaration-field", "/quan-tri/thu-tuc/{form_draft}/to-khai/truong/ks_ho_ten"),
    Visit("admin-area", "/quan-tri"),
    Visit("admin-audit", "/quan-tri/nhat-ky"),
    Visit("admin-audit-errors", "/quan-tri/nhat-ky?tu=2026-03-05&den=2026-03-01"),
    Visit("admin-accounts", "/quan-tri/tai-khoan"),
    Visit("admin-accounts-search", "/quan-tri/tai-khoan?q=nguyen&trang_thai=1"),
    Visit("admin-account-new", "/quan-tri/tai-khoan/moi"),
    Visit("admin-account-new-errors", "/quan-tri/tai-khoan/moi", then=press("Tạo tài khoản")),
    Visit("admin-account", "/quan-tri/tai-khoan/{citizen_account}"),
    Visit("admin-accounts-import", "/quan-tri/tai-khoan/nhap-csv"),
    Visit("admin-accounts-import-errors", "/quan-tri/tai-khoan/nhap-csv", then=submit()),
    Visit("admin-settings", "/quan-tri/cau-hinh"),
    Visit("admin-setting", "/quan-tri/cau-hinh/office_hours"),
    Visit("admin-setting-errors", "/quan-tri/cau-hinh/office_hours", then=press("Lưu quyết định")),
    Visit("admin-api-tokens", "/quan-tri/api"),
    Visit("admin-catalogue", "/quan-tri/thu-tuc"),
    Visit("admin-catalogue-search", "/quan-tri/thu-tuc?q=khai+sinh&trang_thai=draft"),
    Visit("admin-catalogue-procedure", "/quan-tri/thu-tuc/LT.KS-TT-BHYT"),
    Visit("admin-catalogue-draft", "/quan-tri/thu-tuc/phien-ban/{catalogue_draft}"),
    Visit(
        "admin-catalogue-draft-errors",
        "/quan-tri/thu-tuc/phien-ban/{catalogue_draft}",
        then=press("Tính thử ví dụ"),
    ),
    Visit("admin-catalogue-preview", "/quan-tri/thu-tuc/phien-ban/{catalogue_draft}/xem-truoc"),
    Visit("admin-catalogue-publish", "/quan-tri/thu-tuc/phien-ban/{catalogue_draft}/cong-bo"),
    Visit("admin-catalogue-transfer", "/quan-tri/thu-tuc/nhap-xuat"),
    Visit(
        "admin-catalogue-transfer-errors", "/quan-tri/thu-tuc/nhap-xuat", then=press("Kiểm tra tệp")
    ),
    Visit(
        "admin-api-tokens-errors",
        "/quan-tri/api",
        then=submit("main form [type=submit].btn-primary"),
    ),
)

BY_ROLE: dict[str | None, tuple[Visit, ...]] = {
    None: VISITOR,
    "citizen1": CITIZEN,
    "reception.px_quynhon": RECEPTION,
    "specialist.px_quynhon": SPECIALIST,
    "leader.px_quynhon": LEADER,
    "unit_head.px_quynhon": UNIT_HEAD,
    "supervisor.ttpvhcc": SUPERVISOR,
    "admin.ttpvhcc": ADMIN,
}
