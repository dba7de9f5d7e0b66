"""Helpers for the printed forms: read a PDF back as a person would (its text, its pages),
and the live server for the register page in a browser."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

# The live server (a file database seeded like tests/conftest.py), for the browser test.
from tests.browser.conftest import live_app, live_url  # noqa: F401
from vpub_onestop.extensions import limiter

PASSWORD = "password-123"  # every account seeded by tests/conftest.py

# Page sizes in PostScript points.
A5_PORTRAIT = (419.5, 595.3)
A4_LANDSCAPE = (841.9, 595.3)


def pdf_text(pdf: bytes) -> str:
    """All the text of the PDF with runs of whitespace (line breaks included) as one space,
    so that a phrase wrapped across two lines is still found."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        for page in reader.pages
    ]


def image_count(pdf: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    return sum(len(page.images) for page in reader.pages)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    limiter.reset()
    return app.test_client()
