"""Unit of work: one public service function = one transaction.

Only this module commits. Notifications queued during the work are delivered after a
successful commit, never before (a rolled-back change must not have told anybody): right
here without a job queue, by a worker when REDIS_URL is set (services/outbox.after_commit).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vpub_onestop.domain.errors import N_, StaleDossier
from vpub_onestop.extensions import db
from vpub_onestop.services import dossier_rows  # noqa: F401  (its flush listener)
from vpub_onestop.services.files import discard_new_files, forget_new_files


@contextmanager
def unit_of_work(*, send_outbox: bool = True, keep_loaded: bool = False) -> Iterator[Session]:
    """One transaction; after its commit, the outbox is delivered (`send_outbox`: the
    delivery's own transactions say False). `keep_loaded`: the objects keep what was just
    committed instead of being expired, so the caller's answer costs no second read."""
    session: Session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("unsaved changes outside a unit of work")
    if session.get_bind().dialect.name == "sqlite":
        if session.in_transaction():
            # End the read transaction the request may have opened (loading the user...),
            # so that the write transaction takes SQLite's write lock up front.
            session.commit()
        session.connection(execution_options={"sqlite_immediate": True})
    # PostgreSQL locks rows, not the database: the write goes on in the transaction the
    # request opened to load its user (READ COMMITTED: each statement reads what is
    # committed), one COMMIT and one BEGIN fewer, and the user is not read twice.
    try:
        yield session
        _commit(session, keep_loaded)
    except StaleDataError:
        # Two requests passed the version check at the same instant: the database's
        # version column stopped the second one. Same answer as a stale page (409).
        session.rollback()
        discard_new_files(session)
        raise StaleDossier(
            N_(
                "Hồ sơ vừa được người khác cập nhật cùng lúc với bạn. "
                "Vui lòng tải lại trang để xem trạng thái mới nhất rồi thực hiện lại."
            )
        ) from None
    except BaseException:
        session.rollback()
        discard_new_files(session)
        raise
    forget_new_files(session)
    if send_outbox and current_app.config.get("OUTBOX_AUTOSEND", True):
        from vpub_onestop.services.outbox import after_commit

        after_commit()


def _commit(session: Session, keep_loaded: bool) -> None:
    if not keep_loaded:
        session.commit()
        return
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
