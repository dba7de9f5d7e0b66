"""The floor: a bare Flask app on the same database and gunicorn settings as the real one,
doing the least a request can do (one primary-key read, one one-row insert), so the real
pages' figures read as ratios to what the stack itself costs."""
