"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("slips", __name__)
