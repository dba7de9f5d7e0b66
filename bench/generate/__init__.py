"""Benchmark data: N dossiers with their events, files, step tasks, clock pauses, released
results and ratings, bulk-loaded into a database built by the project's own migrations and
bootstrap, as the services would have written them (`python -m bench.generate`)."""
