"""Administration area fixtures: the officer workspace's seeded app, clock and signed-in
clients (tests/web/officer/conftest.py), reused as they are."""

from __future__ import annotations

from tests.web.officer.conftest import client_for, clock, officer_app

__all__ = ["client_for", "clock", "officer_app"]
