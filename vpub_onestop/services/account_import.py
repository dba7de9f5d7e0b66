"""Bulk import of accounts from a CSV file: a dry run that says, line by line, whether it
would create an account, update one, leave one as it is, or why it cannot; then the same
file applied in one transaction, all or nothing, every account audited
(docs/architecture.md#admin-audit). A created account gets a temporary password, shown
once to the administrator, to be changed at the first sign-in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vpub_onestop.domain.account_csv import CsvAccount, read_accounts
from vpub_onestop.domain.accounts import last_admin_problem
from vpub_onestop.domain.errors import N_, Message, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import Agency, User
from vpub_onestop.services import admin_accounts
from vpub_onestop.services.admin_accounts import AccountInput, check_input, snapshot
from vpub_onestop.services.admin_audit import record_admin_change
from vpub_onestop.services.uow import unit_of_work

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class PlannedLine:
    line: int
    username: str
    full_name: str
    action: str
    problems: list[Message] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # the fields an update changes


@dataclass(frozen=True)
class ImportPlan:
    lines: list[PlannedLine]

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def has_errors(self) -> bool:
        return self.count(ERROR) > 0


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    passwords: list[tuple[str, str]]  # (username, temporary password) of each new account


def dry_run(actor: Actor, text: str) -> ImportPlan:
    """What applying `text` would do; changes nothing. Raises CsvProblem for a file that
    cannot be read at all."""
    accounts = read_accounts(text)
    with unit_of_work(send_outbox=False) as session:
        plan = _plan(session, actor, accounts)
        session.rollback()  # nothing was changed; nothing is kept either way
    return plan


def apply(actor: Actor, text: str, reason: str | None = None) -> ImportResult:
    """Apply `text` in one transaction: refused whole (ValidationError) when any line has
    a problem, as the dry run showed it."""
    accounts = read_accounts(text)
    note = N_("Nhập từ tệp CSV") + (f": {reason.strip()}" if reason and reason.strip() else "")
    with unit_of_work() as session:
        plan = _plan(session, actor, accounts)
        if plan.has_errors:
            raise ValidationError(
                N_("Tệp có %(n)s dòng lỗi: chưa nhập tài khoản nào.", n=plan.count(ERROR))
            )
        agencies = _agencies(session)
        passwords = []
        for account, line in zip(accounts, plan.lines, strict=True):
            data = _input(account, agencies)
            if line.action == CREATE:
                passwords.append((account.username, _create(session, actor, data, note)))
            elif line.action == UPDATE:
                _update(session, actor, data, note)
        return ImportResult(plan, passwords)


def _agencies(session: Session) -> dict[str, int]:
    rows = session.execute(select(Agency.code, Agency.id))
    return {str(code): int(agency_id) for code, agency_id in rows}


def _plan(session: Session, actor: Actor, accounts: list[CsvAccount]) -> ImportPlan:
    agencies = _agencies(session)
    seen: set[str] = set()
    lines = []
    for account in accounts:
        line = PlannedLine(account.line, account.username, account.full_name, ERROR)
        line.problems.extend(account.problems)
        key = account.username.lower()
        if key and key in seen:
            line.problems.append(N_("Tên đăng nhập lặp lại trong tệp."))
        seen.add(key)
        if account.agency_code and account.agency_code not in agencies:
            line.problems.append(N_("Không có cơ quan mã '%(code)s'.", code=account.agency_code))
        user = _existing(session, account.username)
        if not line.problems and account.role is not None:
            data = _input(account, agencies)
            line.problems.extend(check_input(session, data, user).values())
            if user is not None and not line.problems:
                line.problems.extend(_demotion_problem(session, actor, user, data))
            if not line.problems:
                line.changed = _changes(user, data) if user is not None else []
                line.action = CREATE if user is None else (UPDATE if line.changed else UNCHANGED)
        lines.append(line)
    return ImportPlan(lines)


def _existing(session: Session, username: str) -> User | None:
    if not username:
        return None
    return session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def _input(account: CsvAccount, agencies: dict[str, int]) -> AccountInput:
    assert account.role is not None
    return AccountInput(
        username=account.username,
        full_name=account.full_name,
        role=account.role,
        agency_id=agencies.get(account.agency_code) if account.agency_code else None,
        email=account.email,
        phone=account.phone,
    )


def _changes(user: User, data: AccountInput) -> list[str]:
    now: dict[str, Any] = {
        "full_name": user.full_name,
        "role": user.role,
        "agency": user.agency_id,
        "email": user.email,
        "phone": user.phone,
    }
    new: dict[str, Any] = {
        "full_name": data.full_name.strip(),
        "role": data.role.value,
        "agency": data.agency_id,
        "email": (data.email or "").strip() or None,
        "phone": (data.phone or "").strip() or None,
    }
    return [name for name in now if now[name] != new[name]]


def _demotion_problem(
    session: Session, actor: Actor, user: User, data: AccountInput
) -> list[Message]:
    """A file may not take the administration from its own administrator nor from the
    last enabled one (the same rule as the account page)."""
    target_is_admin = user.enabled and user.role == Role.ADMIN.value
    stays_admin = data.role is Role.ADMIN
    others = 0
    if target_is_admin and not stays_admin:
        others = (
            session.scalar(
                select(func.count())
                .select_from(User)
                .where(User.role == Role.ADMIN.value, User.enabled, User.id != user.id)
            )
            or 0
        )
    problem = last_admin_problem(
        acting_user_id=actor.user_id,
        target_user_id=user.id,
        target_is_enabled_admin=target_is_admin,
        stays_enabled_admin=stays_admin,
        other_enabled_admins=others,
    )
    return [problem] if problem is not None else []


def _create(session: Session, actor: Actor, data: AccountInput, note: str) -> str:
    user = User(role=data.role.value, enabled=True, must_change_password=True)
    admin_accounts.apply_input(session, user, data)
    password = admin_accounts.temporary_password()
    user.set_password(password, admin_accounts.password_hash_method())
    session.add(user)
    session.flush()
    record_admin_change(
        session, actor, "user", user.id, "import", after=snapshot(user), reason=note
    )
    return password


def _update(session: Session, actor: Actor, data: AccountInput, note: str) -> None:
    user = _existing(session, data.username)
    assert user is not None
    before = snapshot(user)
    if data.role.value != user.role or data.agency_id != user.agency_id:
        user.session_generation += 1  # sessions restart under the new role
    admin_accounts.apply_input(session, user, data)
    user.admin_version += 1
    record_admin_change(
        session, actor, "user", user.id, "import", before=before, after=snapshot(user), reason=note
    )
