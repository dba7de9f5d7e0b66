"""Application factory."""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from config import CONFIGS, Config
from vpub_onestop import clock, storage
from vpub_onestop.production_checks import refuse_unsafe_settings

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def create_app(config: type[Config] | str | None = None, **overrides: Any) -> Flask:
    """Build the app. `config` names a class of config.py (default: $VPUB_CONFIG or
    development); `overrides` win over it, so tests never mutate the config classes."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_DIR / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_DIR / "templates"),
    )
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("VPUB_CONFIG", "development")]
    app.config.from_object(config)
    app.config.update(overrides)
    _ensure_secret_key(app)
    _start_demo_clock(app)
    refuse_unsafe_settings(app.config)
    storage.init_app(app)

    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # keep Vietnamese readable

    from vpub_onestop import cli, db_setup, observability
    from vpub_onestop.web import register_web

    db_setup.init_app(app)
    observability.init_app(app)  # before the web layer: its hooks wrap every other one
    register_web(app)
    cli.register(app)
    return app


def _start_demo_clock(app: Flask) -> None:
    """`DEMO_CLOCK_START` shows a demo as if on a chosen working day; never in production,
    where every date the app writes must be the real one."""
    start = app.config.get("DEMO_CLOCK_START")
    if not start:
        return
    if app.config.get("NAME") == "production":
        raise RuntimeError("DEMO_CLOCK_START is for demonstrations: unset it in production")
    moment = datetime.fromisoformat(start)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(app.config["TIMEZONE"]))
    clock.run_from(moment)


def _ensure_secret_key(app: Flask) -> None:
    """Production must set SECRET_KEY; development keeps a random key in instance/."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("NAME") == "production":
        raise RuntimeError("SECRET_KEY must be set in the environment for production")
    key_file = Path(app.instance_path) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
