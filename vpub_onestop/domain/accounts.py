"""Rules of account administration (docs/domain.md#roles): which roles belong to an agency,
and the administrator who must always remain. Pure: the services ask, the pages show the answers."""

from __future__ import annotations

from vpub_onestop.domain.errors import N_, Message
from vpub_onestop.domain.roles import Role

# Officers act for an agency: their lists, permissions and statistics are the agency's.
AGENCY_ROLES = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.LEADER, Role.UNIT_HEAD})
# Overseers may be attached to an agency (the People's Committee office) or not.
OPTIONAL_AGENCY_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def agency_problem(role: Role, has_agency: bool) -> Message | None:
    """Why this role cannot have (or lack) an agency, or None."""
    if role in AGENCY_ROLES and not has_agency:
        return N_("Cán bộ của vai trò này phải thuộc một cơ quan.")
    if role is Role.CITIZEN and has_agency:
        return N_("Tài khoản công dân không thuộc cơ quan nào.")
    return None


def last_admin_problem(
    *,
    acting_user_id: int | None,
    target_user_id: int,
    target_is_enabled_admin: bool,
    stays_enabled_admin: bool,
    other_enabled_admins: int,
) -> Message | None:
    """An administrator may not take away their own administration (disable or demote
    themself: nobody would be left to undo a mistake made in their session), nor that of
    the last enabled administrator."""
    if not target_is_enabled_admin or stays_enabled_admin:
        return None
    if acting_user_id == target_user_id:
        return N_("Bạn không thể tự khóa tài khoản hoặc bỏ vai trò quản trị của chính mình.")
    if other_enabled_admins == 0:
        return N_("Không thể khóa hoặc đổi vai trò của quản trị viên cuối cùng đang hoạt động.")
    return None
