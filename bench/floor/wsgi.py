"""`gunicorn bench.floor.wsgi:app`, on the database the app uses (DATABASE_URL)."""

import os

from bench.floor.app import create_floor

app = create_floor(os.environ["DATABASE_URL"])
