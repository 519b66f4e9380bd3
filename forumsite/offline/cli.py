"""flask --app app forum-import F | forum-export ID -o F | forum-checkout ID -o F | forum-fetch | forum-send."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..refusals import Refusal


def _fail(refusal: Refusal):
    db.session.rollback()
    raise click.ClickException(refusal.message)


@click.command("forum-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--accept", is_flag=True, help="Apply a record even when the server's forum changed meanwhile.")
@with_appcontext
def forum_import(file: Path, accept: bool):
    """Open a forum package (on the laptop) or apply a forum's record (on the server), by the file's kind."""
    import json
    import zipfile

    from . import actions, checkin, messages  # noqa: F401
    from .labels import describe

    content = file.read_bytes()
    try:
        kind = json.loads(zipfile.ZipFile(file).read("manifest.json")).get("kind")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        kind = "package"  # the checked reading below says what is wrong with it
    try:
        if kind == "record":
            opened, forum = actions.open_record(content)
            if actions.already_received(opened) is not None:
                click.echo("Biên bản này đã nhận trước đó; không ghi lại lần nữa.")
                return
            found = checkin.differences(forum, opened)
            if found and not accept:
                for w, n, h in found:
                    click.echo("- " + describe({"code": "accepted", "what": w, "name": n, "how": h}))
                raise click.ClickException("Diễn đàn trên máy chủ đã thay đổi từ khi mang đi (xem trên). "
                                           "Chạy lại với --accept để ghi nhận biên bản từ máy họp.")
            entry = actions.check_in(forum, opened, None, accepted=found)
            db.session.commit()
            click.echo(f"Đã nhận biên bản diễn đàn {forum.id}: " +
                       ", ".join(f"{k} {v}" for k, v in sorted(entry.counts.items())))
            for note in entry.notes:
                click.echo("- " + describe(note))
        else:
            forum = actions.import_package(content)
            db.session.commit()
            click.echo(f"Đã nhập diễn đàn {forum.id}: {forum.title} ({forum.cell.name}).")
    except Refusal as refusal:
        _fail(refusal)


@click.command("forum-export")
@click.argument("forum_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def forum_export(forum_id: int, output: Path):
    """Write the record of a forum held on this laptop, to send back to the server."""
    from ..planning.models import Forum
    from . import actions, messages  # noqa: F401

    forum = db.session.get(Forum, forum_id)
    if forum is None:
        raise click.ClickException(f"Không có diễn đàn {forum_id}.")
    try:
        content = actions.export_audited(forum)
    except Refusal as refusal:
        _fail(refusal)
    db.session.commit()
    output.write_bytes(content)
    click.echo(f"Đã xuất biên bản diễn đàn {forum_id} vào {output}.")


@click.command("forum-checkout")
@click.argument("forum_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--to", "destination", default="", help="Where the forum goes (shown while it is away).")
@with_appcontext
def forum_checkout(forum_id: int, output: Path, destination: str):
    """On the server: take a forum to the meeting room and write its package."""
    from ..planning.models import Forum
    from . import actions, messages  # noqa: F401

    forum = db.session.get(Forum, forum_id)
    if forum is None:
        raise click.ClickException(f"Không có diễn đàn {forum_id}.")
    try:
        _checkout, content = actions.check_out(forum, destination)
    except Refusal as refusal:
        _fail(refusal)
    db.session.commit()
    output.write_bytes(content)
    click.echo(f"Đã mang diễn đàn {forum_id} đi; gói ở {output}.")


COMMANDS = (forum_import, forum_export, forum_checkout)
