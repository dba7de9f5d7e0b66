"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("citizen", __name__)
