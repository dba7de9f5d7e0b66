"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("work", __name__)
