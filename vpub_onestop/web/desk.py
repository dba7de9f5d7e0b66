"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("desk", __name__)
