"""Load against real servers on loopback: wrk with a Lua script (cookies, POST bodies, one
request list per run) or a bounded Python client for the slow single-shot measures."""
