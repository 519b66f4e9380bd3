"""SQLite as the embedded default: write-ahead log (readers go on while the secretary writes) and a
busy timeout (a second writer waits for the lock instead of failing at once)."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.org.models import Organisation


@pytest.fixture
def sqlite_app(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only (this run is on PostgreSQL)")
    return app


def test_every_connection_is_in_wal_mode_with_a_busy_timeout(sqlite_app):
    with sqlite_app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_reader_is_not_blocked_and_a_second_writer_waits_for_the_lock(sqlite_app, demo):
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process is writing
        holder.execute("UPDATE organisation SET name = name || '' WHERE id = ?", (demo["cell_a"],))
        released = threading.Event()

        def release_later():
            time.sleep(1.0)
            holder.execute("COMMIT")
            released.set()

        with sqlite_app.app_context():
            # WAL: reading while the write transaction is open neither waits nor fails.
            t0 = time.monotonic()
            assert db.session.get(Organisation, demo["cell_b"]).name == "Chi bộ Thôn Long Hưng"
            assert time.monotonic() - t0 < 0.5
            db.session.rollback()
            thread = threading.Thread(target=release_later)
            thread.start()
            # The busy timeout: this write waits for the other one to commit, then succeeds.
            t0 = time.monotonic()
            db.session.execute(sa.update(Organisation).where(Organisation.id == demo["cell_b"])
                               .values(name="Chi bộ Thôn Long Hưng (mới)"))
            db.session.commit()
            waited = time.monotonic() - t0
            thread.join()
            assert released.is_set() and waited >= 0.5
            assert db.session.get(Organisation, demo["cell_b"]).name == "Chi bộ Thôn Long Hưng (mới)"
            db.session.remove()
    finally:
        holder.close()
