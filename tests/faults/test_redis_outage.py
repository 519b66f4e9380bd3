"""Redis stopped and restarted under live viewers, with two workers sharing one database: a change
made on one worker reaches a screen on the other by push; while Redis is away publishing still works,
screens get the change by polling, and nothing answers 500; when Redis is back the hub reconnects,
the screen is resynchronised with what it missed, and push resumes."""
from __future__ import annotations

import subprocess
import threading
import time
import urllib.request

import pytest

from forumsite import create_app
from forumsite.extensions import db
from forumsite.planning.models import Forum
from forumsite.screen import actions as screen_actions
from forumsite.screen import stream

from ..conftest import _created_apps, make_app, need_tool
from .helpers import Client, free_port, open_forum


class RedisServer:
    """A private redis-server on its own port, no persistence: stopped and started by the test."""

    def __init__(self, tmp_path):
        self.binary = need_tool("redis-server")
        self.port = free_port()
        self.dir = tmp_path
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.dir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import socket

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


class Viewer:
    """A projector reading its event stream, every line kept."""

    def __init__(self, url):
        self.text = ""
        self.lock = threading.Lock()
        self.response = urllib.request.urlopen(url, timeout=120)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for raw in self.response:
                with self.lock:
                    self.text += raw.decode("utf-8", "replace")
        except (OSError, ValueError):
            pass

    def has(self, needle) -> bool:
        with self.lock:
            return needle in self.text

    def wait_for(self, needle, timeout) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.has(needle):
                return True
            time.sleep(0.05)
        return False

    def close(self):
        """After the server ended the stream: the reader has seen its end."""
        self.thread.join(5)
        self.response.close()


def wait_until(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(tmp_path, pg_ready, redis_server):
    """Two application processes' worth of app (each its own hub) on one database and one Redis."""
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    first = make_app(tmp_path, pg_ready, REDIS_URL=url)
    second = create_app({**first.config, "REDIS_URL": url})
    _created_apps.append(second)
    yield first, second
    for app in (first, second):
        app.extensions["forumsite_hub"].close()


def test_screens_survive_a_redis_outage_and_return_to_push(workers, redis_server, monkeypatch):
    from werkzeug.serving import make_server

    from forumsite.demo import load_demo
    from forumsite.org.models import Organisation

    first, second = workers
    hub_a, hub_b = (app.extensions["forumsite_hub"] for app in workers)
    assert hub_a.kind == hub_b.kind == "redis"
    assert wait_until(lambda: hub_a.healthy and hub_b.healthy, 10)
    with first.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        demo = {"cell_a": db.session.query(Organisation.id).filter_by(name="Chi bộ Thôn Phú Hưng").scalar()}
    forum_id = open_forum(first, demo)
    with first.app_context():
        token = screen_actions.new_display_link(db.session.get(Forum, forum_id))
        db.session.commit()
    # A long heartbeat: what reaches the screen within seconds came by push (or by the resync), never by
    # the heartbeat's own version check.
    monkeypatch.setattr(stream, "HEARTBEAT", 120.0)

    server = make_server("127.0.0.1", 0, second, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{server.socket.getsockname()[1]}"
    secretary = first.test_client()
    secretary.post("/login", data={"username": "thuky", "password": "demo12345"})

    def capture(text, key):
        return secretary.post(f"/forums/{forum_id}/console/proposals", headers={"HX-Request": "true"},
                              data={"key": key, "text": text, "kind": "giai_phap"})

    viewer = Viewer(f"{base}/display/{token}/stream")
    phone = Client(base)
    try:
        assert viewer.wait_for("event: proposals", 10)

        # 1. Redis up: a change on the first worker is pushed to the screen on the second.
        assert capture("Ý kiến khi Redis chạy", "redis-key-0001").status_code == 200
        assert viewer.wait_for("Ý kiến khi Redis chạy", 5)
        with first.app_context():
            shown = db.session.get(Forum, forum_id).live_version

        # 2. Redis stopped: publishing still answers 200 (no 500), the poll shows the change.
        redis_server.stop()
        answer = capture("Ý kiến khi Redis dừng", "redis-key-0002")
        assert answer.status_code == 200
        assert wait_until(lambda: not hub_b.healthy, 10)
        t0 = time.monotonic()
        assert capture("Thêm một ý kiến khi Redis dừng", "redis-key-0003").status_code == 200
        assert time.monotonic() - t0 < 2  # no request waits on a Redis that is known to be away
        polled = phone.get(f"/display/{token}/poll?v={shown}")
        assert polled.status == 200 and "Ý kiến khi Redis dừng" in polled.text
        with first.app_context():
            now = db.session.get(Forum, forum_id).live_version
        assert phone.get(f"/display/{token}/poll?v={now}").status == 204
        assert phone.get(f"/display/{token}").status == 200
        assert not viewer.has("Ý kiến khi Redis dừng")  # no push crossed workers without Redis

        # 3. Redis back: the hubs reconnect (backoff), the screen is resynchronised with what it missed …
        redis_server.start()
        assert wait_until(lambda: hub_a.healthy and hub_b.healthy, 20), "the hub did not reconnect"
        assert viewer.wait_for("Thêm một ý kiến khi Redis dừng", 5)
        # … and push carries the next change at once.
        assert capture("Ý kiến sau khi Redis trở lại", "redis-key-0004").status_code == 200
        assert viewer.wait_for("Ý kiến sau khi Redis trở lại", 5)
    finally:
        with second.app_context():
            stream.closing().set()
        hub_b.resync()  # wakes the stream so that it sees it must end
        viewer.close()
        wait_until(lambda: stream.active_streams() == 0, 5)
        server.shutdown()
        serving.join(5)
        server.server_close()
