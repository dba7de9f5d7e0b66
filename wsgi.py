"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""

from vpub_onestop import create_app

app = create_app()
