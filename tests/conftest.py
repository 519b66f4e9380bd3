"""Fixtures in flaskr style: app, client, runner, auth — on SQLite, or on PostgreSQL when
TEST_DATABASE_URL is set (the Makefile runs the suite once each way; CI sets it)."""
from __future__ import annotations

import datetime as dt
import os

import pytest
import sqlalchemy as sa
import time_machine

from forumsite import create_app
from forumsite.extensions import db
from tests.helpers import (
    ARTIFACTS,
    CHROMIUM,
    EARLY,
    HX,
    IN_CI,
    PG_URL,
    AuthActions,
    _created_apps,
    concluded_forum,
    make_app,
    member_id,
    plan_forum,
    publish,
)

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


def pytest_configure(config):
    _traveller.start()


def pytest_unconfigure(config):
    _traveller.stop()


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="run the long variants (fuzzing, soak)")


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.skip(reason="long variant: run with --runslow")
    # A developer's machine may lack Debian's Chromium; CI installs it (.ci/run) and never skips.
    no_browser = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "slow" in item.keywords and not config.getoption("--runslow"):
            item.add_marker(slow)
        if "browser" in item.keywords and not os.path.exists(CHROMIUM) and not IN_CI:
            item.add_marker(no_browser)


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


@pytest.fixture(autouse=True)
def _dispose_engines():
    """Close every connection pool a test opened, so none is left for the garbage collector."""
    yield
    while _created_apps:
        app = _created_apps.pop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- browser tests: Playwright driving Debian's Chromium (never a downloaded browser) ---------------


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


@pytest.fixture
def forum_a(client, auth, app, demo):
    """A draft forum of cell A with thuky (Phạm Thị Hương) as secretary, planned by bithu."""
    auth.login("bithu")
    forum_id = plan_forum(client, demo["cell_a"], secretary_id=str(member_id(app, "Phạm Thị Hương")))
    auth.logout()
    return forum_id


@pytest.fixture
def live(client, auth, app, demo):
    """Cell A's forum, published and opened by bithu, with thuky as secretary; thuky logged in."""
    auth.login("bithu")
    forum_id = plan_forum(client, demo["cell_a"], secretary_id=str(member_id(app, "Phạm Thị Hương")))
    publish(client, forum_id)
    # Dated 15/12/2026 (test_planning.FORUM): opened ahead of its day, as confirmed (test_opening_checks.py).
    response = client.post(f"/forums/{forum_id}/console/open", headers=HX, data=EARLY)
    assert response.status_code == 200
    auth.logout()
    auth.login("thuky")
    return forum_id


@pytest.fixture
def held(app, demo):
    with app.test_request_context():
        return concluded_forum(demo["cell_a"]).id


