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


def _password(password: str | None) -> str:
    import os

    return password or os.environ.get("FORUMSITE_PASSWORD") or click.prompt("Mật khẩu", hide_input=True)


@click.command("forum-fetch")
@click.option("--server", "url", required=True, help="The server's address, e.g. https://dangbo.example.vn")
@click.option("--user", "username", required=True, help="The chair's account on the server.")
@click.option("--password", default=None, help="Else FORUMSITE_PASSWORD, else asked.")
@click.option("--forum", "forum_id", type=int, required=True, help="The forum's number on the server.")
@click.option("--to", "destination", default="", help="Where the forum goes (shown on the server meanwhile).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also keep the package in this file.")
@with_appcontext
def forum_fetch(url, username, password, forum_id, destination, output):
    """Direct mode, on the laptop: take the forum out of the server and import it here."""
    from . import actions, messages  # noqa: F401
    from .remote import RemoteError, fetch

    try:
        content = fetch(url, username, _password(password), forum_id, destination or "")
    except RemoteError as error:
        raise click.ClickException(str(error)) from None
    if output is not None:
        output.write_bytes(content)
    try:
        forum = actions.import_package(content)
    except Refusal as refusal:
        _fail(refusal)
    db.session.commit()
    click.echo(f"Đã nhận diễn đàn từ máy chủ và nhập vào máy này: diễn đàn {forum.id}, {forum.title}.")


@click.command("forum-send")
@click.argument("forum_id", type=int)
@click.option("--server", "url", required=True)
@click.option("--user", "username", required=True)
@click.option("--password", default=None, help="Else FORUMSITE_PASSWORD, else asked.")
@click.option("--accept", is_flag=True, help="Accept the differences without asking.")
@with_appcontext
def forum_send(forum_id, url, username, password, accept):
    """Direct mode, on the laptop: export the forum's record and send it to the server."""
    import sqlalchemy as sa

    from ..planning.models import Forum
    from . import actions, messages  # noqa: F401
    from .models import LaptopCopy
    from .remote import RemoteError, send

    forum = db.session.get(Forum, forum_id)
    copy = db.session.scalar(sa.select(LaptopCopy).where(LaptopCopy.forum_id == forum_id)) if forum else None
    if copy is None or copy.server_forum_id is None:
        raise click.ClickException("Diễn đàn này không được nhập từ gói của máy chủ nên không có nơi để gửi về.")
    try:
        content = actions.export_audited(forum)
    except Refusal as refusal:
        _fail(refusal)
    db.session.commit()

    def confirm(differences):
        click.echo("Diễn đàn trên máy chủ đã thay đổi từ khi mang đi:")
        for line in differences:
            click.echo(f"- {line}")
        return accept or click.confirm("Ghi nhận biên bản từ máy họp?", default=False)

    try:
        said = send(url, username, _password(password), copy.server_forum_id, content, confirm)
    except RemoteError as error:
        raise click.ClickException(str(error)) from None
    click.echo(said or "Đã gửi.")


COMMANDS = (forum_import, forum_export, forum_checkout, forum_fetch, forum_send)
