"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("monitor", __name__)
