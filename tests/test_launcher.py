"""`forumsite`, the laptop's command (issue 17.6), in this process: the per-user folder, the database it
prepares, the browser it opens. tests/test_wheel.py runs the installed command for real."""
import logging
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from forumsite import launcher


@pytest.mark.parametrize("platform, env, expected", [
    ("win32", {"LOCALAPPDATA": "C:/Users/thuky/AppData/Local"}, "C:/Users/thuky/AppData/Local/forumsite"),
    ("darwin", {}, "{home}/Library/Application Support/forumsite"),
    ("linux", {"XDG_DATA_HOME": "/data"}, "/data/forumsite"),
    ("linux", {}, "{home}/.local/share/forumsite"),
])
def test_the_instance_lives_in_a_per_user_folder(monkeypatch, platform, env, expected):
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("LOCALAPPDATA", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert launcher.default_instance() == Path(expected.format(home=Path.home()))


def test_the_browser_opens_once_healthz_answers(monkeypatch):
    import http.server
    import threading

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    opened = []
    monkeypatch.setattr(launcher.webbrowser, "open", opened.append)
    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert launcher.open_when_ready(url, timeout=30)
    finally:
        server.shutdown()
        server.server_close()
    assert opened == [url + "/"]
    assert not launcher.open_when_ready(url, timeout=0.5) and opened == [url + "/"]  # nothing answers now


@pytest.fixture
def served(monkeypatch, tmp_path):
    """`forumsite run` up to the server, which is recorded instead of started."""
    from forumsite import server
    from forumsite.extensions import db

    monkeypatch.setenv("FORUMSITE_INSTANCE", str(tmp_path / "instance"))
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    calls = []

    def fake_serve(app, host, port, demo_accounts=True):
        with app.app_context():
            from forumsite.accounts.models import User

            users = set(db.session.scalars(sa.select(User.username)))
            db.engine.dispose()
        calls.append({"app": app, "host": host, "port": port, "demo_accounts": demo_accounts, "users": users})
        if port == 1:
            raise OSError(98, "Address already in use")

    monkeypatch.setattr(server, "serve", fake_serve)
    request_log = logging.getLogger("forumsite.request")
    before = list(request_log.handlers), request_log.propagate, request_log.level
    yield calls
    # An app made outside testing sets up the request log (forumsite/__init__.py): not for the next tests.
    request_log.handlers[:], request_log.propagate, request_log.level = before


def test_run_prepares_an_empty_database_in_the_instance_folder(served, tmp_path):
    result = CliRunner().invoke(launcher.main, ["run", "--no-browser", "--port", "5123"])
    assert result.exit_code == 0, result.output
    (call,) = served
    assert call["app"].instance_path == str(tmp_path / "instance")
    assert (tmp_path / "instance" / "forumsite.db").is_file()
    assert (call["host"], call["port"]) == ("127.0.0.1", 5123)
    assert call["users"] == set() and call["demo_accounts"] is False  # nothing seeded: no demo banner
    assert "Chưa có tài khoản nào" in result.output and "forumsite create-user admin --admin" in result.output


def test_run_demo_loads_the_demo_province_once(served):
    runner = CliRunner()
    assert runner.invoke(launcher.main, ["run", "--no-browser", "--demo"]).exit_code == 0
    result = runner.invoke(launcher.main, ["run", "--no-browser", "--demo"])
    assert result.exit_code == 0 and "bỏ qua dữ liệu mẫu" in result.output
    assert served[1]["demo_accounts"] is True and {"admin", "bithu", "thuky"} <= served[1]["users"]


def test_a_taken_port_is_a_clear_message(served):
    result = CliRunner().invoke(launcher.main, ["run", "--no-browser", "--port", "1"])
    assert result.exit_code == 1
    assert "Không mở được 127.0.0.1:1" in result.output and "forumsite run --port 2" in result.output
