"""The administration pages run on the officer workspace's fixtures (seeded app, clock,
signed-in clients per username)."""

from tests.web.officer.conftest import client_for, clock, officer_app  # noqa: F401
