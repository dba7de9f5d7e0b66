"""gunicorn's settings for this app: `gunicorn -c gunicorn.conf.py wsgi:app` (what `make run`
does; gunicorn also reads this file by itself when started from this folder). The numbers
come from vpub_onestop/serving.py, which says why each is what it is; set them through the
environment (WEB_CONCURRENCY, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS, GUNICORN_PRELOAD,
GUNICORN_BIND), not with --workers: the app reads WEB_CONCURRENCY too."""

import os

from vpub_onestop import serving

_plan = serving.plan()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = _plan.workers
timeout = _plan.timeout
graceful_timeout = _plan.graceful_timeout
max_requests = _plan.max_requests
max_requests_jitter = _plan.max_requests_jitter
preload_app = _plan.preload_app
# Workers' heartbeat files on tmpfs: a busy or slow disk must not look like a hung worker.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
control_socket_disable = True
# The app writes its own JSON request log (vpub_onestop/observability); errors go to stderr.
accesslog = None

# The app's rate-limit check counts the workers from the same variable.
os.environ["WEB_CONCURRENCY"] = str(workers)


def post_fork(server, worker):  # noqa: ARG001 (gunicorn's hook signature)
    if preload_app:
        serving.after_fork(worker.app.wsgi())


def when_ready(server):
    # Before the first fork: what every new worker would redo on its first requests, and
    # the heap set aside from the collector (vpub_onestop/serving.py, prepare_master).
    if preload_app:
        serving.prepare_master(server.app.wsgi())


def pre_fork(server, worker):  # noqa: ARG001 (gunicorn's hook signature)
    if preload_app:
        serving.before_fork()


def worker_exit(server, worker):  # noqa: ARG001 (gunicorn's hook signature)
    serving.leave_quickly()
