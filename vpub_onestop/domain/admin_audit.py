"""What the administration audit names and how it reads a change
(docs/architecture.md#admin-audit): the kinds of object an administrator changes, the
actions, the labels of the fields a history shows, and the list of fields that changed.

Everything here is plain data: the services write the rows, the pages show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vpub_onestop.domain.errors import N_
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role

# The kinds of object, with the label the audit page filters by. A helper adding an admin
# page for a new kind adds it here (the filter and the history macro read this table).
OBJECT_TYPES: dict[str, str] = {
    "user": N_("Tài khoản"),
    "agency": N_("Cơ quan"),
    "procedure": N_("Thủ tục"),
    "calendar": N_("Lịch làm việc"),
    "setting": N_("Cấu hình"),
    "form": N_("Tờ khai điện tử"),
    "webhook": N_("Webhook"),
    "api_token": N_("Mã truy cập API"),
}

ACTIONS: dict[str, str] = {
    "create": N_("Tạo mới"),
    "update": N_("Sửa"),
    "disable": N_("Khóa tài khoản"),
    "enable": N_("Mở lại tài khoản"),
    "reset_password": N_("Đặt lại mật khẩu"),
    "sign_out_everywhere": N_("Đăng xuất mọi phiên"),
    "unlock": N_("Gỡ khóa đăng nhập"),
    "import": N_("Nhập từ tệp"),
    "merge": N_("Hợp nhất"),
    "rename": N_("Đổi tên"),
    "publish": N_("Công bố"),
    "delete": N_("Xóa"),
    "schedule": N_("Đặt giá trị mới"),
    "revoke": N_("Thu hồi"),
}

# Field names as the history shows them; a field missing here shows its own name.
FIELD_LABELS: dict[str, str] = {
    "username": N_("Tên đăng nhập"),
    "full_name": N_("Họ và tên"),
    "role": N_("Vai trò"),
    "agency": N_("Cơ quan"),
    "email": N_("Thư điện tử"),
    "phone": N_("Điện thoại"),
    "enabled": N_("Đang hoạt động"),
    "must_change_password": N_("Phải đổi mật khẩu"),
    "session_generation": N_("Thế hệ phiên đăng nhập"),
    "locked_until": N_("Khóa đăng nhập đến"),
    "failed_logins": N_("Số lần đăng nhập sai"),
    "name": N_("Tên"),
    "code": N_("Mã"),
    "value": N_("Giá trị"),
    "effective_from": N_("Áp dụng từ ngày"),
    # A procedure version (services/catalogue_audit.py: the catalogue file's keys).
    "version": N_("Phiên bản"),
    "field": N_("Lĩnh vực"),
    "limit": N_("Thời hạn giải quyết"),
    "online_limit": N_("Thời hạn khi nộp trực tuyến"),
    "online": N_("Mức độ trực tuyến"),
    "result": N_("Kết quả giải quyết"),
    "legal_basis": N_("Căn cứ pháp lý"),
    "conditions": N_("Yêu cầu, điều kiện"),
    "source": N_("Nguồn số liệu"),
    "fee": N_("Phí, lệ phí"),
    "documents": N_("Thành phần hồ sơ"),
    "template_files": N_("Mẫu đơn, tờ khai tải lên"),
    "route": N_("Quy trình giải quyết"),
    "immediate_result": N_("Trả ngay"),
    "any_unit": N_("Không phụ thuộc địa giới hành chính"),
    "declaration": N_("Tờ khai điện tử"),
    "client_name": N_("Hệ thống nhận"),
    "url": N_("Địa chỉ nhận"),
    "event_filter": N_("Bộ lọc sự kiện"),
    "active": N_("Đang gửi"),
    # agencies (services/agencies.py, services/agency_merge.py)
    "key": N_("Mã ngắn"),
    "level": N_("Cấp"),
    "parent": N_("Cơ quan chủ quản"),
    "is_one_stop_unit": N_("Bộ phận Một cửa"),
    "is_vertical": N_("Ngành dọc"),
    "address": N_("Địa chỉ"),
    "opening_hours": N_("Giờ tiếp nhận"),
    "valid_from": N_("Có hiệu lực từ ngày"),
    "valid_to": N_("Hết hiệu lực sau ngày"),
    "merged_into": N_("Sáp nhập vào"),
    "merged_from": N_("Các cơ quan được sáp nhập"),
    "moved": N_("Đã chuyển (số lượng)"),
    # calendar days and years (services/calendar_admin.py)
    "day": N_("Ngày"),
    "kind": N_("Loại"),
    "basis": N_("Căn cứ"),
    "status": N_("Trạng thái"),
    "operations": N_("Thao tác được phép"),
    "expires_at": N_("Hết hạn"),
    "revoked_at": N_("Thu hồi lúc"),
}

# Who changed something from the command line (`flask accounts ...`): no signed-in account.
COMMAND_LINE = Actor(user_id=None, role=Role.ADMIN, agency_id=None, is_system=True)


def may_administer(actor: Actor) -> bool:
    """Only an administrator (or the command line) changes accounts, agencies, the
    catalogue, the calendar and the settings (docs/domain.md#roles)."""
    return actor.role is Role.ADMIN


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[FieldChange]:
    """The fields whose value differs, in the order they were recorded (a created object:
    every field, from nothing; a removed one: every field, to nothing)."""
    old = before or {}
    new = after or {}
    names = list(old) + [name for name in new if name not in old]
    return [
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]
