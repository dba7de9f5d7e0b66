"""Organisation: agencies (a tree with official codes) and user accounts."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String, event, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from vpub_onestop import clock
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.search import account_search_text
from vpub_onestop.models.base import Base


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short stable key used by seed files and demo logins (e.g. "congan").
    key: Mapped[str] = mapped_column(String(40), unique=True)
    # Official identifier V1V2V3.Z1Z2.Y1Y2.MX1X2; the prefix of every dossier code it issues.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(20))  # province | commune
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    is_one_stop_unit: Mapped[bool] = mapped_column(default=False)
    is_vertical: Mapped[bool] = mapped_column(default=False)
    # Where and when a one-stop unit's counter receives the public (Decree 61/2018 Art. 12
    # has the unit publish them); shown on every procedure page it receives.
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    opening_hours: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    # The agency that took over this one's work in a merger, and the day it took effect:
    # the successor's one-stop desk answers for the open dossiers this agency received
    # (docs/domain.md#merger-successor-desk). Indexed: the desk asks who was merged into it.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    merged_on: Mapped[date | None]

    # Two administrators editing or merging the same agency: the second one's change is
    # refused and asked to reload (services/agencies.py), never silently lost.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    parent: Mapped[Agency | None] = relationship(remote_side="Agency.id", foreign_keys=[parent_id])

    def __repr__(self) -> str:
        return f"<Agency {self.key} {self.code}>"


class AgencyName(Base):
    """A name and code an agency bore before a rename, and its last day: slips and pages of
    older dossiers print the name they were issued under (docs/domain.md#agency-administration)."""

    __tablename__ = "agency_name"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(40))
    until: Mapped[date]
    changed_at: Mapped[datetime] = mapped_column(default=clock.now)


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    # Unique where present (NULLs are distinct): one account per citizen or organisation.
    citizen_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    is_organisation: Mapped[bool] = mapped_column(default=False, server_default=false())
    address: Mapped[str | None] = mapped_column(String(300))
    # Not called is_active: that name belongs to Flask-Login's UserMixin.
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Seeded with the published demo password: never signs in under the production config.
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Every signed-in session carries the generation it started under; raising it (sign
    # out, password change, "sign out everywhere") ends all of them (docs/policies.md#sessions).
    session_generation: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # Failed sign-ins in the current window, and the lock they lead to
    # (docs/policies.md#login-lockout).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    first_failed_at: Mapped[datetime | None] = mapped_column()
    locked_until: Mapped[datetime | None] = mapped_column()
    # Set when an administrator creates the account or resets its password with a
    # temporary one: the next sign-in leads straight to the password change.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The folded line the administration's account list searches (domain/search.py),
    # kept current on every insert and update by the mapper events below.
    search_text: Mapped[str | None] = mapped_column(String(600))
    # Bumped by each administrator's change: an admin form carries the value it was
    # rendered with, so of two administrators editing at once one wins, the other reloads.
    # Not a version_id_col: sign-ins and sign-outs update the row too, and must not race it.
    admin_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    agency: Mapped[Agency | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled accounts
        return self.enabled

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _refresh_search_text(_mapper: object, _connection: object, user: User) -> None:
    user.search_text = account_search_text(
        username=user.username, full_name=user.full_name, email=user.email, phone=user.phone
    )
