"""Read side of agency administration: the tree, one agency's page, the choices of the
forms, and the name an agency bore on a given day (docs/domain.md#agency-administration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from vpub_onestop.domain.agencies import NamePeriod, is_open_on, name_on
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, AgencyName, User


@dataclass
class TreeNode:
    id: int
    code: str
    name: str
    level: str
    is_one_stop_unit: bool
    is_vertical: bool
    is_open: bool
    children: list[TreeNode] = field(default_factory=list)

    @property
    def size(self) -> int:
        """This agency and every agency under it."""
        return 1 + sum(child.size for child in self.children)


def agency_tree(today: date) -> list[TreeNode]:
    """Every agency under its parent (a few hundred rows in a province: read at once);
    provincial agencies first, then by name."""
    rows = db.session.scalars(select(Agency)).all()
    nodes = {
        row.id: TreeNode(
            row.id,
            row.code,
            row.name,
            row.level,
            row.is_one_stop_unit,
            row.is_vertical,
            is_open_on(row.valid_from, row.valid_to, today),
        )
        for row in rows
    }
    roots: list[TreeNode] = []
    for row in rows:
        parent = nodes.get(row.parent_id) if row.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[row.id])
    _sort(roots)
    return roots


def _sort(nodes: list[TreeNode]) -> None:
    nodes.sort(key=lambda node: (node.level != "province", not node.is_open, node.name))
    for node in nodes:
        _sort(node.children)


@dataclass(frozen=True)
class AgencyPage:
    agency: Any  # the Agency row, read-only for the template
    parent_name: str | None
    children: list[tuple[int, str, str, bool]]  # id, code, name, open today
    users: int
    enabled_users: int
    names: list[AgencyName]
    is_open: bool
    # The agency this one was merged into (id, name), whose desk carries on its dossiers
    # (docs/domain.md#merger-successor-desk), and those merged into this one (id, name, day).
    merged_into: tuple[int, str] | None = None
    merged_from: list[tuple[int, str, date | None]] = field(default_factory=list)


def agency_page(agency_id: int, today: date) -> AgencyPage | None:
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        return None
    parent = db.session.get(Agency, agency.parent_id) if agency.parent_id else None
    children = db.session.execute(
        select(Agency.id, Agency.code, Agency.name, Agency.valid_from, Agency.valid_to)
        .where(Agency.parent_id == agency.id)
        .order_by(Agency.name)
    ).all()
    counts = db.session.execute(
        select(func.count(), func.count().filter(User.enabled.is_(True))).where(
            User.agency_id == agency.id
        )
    ).one()
    names = db.session.scalars(
        select(AgencyName).where(AgencyName.agency_id == agency.id).order_by(AgencyName.until)
    ).all()
    return AgencyPage(
        agency=agency,
        parent_name=parent.name if parent is not None else None,
        children=[
            (row.id, row.code, row.name, is_open_on(row.valid_from, row.valid_to, today))
            for row in children
        ],
        users=int(counts[0]),
        enabled_users=int(counts[1]),
        names=list(names),
        is_open=is_open_on(agency.valid_from, agency.valid_to, today),
        merged_into=_successor(agency.merged_into_id),
        merged_from=[
            (row.id, row.name, row.merged_on)
            for row in db.session.execute(
                select(Agency.id, Agency.name, Agency.merged_on)
                .where(Agency.merged_into_id == agency.id)
                .order_by(Agency.name)
            )
        ],
    )


def _successor(agency_id: int | None) -> tuple[int, str] | None:
    successor = db.session.get(Agency, agency_id) if agency_id is not None else None
    return (successor.id, successor.name) if successor is not None else None


def agency_choices(today: date, *, open_only: bool = True) -> list[tuple[int, str]]:
    """(id, "code · name") of the agencies a form may choose (the open ones by default)."""
    rows = db.session.execute(
        select(Agency.id, Agency.code, Agency.name, Agency.valid_from, Agency.valid_to).order_by(
            Agency.name
        )
    ).all()
    return [
        (row.id, f"{row.name} ({row.code})")
        for row in rows
        if not open_only or is_open_on(row.valid_from, row.valid_to, today)
    ]


def name_history(agency_id: int) -> list[NamePeriod]:
    return [
        NamePeriod(row.name, row.code, row.until)
        for row in db.session.scalars(select(AgencyName).where(AgencyName.agency_id == agency_id))
    ]


def agency_name_on(agency: Agency, day: date) -> str:
    """The name `agency` bore on `day` (its current one when it was never renamed since)."""
    return name_on(agency.name, agency.code, name_history(agency.id), day)[0]
