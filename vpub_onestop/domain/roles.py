"""Roles (docs/domain.md#roles), with display labels."""

from __future__ import annotations

from enum import Enum


class Role(Enum):
    CITIZEN = "citizen"
    RECEPTION = "reception"
    SPECIALIST = "specialist"
    LEADER = "leader"
    UNIT_HEAD = "unit_head"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label_vi(self) -> str:
        return _LABELS_VI[self]

    @property
    def is_staff(self) -> bool:
        return self is not Role.CITIZEN


_LABELS_VI = {
    Role.CITIZEN: "Công dân / tổ chức",
    Role.RECEPTION: "Cán bộ tiếp nhận và trả kết quả",
    Role.SPECIALIST: "Chuyên viên xử lý",
    Role.LEADER: "Lãnh đạo",
    Role.UNIT_HEAD: "Giám đốc Trung tâm",
    Role.SUPERVISOR: "Giám sát (Văn phòng UBND)",
    Role.ADMIN: "Quản trị hệ thống",
}
