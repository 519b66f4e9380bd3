"""The command line: init-db, demo, create-user, backup and restore."""
import sqlalchemy as sa

from forumsite.accounts.models import User
from forumsite.extensions import db
from forumsite.members.models import Member


def test_demo_loads_once(runner, app):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "Đã nạp dữ liệu mẫu." in result.output
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "bỏ qua" in result.output
    assert runner.invoke(args=["demo"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 6


def test_demo_cells_match_the_issue(app, demo):
    with app.app_context():
        def count(cell, **where):
            stmt = sa.select(sa.func.count(Member.id)).where(Member.cell_id == cell)
            for key, value in where.items():
                stmt = stmt.where(getattr(Member, key) == value)
            return db.session.scalar(stmt)

        assert count(demo["cell_a"], status="chinh_thuc") == 12
        assert count(demo["cell_a"], status="chinh_thuc", exempt=True) == 1
        assert count(demo["cell_a"], status="du_bi") == 3
        assert count(demo["cell_b"], status="chinh_thuc") == 6
        assert count(demo["cell_b"], status="du_bi") == 1


def test_create_user(runner, app, demo):
    result = runner.invoke(args=["create-user", "nguoimoi", "--password", "Sen-hong-2026", "--oversight-org",
                                 str(demo["district"])])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "nguoimoi"))
        assert user.oversight[0].organisation_id == demo["district"]
    assert runner.invoke(args=["create-user", "nguoimoi", "--password", "Sen-hong-2026"]).exit_code != 0
    weak = runner.invoke(args=["create-user", "yeu", "--password", "123"])
    assert weak.exit_code != 0 and "Mật khẩu chưa đạt yêu cầu" in weak.output


def test_backup_and_restore_round_trip_on_sqlite(runner, app, demo, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return  # pg_dump / pg_restore: tests/faults/test_backup_restore.py
    backup = tmp_path / "backup.db"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.execute(sa.delete(Member).where(Member.cell_id == demo["cell_b"]))
        db.session.commit()
    result = runner.invoke(args=["restore", str(backup), "--yes", "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Member.id)).where(Member.cell_id == demo["cell_b"])) == 7


def test_restore_refuses_a_file_that_is_not_a_backup(runner, app, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0 and "không phải" in result.output
