"""Fixtures in flaskr style: app, client, runner, auth — on SQLite, or on PostgreSQL when
TEST_DATABASE_URL is set (the Makefile runs the suite once each way; CI sets it)."""
from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import sqlalchemy as sa
import time_machine

from forumsite import create_app
from forumsite.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


# Tests never depend on today's date: the whole suite runs on one calendar, starting at FROZEN_NOW (a
# Thursday, 09:00 in Vietnam). The clock keeps ticking from there, so timeouts and rate windows behave; the
# servers the fault tests start as child processes get the same calendar (tests/frozen_run.py). Dates in
# tests are built from forumsite.clock (today_local, utcnow), never from the machine's calendar, and the
# non-browser suite passes with the machine's clock a year ahead or behind (README: "Tests and the calendar").
FROZEN_NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
_traveller = time_machine.travel(FROZEN_NOW, tick=True)


def sleep_through_select() -> None:
    """Under libfaketime (the calendar check), Python's time.sleep fails: libfaketime 0.9.10 refuses the
    absolute clock_nanosleep it uses (EINVAL). Sleep through select, which it leaves alone."""
    if "faketime" in os.environ.get("LD_PRELOAD", ""):
        import select
        import time

        time.sleep = lambda seconds: select.select([], [], [], max(0.0, seconds)) and None


sleep_through_select()


def frozen_now_env() -> dict:
    """Environment for a child process that must see the suite's calendar (see tests/frozen_run.py)."""
    return {"FORUMSITE_TEST_NOW": dt.datetime.now(dt.UTC).isoformat()}


def pytest_configure(config):
    _traveller.start()


def pytest_unconfigure(config):
    _traveller.stop()


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="run the long variants (fuzzing, soak)")


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.skip(reason="long variant: run with --runslow")
    # A developer's machine may lack Debian's Chromium; CI installs it (.ci/run) and never skips.
    no_browser = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "slow" in item.keywords and not config.getoption("--runslow"):
            item.add_marker(slow)
        if "browser" in item.keywords and not os.path.exists(CHROMIUM) and not IN_CI:
            item.add_marker(no_browser)


def need_tool(name: str, package: str = "poppler-utils") -> str:
    """The path of a system tool a test needs: skipped on a developer's machine, required in CI."""
    import shutil

    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is missing in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed (Debian: {package})")
    return path


def pytest_report_header(config):
    return f"forumsite database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def pg_ready():
    """On PostgreSQL: build the schema once per session; a missing server fails, never skips."""
    if not PG_URL:
        return None
    engine = sa.create_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # in CI a missing PostgreSQL must fail the run
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL does not answer: {exc}")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": PG_URL, "SECRET_KEY": "t"})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        db.engine.dispose()
    engine.dispose()
    return PG_URL


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


_created_apps: list = []


