"""Live streams read through the test client, each in its own thread as a server thread serves it."""
from __future__ import annotations

import queue
import threading
import time

import pytest

_listeners: list = []


@pytest.fixture(autouse=True)
def end_streams(app):
    """No stream outlives its test (nor keeps a slot of the next test's accounts)."""
    yield
    from forumsite.screen import stream

    with app.app_context():
        stream.closing().set()
    while _listeners:
        assert _listeners.pop().ended.wait(5)


class Listener:
    """Reads one stream in its own thread, as a server thread serves it, through ``client``."""

    def __init__(self, client, path: str):
        _listeners.append(self)
        self.chunks: queue.Queue = queue.Queue()
        self.status = None
        self.ready = threading.Event()
        self.ended = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(client, path), daemon=True)
        self.thread.start()
        assert self.ready.wait(5)

    def _run(self, client, path):
        response = client.get(path, buffered=False)
        self.status = response.status_code
        self.ready.set()
        try:
            for chunk in response.iter_encoded():
                self.chunks.put(chunk.decode())
        finally:
            response.close()
            self.ended.set()

    def until(self, text: str, timeout: float = 5.0) -> str:
        seen, deadline = "", time.monotonic() + timeout
        while text not in seen:
            seen += self.chunks.get(timeout=max(0.01, deadline - time.monotonic()))
        return seen

    def rest(self, timeout: float = 5.0) -> str:
        """Everything up to the end of the stream, which must come within ``timeout``."""
        assert self.ended.wait(timeout), "the stream is still open"
        self.thread.join(5)
        seen = ""
        while not self.chunks.empty():
            seen += self.chunks.get_nowait()
        return seen


def logged_in(app, username: str, lang: str | None = None):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "demo12345"}).status_code in (302, 303)
    if lang:
        client.post("/lang", data={"lang": lang, "next": "/"})
    return client
