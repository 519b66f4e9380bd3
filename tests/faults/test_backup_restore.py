"""Backup and restore, round trip: after a restore every table holds exactly the rows it held at the
backup — on SQLite (online backup API) and on PostgreSQL (pg_dump / pg_restore)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry, record
from forumsite.extensions import db
from forumsite.meeting import actions
from forumsite.meeting.models import Proposal
from forumsite.members.models import Member
from forumsite.planning.models import Forum
from tests.helpers import make_app, need_tool

from .helpers import open_forum


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with app.app_context():
        rows = {}
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in db.session.execute(sa.select(table).order_by(*order))]
        db.session.remove()
    return rows


def spoil(app, demo) -> None:
    """What a bad day does after the backup: rows deleted, rows added."""
    with app.app_context():
        db.session.execute(sa.delete(Proposal))
        db.session.execute(sa.delete(Member).where(Member.cell_id == demo["cell_b"]))
        record("test.after_backup")
        db.session.commit()
        db.session.remove()


@pytest.fixture
def pg_tools(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        need_tool("pg_dump")
        need_tool("pg_restore")


def test_round_trip_restores_every_row_and_refuses_to_overwrite_without_force(app, demo, runner, tmp_path,
                                                                              pg_tools):
    forum_id = open_forum(app, demo)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        for i in range(5):
            actions.capture_proposal(forum, f"backup-key-{i:04d}", f"gp: Giải pháp {i} BH3", "khac", {"BH3"})
        db.session.commit()
    before = snapshot(app)
    assert len(before["proposal"]) == 5 and before["member"] and before["audit_entry"]

    target = tmp_path / "forumsite.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output and target.stat().st_size > 0

    spoil(app, demo)
    assert snapshot(app) != before

    refused = runner.invoke(args=["restore", str(target), "--yes"])
    assert refused.exit_code != 0 and "đang có dữ liệu" in refused.output and "--force" in refused.output
    assert snapshot(app)["proposal"] == []  # refused means untouched

    result = runner.invoke(args=["restore", str(target), "--yes", "--force"])
    assert result.exit_code == 0, result.output
    assert "Đã khôi phục" in result.output
    after = snapshot(app)
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert after == before

    # The restored database takes new rows (on PostgreSQL: the sequences came back too).
    with app.app_context():
        record("test.after_restore")
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == len(before["audit_entry"]) + 1


def test_restore_into_an_empty_database_needs_no_force(app, demo, runner, tmp_path, pg_ready, pg_tools):
    if pg_ready:
        pytest.skip("PostgreSQL: the round trip above restores over a cleaned database")
    before = snapshot(app)
    target = tmp_path / "b.db"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    fresh = make_app(fresh_dir, None)  # another machine: the schema, no data
    result = fresh.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert snapshot(fresh) == before


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path, pg_tools):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes", "--force"])
    assert result.exit_code != 0 and "không phải" in result.output
