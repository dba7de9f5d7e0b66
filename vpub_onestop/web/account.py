"""Placeholder: routes arrive with their issue."""

from flask import Blueprint

bp = Blueprint("account", __name__)
