"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from forumsite import create_app
from forumsite.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _fresh_url(tmp_path):
    if not PG_URL:
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    # A schema of its own, so the suite's tables in "public" are not touched.
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS migration_test CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA migration_test"))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3Dmigration_test"


@pytest.mark.usefixtures("pg_ready")
def test_upgrade_from_nothing_matches_the_models(tmp_path):
    app = create_app({"SECRET_KEY": "x", "TESTING": True, "SQLALCHEMY_DATABASE_URI": _fresh_url(tmp_path)})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert "organisation" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
