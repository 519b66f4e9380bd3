"""Half-open connections against the real embedded server (security probe F7): sockets that each send
half a request head ("GET / HTTP/1.1", "Host: x" and nothing more) must not freeze the server.

One address is held to a few dozen connections, so that the room (another address) is still served at
once; a head that does not arrive whole within a few seconds is closed, so that many addresses together
hold the server for seconds, not for channel_timeout. Loopback only; every loop is bounded."""
from __future__ import annotations

import http.client
import re
import socket
import time
import urllib.parse

import pytest

from .helpers import Server, open_forum

HALF_HEAD = b"GET / HTTP/1.1\r\nHost: x\r\n"
HEAD_TIMEOUT = 5.0  # "a few seconds": forumsite.server.HEAD_TIMEOUT


def hold_half_open(port: int, count: int, sources: list[str]) -> list[socket.socket]:
    """``count`` sockets (spread over ``sources``), each with half a request head sent."""
    held = []
    for i in range(count):
        source = sources[i % len(sources)]
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=2, source_address=(source, 0))
        except OSError:
            continue  # refused or the backlog is full: it holds nothing
        try:
            sock.sendall(HALF_HEAD)
        except OSError:
            pass
        held.append(sock)
    return held


def close_all(socks: list[socket.socket]) -> None:
    for sock in socks:
        try:
            sock.close()
        except OSError:
            pass


def closed_by_server(sock: socket.socket, wait: float) -> bool:
    """Whether the server closed this socket (EOF or reset) within ``wait`` seconds."""
    sock.settimeout(max(wait, 0.01))
    try:
        sock.recv(1024)  # b"" (closed) or an error answer: either way the server let go
        return True
    except TimeoutError:
        return False
    except OSError:
        return True


class Browser:
    """A client from another loopback address (the room's laptop or a phone), cookies kept."""

    def __init__(self, port: int, source: str):
        self.port, self.source, self.cookies = port, source, {}

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 5):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(self.source, 0))
        headers = {"Connection": "close", "User-Agent": "flood-test"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            text = answer.read().decode("utf-8", "replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return answer.status, text
        finally:
            conn.close()

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/login")
        assert status == 200
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/login", {"username": username, "password": "demo12345",
                                                     "csrf_token": token})
        assert status == 303


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@pytest.fixture
def served(app, demo, tmp_path):
    """The real server (python app.py) on the demo province with a forum in session."""
    forum_id = open_forum(app, demo)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    from forumsite.extensions import db

    with app.app_context():
        db.engine.dispose()
    servers = []

    def start(threads: int) -> Server:
        server = Server(url, tmp_path / "server.log", FORUMSITE_THREADS=str(threads)).start()
        servers.append(server)
        return server

    yield start, forum_id
    for server in servers:
        server.stop()


@pytest.mark.parametrize("threads, count", [
    pytest.param(16, 260, id="260-sockets-16-threads"),
    pytest.param(320, 600, id="600-sockets-320-threads", marks=pytest.mark.slow),
])
def test_half_open_sockets_from_one_address_leave_the_console_reachable(served, threads, count):
    start, forum_id = served
    server = start(threads)  # waitress accepts threads + 200 connections
    secretary = Browser(server.port, "127.0.0.2")
    secretary.login("thuky")
    held = hold_half_open(server.port, count, ["127.0.0.1"])
    try:
        time.sleep(0.5)  # the server has taken in what it accepts
        (status, _), took = timed(lambda: Browser(server.port, "127.0.0.3").request("GET", "/healthz"))
        assert status == 200 and took < 3
        (status, page), took = timed(lambda: secretary.request("GET", f"/forums/{forum_id}/console"))
        assert status == 200 and "capture" in page and took < 3
        (status, _), took = timed(lambda: Browser(server.port, "127.0.0.4").request("GET", "/login"))
        assert status == 200 and took < 3
    finally:
        close_all(held)


@pytest.mark.parametrize("threads, count, addresses", [
    pytest.param(16, 250, 5, id="250-sockets-5-addresses"),
    pytest.param(320, 600, 12, id="600-sockets-12-addresses", marks=pytest.mark.slow),
])
def test_unfinished_request_heads_are_closed_within_seconds(served, threads, count, addresses):
    """Spread over addresses (each under its cap), the sockets fill the server; the head deadline frees it."""
    start, _forum_id = served
    server = start(threads)
    sources = [f"127.0.1.{i + 1}" for i in range(addresses)]
    began = time.monotonic()
    held = hold_half_open(server.port, count, sources)
    try:
        assert len(held) >= threads + 200, "the sockets did not fill the server"
        (status, _), took = timed(lambda: Browser(server.port, "127.0.0.2").request("GET", "/healthz",
                                                                                      timeout=4 * HEAD_TIMEOUT))
        assert status == 200
        assert time.monotonic() - began < 3 * HEAD_TIMEOUT
        # Every half-open socket is let go soon after the deadline (those the server accepted late, too).
        deadline = began + 4 * HEAD_TIMEOUT
        still_open = [s for s in held if not closed_by_server(s, deadline - time.monotonic())]
        assert not still_open, f"{len(still_open)} of {len(held)} half-open sockets still held"
    finally:
        close_all(held)
