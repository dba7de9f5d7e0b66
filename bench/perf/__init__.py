"""`python -m bench`: the real app and the floor under gunicorn on a generated database,
loaded alternately, one table of requests/s, latency percentiles and ratios to the floor."""
