"""Lets a background job take the document a monitoring page would export, instead of the
file: the job calls the page's own view as the person who asked (background/job_files.py),
so the file holds exactly what that person's export would hold, with the same checks."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g

from vpub_onestop.queries.stats_tables import ReportDocument

_KEY = "_vpub_export_capture"


@dataclass
class Captured:
    doc: ReportDocument | None = None
    name: str = ""


def start() -> Captured:
    captured = Captured()
    setattr(g, _KEY, captured)
    return captured


def active() -> Captured | None:
    captured: Captured | None = g.get(_KEY)
    return captured
