"""Screens that leave give their stream slot back within a second or two (security probe F14), on the
real embedded server: waitress tells the stream its client is gone, so a slot does not wait for the next
heartbeat's failed write (15–40 s) while the room's other screens are told 503."""
from __future__ import annotations

import socket
import time

import pytest

from forumsite.extensions import db
from forumsite.planning.models import Forum

from .helpers import Server, open_forum

TOKEN = "stream-slot-test-token-0123456789abcdef"


def open_stream(port: int, path: str) -> tuple[socket.socket, int]:
    """A screen's stream: the socket and the answer's status."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return sock, int(head.split(b" ", 2)[1])


@pytest.fixture
def server(app, demo, tmp_path):
    forum_id = open_forum(app, demo)
    with app.app_context():
        db.session.get(Forum, forum_id).display_token = TOKEN
        db.session.commit()
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.engine.dispose()
    running = Server(url, tmp_path / "server.log", FORUMSITE_MAX_STREAMS="2", FORUMSITE_THREADS="48").start()
    yield running
    running.stop()


def test_a_screen_that_leaves_frees_its_slot_at_once(server):
    path = f"/display/{TOKEN}/stream"
    screens = [open_stream(server.port, path) for _ in range(2)]
    assert [status for _, status in screens] == [200, 200]
    extra, status = open_stream(server.port, path)
    extra.close()
    assert status == 503  # the process is full: this screen polls
    for sock, _ in screens:
        sock.close()  # the projectors are switched off
    left = time.monotonic()
    status = 503
    while status == 503 and time.monotonic() - left < 3:
        time.sleep(0.2)
        sock, status = open_stream(server.port, path)
        sock.close()
    assert status == 200, "the slots of the screens that left are still held"
