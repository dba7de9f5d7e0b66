"""What the database and the upload folder must say after each phase (read-only SQL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine


def engine_for(database_url: str) -> Engine:
    # Pinged before use: the crash phase restarts PostgreSQL under this engine's pool.
    return create_engine(database_url, pool_pre_ping=True)


def unit_id(engine: Engine, key: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT id FROM agency WHERE key = :k"), {"k": key}).one()[0])


def submissions_missing(engine: Engine, upload_dir: Path, accepted: dict[int, int]) -> int:
    """Accepted submissions (dossier id -> files sent) not fully in the database: not
    submitted, no code, no submission event, fewer file rows, or a row without its file."""
    missing = 0
    with engine.connect() as conn:
        for dossier_id, files_sent in accepted.items():
            row = conn.execute(
                text("SELECT state, code FROM dossier WHERE id = :d"), {"d": dossier_id}
            ).one_or_none()
            events = conn.execute(
                text(
                    "SELECT count(*) FROM dossier_event"
                    " WHERE dossier_id = :d AND to_state = 'submitted'"
                ),
                {"d": dossier_id},
            ).scalar_one()
            names = (
                conn.execute(
                    text("SELECT stored_name FROM dossier_file WHERE dossier_id = :d"),
                    {"d": dossier_id},
                )
                .scalars()
                .all()
            )
            on_disk = all((upload_dir / n[:2] / n).is_file() for n in names)
            if (
                row is None
                or row[0] == "draft"
                or not row[1]
                or events != 1
                or len(names) < files_sent
                or not on_disk
            ):
                missing += 1
    return missing


def decisions_per_dossier(engine: Engine, dossier_ids: list[int]) -> dict[int, int]:
    """How many receive/refuse events each dossier carries (exactly one expected)."""
    counts: dict[int, int] = {}
    with engine.connect() as conn:
        for dossier_id in dossier_ids:
            counts[dossier_id] = conn.execute(
                text(
                    "SELECT count(*) FROM dossier_event WHERE dossier_id = :d"
                    " AND to_state IN ('received', 'refused')"
                ),
                {"d": dossier_id},
            ).scalar_one()
    return counts


def duplicate_codes(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT code FROM dossier WHERE code IS NOT NULL"
                    " GROUP BY code HAVING count(*) > 1) AS twice"
                )
            ).scalar_one()
        )


def half_written(engine: Engine, upload_dir: Path) -> int:
    """Non-draft dossiers without any event, plus file rows whose file is missing."""
    with engine.connect() as conn:
        no_event = conn.execute(
            text(
                "SELECT count(*) FROM dossier d WHERE d.state <> 'draft' AND NOT EXISTS"
                " (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id)"
            )
        ).scalar_one()
        names = conn.execute(text("SELECT stored_name FROM dossier_file")).scalars().all()
    lost = sum(1 for n in names if not (upload_dir / n[:2] / n).is_file())
    return int(no_event) + lost


def orphan_files(engine: Engine, upload_dir: Path) -> int:
    """Files in the upload folder that no dossier_file row names."""
    with engine.connect() as conn:
        names = set(conn.execute(text("SELECT stored_name FROM dossier_file")).scalars().all())
    return sum(1 for p in upload_dir.rglob("*") if p.is_file() and p.name not in names)


def some_codes(engine: Engine, limit: int = 20) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT code FROM dossier WHERE code IS NOT NULL ORDER BY id LIMIT :n"),
            {"n": limit},
        )
        return [str(code) for code in rows.scalars()]
