"""Redis stopped and restarted under live viewers, with two workers sharing one database: a change
made on one worker reaches a screen on the other by push; while Redis is away publishing still works,
screens get the change by polling, and nothing answers 500; when Redis is back the hub reconnects,
the screen is resynchronised with what it missed, and push resumes."""
from __future__ import annotations

import os
import re
import subprocess
import threading
import time
import urllib.request

import pytest
import sqlalchemy as sa

from forumsite import create_app
from forumsite.extensions import db
from forumsite.planning.models import Forum
from forumsite.screen import actions as screen_actions
from forumsite.screen import stream
from tests.helpers import _created_apps, make_app, need_tool

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
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     # A real service keeps the real clock (libfaketime in the calendar check
                                     # stops redis-server from starting).
                                     env={k: v for k, v in os.environ.items() if not k.startswith(("LD_PRELOAD",
                                                                                                    "FAKETIME"))})
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


class Scene:
    """Worker one (the secretary's console), worker two serving screens over HTTP, a forum in session."""

    def __init__(self, first, second):
        from werkzeug.serving import make_server

        from forumsite.demo import load_demo
        from forumsite.org.models import Organisation

        self.first, self.second = first, second
        self.hub_a, self.hub_b = (app.extensions["forumsite_hub"] for app in (first, second))
        with first.app_context():
            load_demo(finished_forum=False)
            db.session.commit()
            cell = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
        self.forum_id = open_forum(first, {"cell_a": cell})
        with first.app_context():
            self.token = screen_actions.new_display_link(db.session.get(Forum, self.forum_id))
            db.session.commit()
        self.server = make_server("127.0.0.1", 0, second, threaded=True)
        self.serving = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.serving.start()
        self.base = f"http://127.0.0.1:{self.server.socket.getsockname()[1]}"
        self.secretary = first.test_client()
        self.secretary.post("/login", data={"username": "thuky", "password": "demo12345"})

    def capture(self, text, key):
        return self.secretary.post(f"/forums/{self.forum_id}/console/proposals", headers={"HX-Request": "true"},
                                   data={"key": key, "text": text, "kind": "giai_phap"})

    def version(self):
        with self.first.app_context():
            return db.session.get(Forum, self.forum_id).live_version

    def close(self, readers=()):
        with self.second.app_context():
            stream.closing().set()
        self.hub_b.resync()  # wakes the streams so that they see they must end
        for reader in readers:
            reader.close()
        wait_until(lambda: stream.active_streams() == 0, 5)
        self.server.shutdown()
        self.serving.join(5)
        self.server.server_close()


@pytest.fixture
def scene(workers):
    hubs = [app.extensions["forumsite_hub"] for app in workers]
    assert all(h.kind == "redis" for h in hubs)
    assert wait_until(lambda: all(h.healthy for h in hubs), 10)
    return Scene(*workers)


def test_screens_survive_a_redis_outage_and_return_to_push(scene, redis_server, monkeypatch):
    # A long heartbeat: what reaches the screen within seconds came by push (or by the resync), never by
    # the heartbeat's own version check.
    monkeypatch.setattr(stream, "HEARTBEAT", 120.0)
    hub_a, hub_b, token = scene.hub_a, scene.hub_b, scene.token
    viewer = Viewer(f"{scene.base}/display/{token}/stream")
    phone = Client(scene.base)
    try:
        assert viewer.wait_for("event: proposals", 10)

        # 1. Redis up: a change on the first worker is pushed to the screen on the second.
        assert scene.capture("Ý kiến khi Redis chạy", "redis-key-0001").status_code == 200
        assert viewer.wait_for("Ý kiến khi Redis chạy", 5)
        shown = scene.version()

        # 2. Redis stopped: publishing still answers 200 (no 500), the poll shows the change.
        redis_server.stop()
        # The second worker notices the loss first: on noticing it, its screens re-read the record once (a
        # resync), which would legitimately show a change already committed on the first worker.
        assert wait_until(lambda: not hub_b.healthy, 10)
        assert scene.capture("Ý kiến khi Redis dừng", "redis-key-0002").status_code == 200
        t0 = time.monotonic()
        assert scene.capture("Thêm một ý kiến khi Redis dừng", "redis-key-0003").status_code == 200
        assert time.monotonic() - t0 < 2  # no request waits on a Redis that is known to be away
        polled = phone.get(f"/display/{token}/poll?v={shown}")
        assert polled.status == 200 and "Ý kiến khi Redis dừng" in polled.text
        assert phone.get(f"/display/{token}/poll?v={scene.version()}").status == 204
        assert phone.get(f"/display/{token}").status == 200
        assert not viewer.has("Ý kiến khi Redis dừng")  # no push crossed workers without Redis

        # 3. Redis back: the hubs reconnect (backoff), the screen is resynchronised with what it missed …
        redis_server.start()
        assert wait_until(lambda: hub_a.healthy and hub_b.healthy, 20), "the hub did not reconnect"
        assert viewer.wait_for("Thêm một ý kiến khi Redis dừng", 5), viewer.text[-1500:]
        # … and push carries the next change at once.
        assert scene.capture("Ý kiến sau khi Redis trở lại", "redis-key-0004").status_code == 200
        assert viewer.wait_for("Ý kiến sau khi Redis trở lại", 5)
    finally:
        scene.close([viewer])


@pytest.mark.browser
def test_a_projector_on_another_worker_keeps_up_while_redis_is_away(scene, redis_server, monkeypatch, page):
    """Chromium: with Redis stopped the projector still follows — by the stream's version check while
    its stream lives, by polling once the stream is cut too — and is back on its stream afterwards."""
    from playwright.sync_api import expect

    monkeypatch.setattr(stream, "HEARTBEAT", 1.0)  # production: 15 s
    try:
        page.goto(f"{scene.base}/display/{scene.token}")
        page.wait_for_function("() => document.querySelector('#screen-clock-sync').textContent.length > 10")
        proposals = page.locator("#screen-proposals")
        root = page.locator("#screen")

        redis_server.stop()
        assert wait_until(lambda: not scene.hub_b.healthy, 10)
        assert scene.capture("Ý kiến lúc Redis dừng", "browser-key-0001").status_code == 200
        expect(proposals).to_contain_text("Ý kiến lúc Redis dừng", timeout=8000)

        # The stream is cut as well (a proxy, a Wi-Fi blip): the screen polls.
        page.route("**/stream", lambda route: route.abort("internetdisconnected"))
        with scene.second.app_context():
            stream.closing().set()  # the open stream ends at its next wake-up
        expect(root).to_have_class(re.compile(r"\bdegraded\b"), timeout=8000)
        expect(page.locator("[data-connection]")).to_have_text("Đang kết nối lại…")
        with scene.second.app_context():
            stream.closing().clear()
        assert scene.capture("Ý kiến khi chỉ còn hỏi lại", "browser-key-0002").status_code == 200
        expect(proposals).to_contain_text("Ý kiến khi chỉ còn hỏi lại", timeout=8000)

        # Redis and the stream back: the screen leaves polling and follows by push again.
        redis_server.start()
        assert wait_until(lambda: scene.hub_a.healthy and scene.hub_b.healthy, 20)
        page.unroute("**/stream")
        expect(root).not_to_have_class(re.compile(r"\bdegraded\b"), timeout=30000)
        assert scene.capture("Ý kiến khi Redis trở lại", "browser-key-0003").status_code == 200
        expect(proposals).to_contain_text("Ý kiến khi Redis trở lại", timeout=5000)
    finally:
        page.close()
        scene.close()
