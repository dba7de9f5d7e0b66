"""Turn a user account into the domain's Actor."""

from __future__ import annotations

from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import User


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, role=Role(user.role), agency_id=user.agency_id)
