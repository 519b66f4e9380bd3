"""The embedded server carries its live streams on one fan-out thread (issue 20): a stream holds no
worker thread, so more screens than threads stream at once and the console is still answered; every
screen gets each change, framed as its HTTP version wants (chunks for 1.1, raw for 1.0); a screen that
leaves does not disturb the others. On the real server (python app.py), over loopback."""
from __future__ import annotations

import socket
import time

import pytest

from forumsite.extensions import db
from forumsite.planning.models import Forum

from .helpers import Client, Server, open_forum

TOKEN = "fanout-test-token-0123456789abcdefghij"
THREADS = 4
SCREENS = 12  # three times the worker threads


class Screen:
    def __init__(self, port: int, version: str):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall(f"GET /display/{TOKEN}/stream HTTP/{version}\r\nHost: x\r\n\r\n".encode())
        self.received = b""

    def until(self, needle: bytes, timeout: float = 15) -> bytes:
        deadline = time.monotonic() + timeout
        while needle not in self.received and time.monotonic() < deadline:
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            self.received += chunk
        return self.received


def unchunk(body: bytes) -> bytes:
    """The payload of a chunked body; fails on a malformed frame."""
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        length = int(size, 16)
        if length == 0 or len(rest) < length + 2:
            break
        assert rest[length:length + 2] == b"\r\n", "a chunk is not framed"
        out, body = out + rest[:length], rest[length + 2:]
    return out


@pytest.fixture
def server(app, demo, tmp_path):
    forum_id = open_forum(app, demo)
    with app.app_context():
        db.session.get(Forum, forum_id).display_token = TOKEN
        db.session.commit()
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.engine.dispose()
    running = Server(url, tmp_path / "server.log", FORUMSITE_THREADS=str(THREADS),
                     FORUMSITE_STREAMS_PER_CLIENT=str(SCREENS)).start()
    yield running, forum_id
    running.stop()


def test_more_screens_than_threads_all_get_each_change_and_the_console_is_answered(server):
    running, forum_id = server
    screens = [Screen(running.port, "1.1" if i % 2 else "1.0") for i in range(SCREENS)]
    for screen in screens:
        assert b"event: overlay" in screen.until(b"event: overlay")  # the whole screen, first
    secretary = Client(running.base)
    csrf = secretary.login("thuky")
    answer = secretary.post(f"/forums/{forum_id}/console/proposals", {"key": "fanout-1", "text": "gp: Đèn đường",
                                                                     "kind": "khac"},
                            headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert answer.status == 200
    screens[0].sock.close()  # one projector is switched off: the others go on
    for i, screen in enumerate(screens[1:], start=1):
        received = screen.until("Đèn đường".encode())
        head, _, body = received.partition(b"\r\n\r\n")
        if i % 2:
            assert b"Transfer-Encoding: chunked" in head
            body = unchunk(body)
        assert "Đèn đường".encode() in body and b"event: proposals" in body
    answer = secretary.post(f"/forums/{forum_id}/console/proposals", {"key": "fanout-2", "text": "gp: Cầu tre",
                                                                     "kind": "khac"},
                            headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert answer.status == 200
    for screen in screens[1:]:
        assert "Cầu tre".encode() in screen.until("Cầu tre".encode())
        screen.sock.close()


def test_unchanged_polls_are_answered_without_a_worker_and_a_change_is_seen(server):
    import http.client
    import re

    running, forum_id = server
    browser = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)  # keep-alive, as browsers

    def poll(version: str) -> tuple[int, dict, str]:
        browser.request("GET", f"/display/{TOKEN}/poll?v={version}")
        answer = browser.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode()

    status, _headers, body = poll("")
    assert status == 200
    version = re.search(r'id="screen-version" hx-swap-oob="innerHTML">(\d+)<', body).group(1)
    answers = [poll(version) for _ in range(4)]
    assert [status for status, _h, _b in answers] == [204] * 4
    assert all("Content-Security-Policy" in headers for _s, headers, _b in answers)
    # Flask answered the first (and logged it); the main loop the others, without a worker or a log line.
    time.sleep(0.5)
    assert running.log.read_text().count(f"/display/{TOKEN}/poll 204") == 1

    secretary = Client(running.base)
    csrf = secretary.login("thuky")
    assert secretary.post(f"/forums/{forum_id}/console/proposals", {"key": "fanout-3", "text": "gp: Giếng nước",
                                                                   "kind": "khac"},
                          headers={"HX-Request": "true", "X-CSRFToken": csrf}).status == 200
    status, _headers, body = poll(version)
    assert status == 200 and "Giếng nước" in body  # rendered by Flask for this version …
    other = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    other.request("GET", f"/display/{TOKEN}/poll?v={version}")
    answer = other.getresponse()
    again = answer.read().decode()
    assert answer.status == 200 and "Giếng nước" in again and "screen-clock-sync" in again
    assert answer.getheader("Content-Type", "").startswith("text/html")
    time.sleep(0.5)  # … and given to the next screen from memory: no second request reached Flask
    assert running.log.read_text().count(f"/display/{TOKEN}/poll 200") == 2
    other.close()
    browser.close()
