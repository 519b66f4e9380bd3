"""The database away and back: every request fails cleanly — a Vietnamese 503 page with Retry-After,
never a 500 — and the same application recovers by itself when the database returns (pool_pre_ping).

PostgreSQL restarting is played by a TCP proxy between the app and the server, stopped and started
again (every connection cut, new ones refused), and by pg_terminate_backend on the app's connections.
On SQLite the database file becomes unopenable for a while."""
from __future__ import annotations

import os
import socket
import threading

import pytest
import sqlalchemy as sa

from forumsite import create_app
from forumsite.extensions import db
from tests.helpers import PG_URL, _created_apps, make_app

from .helpers import free_port, open_forum

UNAVAILABLE = "Tạm thời chưa truy cập được dữ liệu"


def assert_unavailable(response, fragment=False):
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html[:500]
    assert response.headers["Retry-After"] == "10"
    assert UNAVAILABLE in html and "không bị mất" in html
    assert ("<html" in html) is not fragment


def assert_working(client, forum_id):
    page = client.get(f"/forums/{forum_id}/console")
    assert page.status_code == 200 and "Điều hành diễn đàn" in page.get_data(as_text=True)


def capture(client, forum_id, key):
    return client.post(f"/forums/{forum_id}/console/proposals", headers={"HX-Request": "true"},
                       data={"key": key, "text": f"gp: Ý kiến {key}", "kind": "giai_phap"})


class TcpProxy:
    """A socket forwarder standing in for the network path to PostgreSQL: stop() is the server going
    down (every connection cut, new ones refused), start() is it coming back on the same address."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(32)
        self._spawn(self._accept, self.listener)

    def _spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets.update((client, upstream))
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    def _pump(self, source, dest):
        try:
            while data := source.recv(65536):
                dest.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, dest):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone does not
        self.listener.close()
        with self.lock:
            cut, self.sockets = self.sockets, set()
        for s in cut:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in self.threads:
            thread.join(5)
        self.threads = []
        for s in cut:
            s.close()


def logged_in(app, username="thuky"):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "demo12345"}).status_code in (302, 303)
    return client


# --- PostgreSQL ---------------------------------------------------------------------------------------

@pytest.fixture
def pg_only(pg_ready):
    if not pg_ready:
        pytest.skip("PostgreSQL only: set TEST_DATABASE_URL (CI does)")
    return pg_ready


@pytest.fixture
def proxied(app, demo, pg_only):
    """The app reaching PostgreSQL through the proxy, its connections named for pg_stat_activity."""
    url = sa.make_url(PG_URL)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    engine_options = {"pool_pre_ping": True, "connect_args": {"application_name": f"forumsite-fault-{os.getpid()}",
                                                              "connect_timeout": 3}}
    served = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": through,
                         "SQLALCHEMY_ENGINE_OPTIONS": engine_options})
    _created_apps.append(served)
    yield served, proxy
    if proxy.listener is not None and proxy.listener.fileno() != -1:
        proxy.stop()


def test_postgresql_down_gives_a_clean_503_and_the_app_recovers_when_it_is_back(app, demo, proxied):
    from forumsite.planning.models import Forum
    from forumsite.screen.actions import new_display_link

    served, proxy = proxied
    forum_id = open_forum(app, demo)
    with app.app_context():
        token = new_display_link(db.session.get(Forum, forum_id))
        db.session.commit()
    client = logged_in(served)
    assert_working(client, forum_id)
    assert capture(client, forum_id, "before-outage-01").status_code == 200
    screen = served.test_client()
    assert screen.get(f"/display/{token}/poll").status_code == 200

    proxy.stop()  # PostgreSQL goes away: pooled connections cut, new ones refused
    assert_unavailable(client.get(f"/forums/{forum_id}/console"))
    assert_unavailable(capture(client, forum_id, "during-outage-01"), fragment=True)
    assert_unavailable(client.get("/"))
    assert_unavailable(screen.get(f"/display/{token}/poll", headers={"HX-Request": "true"}), fragment=True)
    assert_unavailable(served.test_client().post("/login", data={"username": "thuky", "password": "demo12345"}))

    proxy.start()  # back on the same address: the same app, no restart
    assert_working(client, forum_id)
    assert screen.get(f"/display/{token}/poll").status_code == 200
    assert capture(client, forum_id, "during-outage-01").status_code == 200  # the browser's resend
    with app.app_context():
        from forumsite.meeting.models import Proposal

        keys = db.session.scalars(sa.select(Proposal.idempotency_key).order_by(Proposal.id)).all()
    assert keys == ["before-outage-01", "during-outage-01"]


def test_connections_cut_by_the_server_are_replaced_unnoticed(app, demo, proxied):
    """pg_terminate_backend on every connection of the app's pool (a PostgreSQL restart between two
    requests): pool_pre_ping notices and reconnects, so the next request simply works."""
    served, _proxy = proxied
    forum_id = open_forum(app, demo)
    client = logged_in(served)
    assert_working(client, forum_id)
    name = f"forumsite-fault-{os.getpid()}"
    with app.app_context():
        with db.engine.begin() as conn:
            cut = conn.execute(sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND application_name = :n"),
                               {"n": name}).scalar()
    assert cut >= 1
    assert_working(client, forum_id)
    assert capture(client, forum_id, "after-terminate-1").status_code == 200


# --- SQLite ---------------------------------------------------------------------------------------------

def test_sqlite_file_unreachable_gives_a_clean_503_then_recovers(tmp_path, pg_ready):
    if pg_ready:
        pytest.skip("SQLite only (this run is on PostgreSQL)")
    app = make_app(tmp_path, None)
    from forumsite.demo import load_demo
    from forumsite.org.models import Organisation

    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        cell = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
    forum_id = open_forum(app, {"cell_a": cell})
    client = logged_in(app)
    assert_working(client, forum_id)

    path = tmp_path / "test.db"
    aside = tmp_path / "aside.db"
    with app.app_context():
        db.engine.dispose()
    path.rename(aside)
    path.mkdir()  # where the file was, something SQLite cannot open
    try:
        assert_unavailable(client.get(f"/forums/{forum_id}/console"))
        assert_unavailable(capture(client, forum_id, "sqlite-outage-01"), fragment=True)
    finally:
        with app.app_context():
            db.engine.dispose()
        path.rmdir()
        aside.rename(path)
    assert_working(client, forum_id)
    assert capture(client, forum_id, "sqlite-outage-01").status_code == 200
