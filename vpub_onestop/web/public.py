"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("public", __name__)
