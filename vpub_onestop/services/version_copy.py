"""A generic deep copy of one catalogue version: every column of the row and of the child
rows it owns (docs/domain.md#catalogue-versions).

The copy reads the mapper rather than a list of fields, so that a column or an owned child
table added later (the declaration form, say) is carried into the next draft without this
module knowing about it. A child table is "owned" when the parent declares a one-to-many
relationship to it with `cascade="all, delete-orphan"`; owned children are copied
recursively. Other relationships (an agency a route step names) are references and stay
references.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Mapper, RelationshipProperty
from sqlalchemy.orm.interfaces import ONETOMANY


def owned_relationships(mapper: Mapper[Any]) -> list[RelationshipProperty[Any]]:
    return [
        rel
        for rel in mapper.relationships
        if rel.direction is ONETOMANY and rel.cascade.delete_orphan and not rel.viewonly
    ]


def copy_version(source: Any, *, skip: Iterable[str] = ()) -> Any:
    """A new, unsaved object of the same class with `source`'s values and copies of its
    owned children; `skip` names attributes the caller sets itself (the version, status)."""
    return _copy(source, set(skip))


def _copy(source: Any, skip: set[str]) -> Any:
    mapper = inspect(type(source))
    not_copied = set(skip)
    not_copied |= {column.key for column in mapper.primary_key}
    if mapper.version_id_col is not None:
        not_copied.add(mapper.get_property_by_column(mapper.version_id_col).key)
    values: dict[str, Any] = {}
    for attribute in mapper.column_attrs:
        if attribute.key not in not_copied:
            # JSON columns hold dicts and lists: the copy must not share them.
            values[attribute.key] = copy.deepcopy(getattr(source, attribute.key))
    target = mapper.class_()
    for relationship in owned_relationships(mapper):
        # The child's foreign key to its parent is set when it is appended to the new one.
        child_keys = {
            relationship.mapper.get_property_by_column(column).key
            for column in relationship.remote_side
        }
        children = [_copy(child, child_keys) for child in getattr(source, relationship.key)]
        values.pop(relationship.key, None)
        setattr(target, relationship.key, children)
    for key, value in values.items():
        setattr(target, key, value)
    return target
