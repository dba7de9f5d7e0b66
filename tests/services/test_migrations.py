"""The migrations build exactly the schema the models describe (no drift)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from vpub_onestop import create_app
from vpub_onestop.extensions import db
from vpub_onestop.models.search_index import include_object


def test_upgrading_an_empty_database_matches_the_models(tmp_path: Path) -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrated.sqlite'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # The search index is built by statements, not described by the models.
            context = MigrationContext.configure(
                connection, opts={"render_as_batch": True, "include_object": include_object}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == []
