"""The administrator's decisions on the policies of docs/policies.md: from a day, a policy
takes a value (docs/policies.md#effective-dates). Rows are only added: the history of
every policy stays, and a correction is a new decision (the database refuses UPDATE and
DELETE: models/append_only.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vpub_onestop import clock
from vpub_onestop.models.append_only import append_only
from vpub_onestop.models.base import Base


class PolicySetting(Base):
    __tablename__ = "policy_setting"
    __table_args__ = (Index("ix_policy_setting_key_from", "key", "effective_from", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))  # domain/policies/catalogue.py POLICIES
    effective_from: Mapped[date]
    value: Mapped[Any] = mapped_column(JSON)
    # The legal basis or reason the administrator gave (shown with the policy's history).
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


append_only(PolicySetting.__table__)  # type: ignore[arg-type]
