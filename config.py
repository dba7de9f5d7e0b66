"""Configuration classes. Values come from the environment; nothing secret lives here.

`create_app()` picks a class from `VPUB_CONFIG` (development, testing, production) and
then applies explicit overrides, so tests never mutate these classes.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'vpub_onestop.sqlite'}"
    )
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # A read replica for the statistics report, the dashboard, the indicators and their
    # exports (vpub_onestop/reporting_db.py); unset, they read the primary.
    REPORTING_DATABASE_URL = os.environ.get("REPORTING_DATABASE_URL")
    REDIS_URL = os.environ.get("REDIS_URL")
    # Where uploads live (vpub_onestop/storage/): `local`, the folder UPLOAD_DIR; or `s3`, a
    # private bucket of an S3-compatible store. Its credentials come from the environment as
    # boto3 reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from these settings.
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")  # unset: AWS itself
    S3_REGION = os.environ.get("S3_REGION", "")
    S3_PREFIX = os.environ.get("S3_PREFIX", "")  # e.g. "uploads/" in a shared bucket
    S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "auto")  # "path" for MinIO
    UPLOAD_MAX_FILE_BYTES = int(os.environ.get("UPLOAD_MAX_FILE_BYTES", str(10 * 1024 * 1024)))
    UPLOAD_MAX_DOSSIER_BYTES = int(
        os.environ.get("UPLOAD_MAX_DOSSIER_BYTES", str(50 * 1024 * 1024))
    )
    # Flask refuses bigger requests before reading them (413).
    MAX_CONTENT_LENGTH = UPLOAD_MAX_DOSSIER_BYTES + 1024 * 1024
    # Unset: the links and QR codes use the address the request came in on.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

    # Mail goes through a real SMTP server; the outbox sends after commit.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "mot-cua@localhost")

    # Working calendar and policies (docs/policies.md; settings, never constants in code).
    TIMEZONE = "Asia/Ho_Chi_Minh"
    OFFICE_HOURS = os.environ.get("OFFICE_HOURS", "07:00-11:30,13:30-17:00")
    SAME_DAY_CUTOFF = os.environ.get("SAME_DAY_CUTOFF", "15:00")
    POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY = _env_bool("POLICY_MAKEUP_SATURDAY_IS_WORKING_DAY", True)
    POLICY_SUPPLEMENT_CLOCK = os.environ.get("POLICY_SUPPLEMENT_CLOCK", "restart")
    # Decree 61/2018 Art. 19: an agency asks for supplements within 3 working days of
    # receipt, counted in days (to closing time of the 3rd working day after the receipt
    # day); later, or a second time, only with a written justification.
    SUPPLEMENT_FREE_WORKING_DAYS = int(os.environ.get("SUPPLEMENT_FREE_WORKING_DAYS", "3"))
    # How long the applicant has to bring the documents asked for, in working days after
    # the day of the request, printed on Mẫu 02. The law fixes no national figure (policy);
    # only after it may the one-stop unit stop the dossier, with the stop notice of
    # Circular 03/2025/TT-VPCP (form 05, "Thông báo dừng giải quyết hồ sơ").
    POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS = int(
        os.environ.get("POLICY_SUPPLEMENT_DEADLINE_WORKING_DAYS", "30")
    )

    # Whether a leader's assignment list offers the agency's leaders besides its
    # specialists (docs/policies.md#assign-to-leaders). Off by default: leaders approve and
    # specialists appraise, and a leader picked by a slip of the finger would hold a file
    # nobody works on.
    ASSIGN_TO_LEADERS = _env_bool("ASSIGN_TO_LEADERS", False)

    # Demonstrations only (refused in production): the app's clock reads this moment at
    # start-up and runs on from it, e.g. "2026-03-02T08:00" (local time if no offset).
    DEMO_CLOCK_START = os.environ.get("DEMO_CLOCK_START")

    # Printed on the official forms: "<place>, ngày .. tháng .. năm ..".
    SLIP_PLACE_NAME = os.environ.get("SLIP_PLACE_NAME", "Gia Lai")

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # Counters shared by every worker: Redis when REDIS_URL is set. `memory://` counts per
    # worker process: production refuses it with more than one worker
    # (docs/policies.md#rate-limits).
    RATELIMIT_STORAGE_URI = os.environ.get(
        "RATELIMIT_STORAGE_URI", os.environ.get("REDIS_URL") or "memory://"
    )
    # How many worker processes serve the app: gunicorn reads the same variable as its
    # default --workers, so one setting tells both (docs/policies.md#rate-limits).
    WEB_CONCURRENCY = int(os.environ.get("WEB_CONCURRENCY", "1"))
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute")
    RATELIMIT_LOOKUP = os.environ.get("RATELIMIT_LOOKUP", "20 per 10 minutes")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "10 per hour")

    # List sizes (officers' queues, the catalogue, a citizen's dossiers).
    QUEUE_PAGE_SIZE = int(os.environ.get("QUEUE_PAGE_SIZE", "25"))
    CATALOGUE_PER_PAGE = int(os.environ.get("CATALOGUE_PER_PAGE", "20"))
    MY_DOSSIERS_PER_PAGE = int(os.environ.get("MY_DOSSIERS_PER_PAGE", "10"))

    # Circular 01/2018/TT-VPCP annex (evaluation indicators), the Circular's own values;
    # settings so that a later text can change them without a release.
    # Indicator 5: share of procedures fully handled at the one-stop unit, per level.
    INDICATOR5_PROVINCE_PERCENT = int(os.environ.get("INDICATOR5_PROVINCE_PERCENT", "20"))
    INDICATOR5_DISTRICT_PERCENT = int(os.environ.get("INDICATOR5_DISTRICT_PERCENT", "50"))
    INDICATOR5_COMMUNE_PERCENT = int(os.environ.get("INDICATOR5_COMMUNE_PERCENT", "100"))
    # Indicator 8: feedback (phản ánh, kiến nghị) handled on time: 100 % -> 2, >= 90 % -> 1;
    # a period with no feedback due scores INDICATOR8_NONE_POINTS (nothing handled late).
    INDICATOR8_FULL_PERCENT = int(os.environ.get("INDICATOR8_FULL_PERCENT", "100"))
    INDICATOR8_ONE_PERCENT = int(os.environ.get("INDICATOR8_ONE_PERCENT", "90"))
    INDICATOR8_NONE_POINTS = int(os.environ.get("INDICATOR8_NONE_POINTS", "2"))
    # Indicator 9: >= 20 % of eligible procedures online and >= 30 % of dossiers online with
    # none late -> 2; procedures as before and 15 % to 30 % of dossiers -> 1.
    INDICATOR9_PROCEDURES_PERCENT = int(os.environ.get("INDICATOR9_PROCEDURES_PERCENT", "20"))
    INDICATOR9_FULL_PERCENT = int(os.environ.get("INDICATOR9_FULL_PERCENT", "30"))
    INDICATOR9_ONE_PERCENT = int(os.environ.get("INDICATOR9_ONE_PERCENT", "15"))
    # Decision 766/QĐ-TTg, satisfaction: 100 % - late rate - complaint rate; full marks from.
    D766_SATISFACTION_FULL_PERCENT = int(os.environ.get("D766_SATISFACTION_FULL_PERCENT", "90"))
    # Feedback handling: suggested due date, in working days after receipt (a policy: the
    # officer may set another date on the form).
    COMPLAINT_HANDLING_WORKING_DAYS = int(os.environ.get("COMPLAINT_HANDLING_WORKING_DAYS", "10"))

    # Observability (docs/architecture.md#observability): JSON log lines at this level; the
    # bearer token that opens /metrics (unset: no /metrics page at all).
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

    # Saturation (docs/architecture.md#busy): slow synchronous work (PDF forms, the register,
    # exports) takes at most SLOW_WORK_SLOTS of this machine's workers at once (0: no bound),
    # so the other workers stay free for the fast pages; a request that finds every slot
    # taken waits up to SLOW_WORK_WAIT_SECONDS, then gets 503 with Retry-After. The slots are
    # lock files in SLOW_WORK_LOCK_DIR (unset: a folder in the system's temporary directory
    # named after the instance folder), shared by every worker of the machine.
    SLOW_WORK_SLOTS = int(os.environ.get("SLOW_WORK_SLOTS", str(max(1, WEB_CONCURRENCY // 2))))
    SLOW_WORK_WAIT_SECONDS = float(os.environ.get("SLOW_WORK_WAIT_SECONDS", "1"))
    SLOW_WORK_LOCK_DIR = os.environ.get("SLOW_WORK_LOCK_DIR", "")
    # Retry-After of a 503 (slots taken, database unreachable), in seconds.
    BUSY_RETRY_AFTER_SECONDS = int(os.environ.get("BUSY_RETRY_AFTER_SECONDS", "5"))
    # A pooled PostgreSQL connection idle longer than this is pinged before use (one that
    # the server closed meanwhile is replaced at once, idle or not: vpub_onestop/db_liveness.py).
    DB_PING_AFTER_IDLE_SECONDS = float(os.environ.get("DB_PING_AFTER_IDLE_SECONDS", "30"))

    # Send notifications right after the commit that queued them (else: `flask send-outbox`).
    # With REDIS_URL the request only hands the delivery to a worker (`make worker`).
    OUTBOX_AUTOSEND = _env_bool("OUTBOX_AUTOSEND", True)
    # Background work (docs/architecture.md#background-work), with REDIS_URL only: how often
    # a worker runs the deadline sweep and retries undelivered notifications (0: never),
    # where finished exports are kept for their owner and for how long.
    SWEEP_INTERVAL_SECONDS = int(os.environ.get("SWEEP_INTERVAL_SECONDS", "900"))
    OUTBOX_RETRY_SECONDS = int(os.environ.get("OUTBOX_RETRY_SECONDS", "300"))
    JOB_FILE_KEEP_HOURS = int(os.environ.get("JOB_FILE_KEEP_HOURS", "24"))
    JOB_TIMEOUT_SECONDS = int(os.environ.get("JOB_TIMEOUT_SECONDS", "1800"))
    # HTTPS (docs/architecture.md#caching): HSTS on responses to HTTPS requests; 0 turns it
    # off. Behind a reverse proxy that ends TLS, set how many proxies to trust for each
    # X-Forwarded-* header (usually PROXY_FIX_X_FOR=1 and PROXY_FIX_X_PROTO=1); 0 = none.
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))
    HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    PROXY_FIX_X_PROTO = int(os.environ.get("PROXY_FIX_X_PROTO", "0"))
    PROXY_FIX_X_HOST = int(os.environ.get("PROXY_FIX_X_HOST", "0"))
    PROXY_FIX_X_PORT = int(os.environ.get("PROXY_FIX_X_PORT", "0"))
    PROXY_FIX_X_PREFIX = int(os.environ.get("PROXY_FIX_X_PREFIX", "0"))

    WTF_CSRF_ENABLED = True
    # Sessions end on their own (docs/policies.md#sessions): after SESSION_IDLE_MINUTES
    # without a request, and SESSION_ABSOLUTE_HOURS after sign-in whatever the activity.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    # Flask refuses a session cookie signed longer ago than this, whatever it holds.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_ABSOLUTE_HOURS)
    # A form's CSRF token is good for this many seconds (the idle timeout's length).
    WTF_CSRF_TIME_LIMIT = int(os.environ.get("WTF_CSRF_TIME_LIMIT", "3600"))
    # Passwords and sign-in failures (docs/policies.md#passwords, #login-lockout).
    PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "8"))
    LOGIN_LOCKOUT_ATTEMPTS = int(os.environ.get("LOGIN_LOCKOUT_ATTEMPTS", "5"))
    LOGIN_LOCKOUT_WINDOW_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_WINDOW_MINUTES", "15"))
    LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    ALLOW_DEMO_PASSWORDS = True


class DevelopmentConfig(Config):
    NAME = "development"
    # A development key is generated per instance folder (see create_app), never committed.
    SECRET_KEY = os.environ.get("SECRET_KEY")


class TestingConfig(Config):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "tests-only-not-a-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_ENABLED = True
    # No background queue unless a test starts its own Redis and names it (a developer's
    # REDIS_URL must not turn the whole suite into queue mode).
    REDIS_URL = os.environ.get("TEST_REDIS_URL")
    # Fast hashing keeps fixtures quick; production keeps werkzeug's scrypt default.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Tests move the app's clock by days within one signed-in session; the tests of the
    # session timeouts set these two explicitly.
    SESSION_IDLE_MINUTES = 10 * 365 * 24 * 60
    SESSION_ABSOLUTE_HOURS = 10 * 365 * 24


class ProductionConfig(Config):
    NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    ALLOW_DEMO_PASSWORDS = False


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
