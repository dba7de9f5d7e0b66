"""`make reliability`: load, races, crash and fuzz against real servers on loopback.

Not part of `make test` or CI: it takes minutes and measures, it does not unit-test.
"""
