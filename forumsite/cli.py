"""Command line: flask --app app <command>. Long work shows a progress bar."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from .extensions import db


def _sqlite_path() -> Path | None:
    url = db.engine.url
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the schema (Alembic migrations) and seed the configurable lists."""
    from .demo import seed_reference_data

    upgrade()
    seed_reference_data()
    db.session.commit()
    click.echo("Cơ sở dữ liệu đã sẵn sàng.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds data.")
@with_appcontext
def demo(if_empty: bool):
    """Load the demo province and its accounts."""
    from .demo import is_empty, load_demo

    if not is_empty():
        if if_empty:
            click.echo("Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")
            return
        raise click.ClickException("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
    load_demo()
    db.session.commit()
    click.echo("Đã nạp dữ liệu mẫu.")


@click.command("create-user")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Administrator of the whole site.")
@click.option("--member-id", type=int, default=None, help="Link to a member (their cell's rights follow).")
@click.option("--oversight-org", type=int, default=None, help="Read access to this organisation's subtree.")
@click.option("--name", "display_name", default="", help="Display name.")
@with_appcontext
def create_user_cmd(username, password, admin, member_id, oversight_org, display_name):
    """Create an account."""
    from .accounts.actions import create_user
    from .accounts.models import User
    from .accounts.passwords import problems

    username = username.strip().lower()
    if db.session.scalar(sa.select(User).where(User.username == username)):
        raise click.ClickException(f"Tên đăng nhập {username} đã tồn tại.")
    issues = problems(password, username)
    if issues:
        raise click.ClickException("Mật khẩu chưa đạt yêu cầu: " + ", ".join(issues))
    create_user(username, password, display_name=display_name, is_admin=admin, member_id=member_id,
                oversight_org_id=oversight_org)
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {username}.")


@click.command("import-members")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--cell", "cell_id", type=int, required=True, help="Id of the cell (chi bộ).")
@with_appcontext
def import_members_cmd(file: Path, cell_id: int):
    """Import members from an XLSX or CSV file: all rows or none."""
    from .members import importer
    from .members.actions import import_members
    from .members.models import Member
    from .org.models import Organisation

    cell = db.session.get(Organisation, cell_id)
    if cell is None or not cell.is_cell:
        raise click.ClickException(f"Không có chi bộ với mã {cell_id}.")
    existing = {(r.name_folded, r.birth_year) for r in db.session.execute(
        sa.select(Member.name_folded, Member.birth_year).where(Member.cell_id == cell.id))}
    try:
        limit = current_app.config["IMPORT_MAX_ROWS"]
        result = importer.validate(importer.read_table(file.read_bytes(), limit), existing, limit)
    except importer.ImportFileError as exc:
        raise click.ClickException(f"Không đọc được tệp: {exc.code}") from exc
    if result.errors:
        for err in result.errors[:100]:
            click.echo(f"Dòng {err.row}: {err.field}: {err.code} {err.value}", err=True)
        raise click.ClickException(f"{len(result.errors)} lỗi; không nhập dòng nào.")
    with click.progressbar(length=len(result.records), label="Đang nhập") as bar:
        last = [0]

        def progress(done: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        count = import_members(cell, result.records, file.name, progress=progress)
        db.session.commit()
        bar.update(count - last[0])
    click.echo(f"Đã nhập {count} đảng viên vào {cell.name}.")


def _libpq_url() -> str:
    """The database's address as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    import shutil

    path = shutil.which(name)
    if path is None:
        raise click.ClickException(f"Không tìm thấy {name}: cài gói postgresql-client (Debian) rồi thử lại.")
    return path


def _run_tool(args: list[str], failure: str) -> None:
    import subprocess

    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise click.ClickException(f"{failure}\n{done.stderr.strip()[-2000:]}")


def _row_counts() -> dict[str, int]:
    """Rows per table of the current database (only tables that exist: an empty database has none)."""
    existing = set(sa.inspect(db.engine).get_table_names())
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in db.metadata.sorted_tables if t.name in existing}


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(target: Path):
    """Copy the database to TARGET while the app keeps running (SQLite online backup; PostgreSQL pg_dump)."""
    path = _sqlite_path()
    if path is None:
        _run_tool([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
                   f"--dbname={_libpq_url()}"], "Sao lưu không thành công (pg_dump báo lỗi).")
        click.echo(f"Đã sao lưu vào {target}.")
        return
    source = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    try:
        with click.progressbar(length=100, label="Đang sao lưu") as bar:
            def step(status, remaining, total):
                bar.update(int(100 * (total - remaining) / max(total, 1)) - bar.pos)

            source.backup(dest, pages=256, progress=step)
    finally:
        dest.close()
        source.close()
    click.echo(f"Đã sao lưu vào {target}.")


def _check_sqlite_backup(source: Path) -> None:
    check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise click.ClickException("Tệp sao lưu không phải cơ sở dữ liệu SQLite.") from exc
    finally:
        check.close()
    if not {"organisation", "member", "user"} <= tables:
        raise click.ClickException("Tệp sao lưu không phải cơ sở dữ liệu của forumsite.")


def _check_pg_backup(source: Path) -> None:
    import subprocess

    listing = subprocess.run([_pg_tool("pg_restore"), "--list", str(source)], capture_output=True, text=True,
                             check=False)
    if listing.returncode != 0:
        raise click.ClickException("Tệp sao lưu không phải bản sao lưu PostgreSQL (pg_dump --format=custom).")
    if not all(f" TABLE public {name} " in listing.stdout for name in ("organisation", "member", "user")):
        raise click.ClickException("Tệp sao lưu không phải cơ sở dữ liệu của forumsite.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore(source: Path, yes: bool, force: bool):
    """Replace the database with a backup made by `backup` (stop the app first)."""
    path = _sqlite_path()
    if path is None:
        _check_pg_backup(source)
    else:
        _check_sqlite_backup(source)
    held = {name: n for name, n in _row_counts().items() if n and name != "alembic_version"}
    if held and not force:
        raise click.ClickException(
            f"Cơ sở dữ liệu đang có dữ liệu ({sum(held.values())} dòng trong {len(held)} bảng); khôi phục sẽ "
            "xóa toàn bộ. Sao lưu dữ liệu hiện tại trước, rồi chạy lại với --force nếu chắc chắn.")
    if not yes:
        click.confirm(f"Thay toàn bộ dữ liệu hiện tại bằng {source}?", abort=True)
    db.session.remove()
    db.engine.dispose()
    if path is None:
        _run_tool([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                   f"--dbname={_libpq_url()}", str(source)], "Khôi phục không thành công; dữ liệu cũ giữ nguyên.")
    else:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(path)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    db.engine.dispose()
    click.echo("Đã khôi phục dữ liệu.")


@click.command("serve")
@click.option("--host", envvar="HOST", default="127.0.0.1")
@click.option("--port", envvar="PORT", default=5000, type=int)
@with_appcontext
def serve_cmd(host: str, port: int):
    """Serve the embedded default (one process, no other service)."""
    from .server import serve

    serve(current_app._get_current_object(), host, port)


def commands() -> tuple[click.Command, ...]:
    """Every command: `flask --app app …` from a checkout, `forumsite …` from the installed wheel."""
    return (init_db, demo, create_user_cmd, import_members_cmd, backup, restore, serve_cmd, forums_cmd,
            export_cmd, generate_province)


def register(app: Flask) -> None:
    for command in commands():
        app.cli.add_command(command)
    from .offline.cli import COMMANDS as offline_commands

    for command in offline_commands:
        app.cli.add_command(command)


@click.command("forums")
@with_appcontext
def forums_cmd():
    """List the forums: id, cell, date, status."""
    from .org.models import Organisation
    from .planning.models import Forum

    rows = db.session.execute(sa.select(Forum.id, Organisation.name, Forum.held_on, Forum.status)
                              .join(Organisation, Organisation.id == Forum.cell_id).order_by(Forum.held_on)).all()
    for forum_id, cell, held_on, status in rows:
        click.echo(f"{forum_id:>6}  {held_on.isoformat()}  {status:<20}  {cell}")


@click.command("export")
@click.argument("forum_id", type=int)
@click.option("--what", type=click.Choice(["resolution", "minutes"]), required=True)
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default="docx")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def export_cmd(forum_id: int, what: str, fmt: str, output: Path):
    """Export a forum's resolution or minutes as DOCX or PDF."""
    from .exports import docx_party
    from .followup.models import PartyDocument
    from .planning.models import Forum

    forum = db.session.get(Forum, forum_id)
    kind = {"resolution": "NQ", "minutes": "BB"}[what]
    doc = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum_id,
                                                           PartyDocument.kind == kind)) if forum else None
    if doc is None:
        raise click.ClickException(f"Diễn đàn {forum_id} chưa có {'nghị quyết' if kind == 'NQ' else 'biên bản'}.")
    if fmt == "docx":
        content = docx_party.build(forum, doc, current_app.config["DOCUMENT_MARGINS_MM"])
    else:
        from .exports.party_print import document_pdf

        with current_app.test_request_context():
            content = document_pdf(forum, doc)
    output.write_bytes(content)
    click.echo(f"Đã ghi {output} ({len(content)} byte).")


@click.command("generate-province")
@click.option("--scale", type=click.FloatRange(0.001, 4.0), default=1.0, show_default=True,
              help="1.0 = 15 units, 1,200 grassroots organisations, 6,000 cells, 200,000 members, "
                   "12,000 forums, 600,000 proposals.")
@click.option("--seed", type=int, default=2017, show_default=True, help="Same seed, same province.")
@with_appcontext
def generate_province(scale: float, seed: int):
    """Build a realistic province for measuring the oversight pages (benchmarks/dashboard.py)."""
    from .oversight.generate import FULL, generate

    units = max(1, round(FULL["units"] * scale))
    with click.progressbar(length=units, label="Đang tạo dữ liệu tỉnh") as bar:
        result = generate(scale=scale, seed=seed, progress=bar.update)
    click.echo("Đã tạo: " + ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in result.items()))