@pytest.fixture(autouse=True)
def _dispose_engines():
    """Close every connection pool a test opened, so none is left for the garbage collector."""
    yield
    while _created_apps:
        app = _created_apps.pop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def make_app(tmp_path, pg_ready, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": pg_ready or f"sqlite:///{tmp_path / 'test.db'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_METHOD": "pbkdf2:sha256:1000",  # scrypt's 120 ms per check would slow the suite
        "SERVER_NAME": None,
    }
    config.update(overrides)
    app = create_app(config)
    _created_apps.append(app)
    app.instance_path = str(tmp_path / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        if pg_ready:
            _truncate_all()
        else:
            db.create_all()
    return app


@pytest.fixture
def app(tmp_path, pg_ready):
    return make_app(tmp_path, pg_ready)


@pytest.fixture
def demo(app):
    """The demo province, with handles on the places tests talk about."""
    from forumsite.demo import load_demo
    from forumsite.org.models import Organisation

    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        ids = {o.name: o.id for o in db.session.scalars(sa.select(Organisation))}
    return {
        "province": ids["Tỉnh ủy Quảng Trị"],
        "district": ids["Huyện ủy Hải Lăng"],
        "commune": ids["Đảng bộ xã Hải Phú"],
        "cell_a": ids["Chi bộ Thôn Phú Hưng"],
        "cell_b": ids["Chi bộ Thôn Long Hưng"],
        "agency": ids["Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao huyện"],
    }


def starts_now() -> dt.time:
    """A start time on the quarter hour just past, Vietnam time: a forum of today that starts so opens
    without the opening checks' question (rules/opening.py), however long the suite has been running."""
    from forumsite.clock import VIETNAM

    now = dt.datetime.now(VIETNAM)
    return dt.time(now.hour, now.minute - now.minute % 15)


def plan_forum_of_cell_a(app, demo, *, open_it: bool = False) -> int:
    """A forum of cell A planned, approved and published as the chair would (opened too, when asked);
    its secretary is the demo's 'thuky' (Phạm Thị Hương)."""
    from forumsite.clock import today_local
    from forumsite.meeting import actions as meeting
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.planning import actions

    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        secretary = db.session.scalar(sa.select(Member).where(Member.full_name == "Phạm Thị Hương"))
        forum = actions.plan_forum(cell, {"title": "Diễn đàn chi bộ Thôn Phú Hưng", "held_on": today_local(),
                                          "starts_at": starts_now(), "place": "Nhà văn hóa thôn",
                                          "mode": "standalone", "secretary_id": secretary.id, "plan_id": None},
                                   ["de_dan", "bieu_hien", "thao_luan", "giai_phap"])
        actions.approve_forum(forum, "chi_uy", today_local())
        actions.publish_forum(forum)
        if open_it:
            meeting.open_forum(forum)
        db.session.commit()
        return forum.id


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="admin", password="demo12345"):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def csrf_token(html: str) -> str:
    """The token a page carries, for tests that run with CSRF protection on."""
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


# --- browser tests: Playwright driving Debian's Chromium (never a downloaded browser) ---------------

ARTIFACTS = os.path.join(os.path.dirname(__file__), "artifacts")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture
def live_server(app, demo, monkeypatch):
    """The app served on a free local port in a thread, with the demo province loaded."""
    import threading
    import time

    from werkzeug.serving import make_server

    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 0.5)  # streams wake up often, so they end promptly
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.socket.getsockname()[1]}"
    # End the live streams before the database goes away: none may outlive its connection pool.
    with app.app_context():
        stream.closing().set()
    deadline = time.monotonic() + 5
    while stream.active_streams() and time.monotonic() < deadline:
        time.sleep(0.05)
    server.shutdown()
    thread.join(5)
    # Wait for every request still being served (a stream, a poll): none may outlive the test's database.
    closer = threading.Thread(target=server.server_close, daemon=True)
    closer.start()
    closer.join(10)
    # The browser is still open while this fixture ends, and a console whose stream just closed polls: let
    # the requests already accepted finish (their sessions go back to the pool) before the pool is disposed,
    # or their connections are left to the garbage collector (a ResourceWarning on PostgreSQL).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any("process_request_thread" in t.name for t in threading.enumerate()):
        time.sleep(0.05)


@pytest.fixture
def shot():
    """Save a screenshot under tests/artifacts/ (git-ignored) to look at what was built."""
    os.makedirs(ARTIFACTS, exist_ok=True)

    def take(page, name):
        page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)

    return take


def browser_login(page, base, username, password="demo12345"):
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def pdf_of_pages(*texts: str) -> bytes:
    """A small valid PDF, one A4 page per text (ASCII, Helvetica): a document to project page by page. A
    text's first line is its heading (28 pt), the others body lines (16 pt)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in texts:
        head, *body = text.split("\n")
        content = (f"BT /F1 28 Tf 60 760 Td ({head}) Tj /F1 16 Tf 0 -44 Td 24 TL "
                   + "".join(f"({line}) Tj T* " for line in body) + "ET").encode()
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content.decode()}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
