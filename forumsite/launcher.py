"""`forumsite`: the command the wheel installs (issue 17.6), for a laptop without make, npm or a checkout.

`forumsite run` prepares the database in a per-user folder and serves the embedded default (the same
waitress server as `make run`), then opens the browser once /healthz answers. The app's other commands
(`create-user`, `backup`, `demo`, …) are there too: `forumsite create-user admin --admin`.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext


def default_instance() -> Path:
    """The per-user data folder (a simple rule rather than another dependency): %LOCALAPPDATA%\\forumsite on
    Windows, ~/Library/Application Support/forumsite on macOS, $XDG_DATA_HOME/forumsite (by default
    ~/.local/share/forumsite) elsewhere."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "forumsite"


def _create_app():
    from . import create_app

    return create_app()


@click.group(help="forumsite trên máy xách tay: `forumsite run` mở diễn đàn trên máy này.")
@click.version_option(package_name="forumsite", prog_name="forumsite", message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    for stream in (sys.stdout, sys.stderr):
        # A Windows console redirected to a file encodes in the ANSI code page: Vietnamese must not crash it.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    # FORUMSITE_INSTANCE is what create_app reads; set here so that every command uses the same folder.
    os.environ.setdefault("FORUMSITE_INSTANCE", str(default_instance()))
    ctx.obj = ScriptInfo(create_app=_create_app)


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; 0.0.0.0 để máy chiếu và điện thoại trong phòng họp truy cập.")
@click.option("--port", default=5000, show_default=True, type=int, help="Cổng.")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@click.option("--demo", "demo_data", is_flag=True, help="Nạp dữ liệu mẫu nếu cơ sở dữ liệu còn trống.")
@with_appcontext
def run(host: str, port: int, no_browser: bool, demo_data: bool) -> None:
    """Chuẩn bị cơ sở dữ liệu và mở forumsite trên máy này."""
    import sqlalchemy as sa

    from . import cli
    from .accounts.models import User
    from .demo import DEMO_ACCOUNTS
    from .extensions import db
    from .server import serve

    app = current_app._get_current_object()
    ctx = click.get_current_context()
    click.echo(f"Dữ liệu lưu tại: {app.instance_path}")
    ctx.invoke(cli.init_db)  # migrations and the configurable lists, as `make run` does; no demo data
    if demo_data:
        ctx.invoke(cli.demo, if_empty=True)
    # Alembic's logging setup (migrations/env.py) disables the loggers that exist: `make run` migrates in
    # another process, here the request log and waitress's errors would be silenced for the whole session.
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.disabled = False
    accounts = set(db.session.scalars(sa.select(User.username)))
    if not accounts:
        click.echo("Chưa có tài khoản nào. Tạo tài khoản quản trị: forumsite create-user admin --admin")
    db.session.remove()  # the server's threads open their own connections
    if not no_browser:
        local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        threading.Thread(target=open_when_ready, args=(f"http://{local}:{port}",), daemon=True).start()
    try:
        serve(app, host, port, demo_accounts={name for name, _ in DEMO_ACCOUNTS} <= accounts)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise click.ClickException(f"Không mở được {host}:{port} ({exc.strerror or exc}). "
                                   f"Thử cổng khác: forumsite run --port {port + 1}") from exc


def open_when_ready(url: str, timeout: float = 60.0) -> bool:
    """Open the browser on ``url`` once its /healthz answers (the server starts after this thread)."""
    # No proxy: a proxy from the environment would answer for 127.0.0.1 instead of this server.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with opener.open(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    webbrowser.open(url + "/")
                    return True
        except OSError:
            pass
        time.sleep(0.25)
    return False


def _attach_app_commands() -> None:
    from . import cli

    for command in cli.commands():
        main.add_command(command)


_attach_app_commands()
