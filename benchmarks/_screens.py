"""Many session screens on one thread of the load generator: raw sockets and one selector.

A screen opens the SSE stream (HTTP/1.0, so no chunking to undo); refused (503: the server's cap), it
polls instead, as screen.js does. A polling screen asks `…/poll?v=<version>` every ``poll_every``
seconds over one keep-alive HTTP/1.1 connection and reads the version out of the answer. Each screen
notes the first time it sees every mark `MARK-<forum>-<round>-` (a proposal's text).
"""
from __future__ import annotations

import random
import re
import selectors
import socket
import threading
import time

MARK = re.compile(rb"MARK-(\d+)-(\d+)-")
VERSION = re.compile(rb'id="screen-version" hx-swap-oob="innerHTML">(\d+)<')


class _Screen:
    __slots__ = ("forum", "token", "mode", "sock", "buf", "seen", "open", "version", "due", "busy", "length",
                 "head_done", "status")

    def __init__(self, forum: int, token: str, mode: str, due: float):
        self.forum, self.token, self.mode, self.due = forum, token, mode, due
        self.sock = None
        self.buf = b""
        self.seen: set = set()
        self.open = False
        self.version = ""
        self.busy = False
        self.length = -1
        self.head_done = False
        self.status = 0


class Screens:
    """``plan``: (forum id, display token) per screen; ``mode``: "sse" (polling past the cap) or "poll"."""

    def __init__(self, port: int, plan: list[tuple[int, str]], mode: str = "sse", poll_every: float = 2.0,
                 path: str = "/display/{token}"):
        self.port, self.poll_every, self.path = port, poll_every, path
        self.selector = selectors.DefaultSelector()
        self.arrivals: dict[tuple[int, int], list[float]] = {}
        self.lock = threading.Lock()
        self.stop = False
        self.polls = self.refused = 0
        now = time.monotonic()
        self.screens = [_Screen(f, t, mode, now + random.uniform(0, poll_every)) for f, t in plan]
        for s in self.screens:
            if mode == "sse":
                self._open_stream(s)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def connected(self) -> int:
        return sum(1 for s in self.screens if s.open)

    @property
    def streaming(self) -> int:
        return sum(1 for s in self.screens if s.open and s.mode == "sse")

    def _connect(self, s: _Screen, request: bytes) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.sendall(request)
        sock.setblocking(False)
        s.sock, s.buf, s.head_done, s.length = sock, b"", False, -1
        self.selector.register(sock, selectors.EVENT_READ, s)

    def _open_stream(self, s: _Screen) -> None:
        path = self.path.format(token=s.token)
        self._connect(s, f"GET {path}/stream HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())

    def _drop(self, s: _Screen) -> None:
        if s.sock is not None:
            try:
                self.selector.unregister(s.sock)
            except (KeyError, ValueError):
                pass
            s.sock.close()
            s.sock = None

    def _send_poll(self, s: _Screen) -> None:
        path = self.path.format(token=s.token)
        request = f"GET {path}/poll?v={s.version} HTTP/1.1\r\nHost: 127.0.0.1\r\nHX-Request: true\r\n\r\n".encode()
        s.busy = True
        self.polls += 1
        if s.sock is None:
            self._connect(s, request)
            return
        try:
            s.sock.sendall(request)
        except OSError:
            self._drop(s)
            self._connect(s, request)

    def _run(self) -> None:
        while not self.stop:
            now = time.monotonic()
            for s in self.screens:
                if s.mode == "poll" and not s.busy and s.due <= now:
                    s.due = now + self.poll_every
                    try:
                        self._send_poll(s)
                    except OSError:
                        s.busy = False
            for key, _ in self.selector.select(timeout=0.02):
                s = key.data
                arrived = time.perf_counter()
                try:
                    data = key.fileobj.recv(262144)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if s.mode == "sse":
                    self._stream_data(s, data, arrived)
                else:
                    self._poll_data(s, data, arrived)

    def _marks(self, s: _Screen, text: bytes, arrived: float) -> None:
        for m in MARK.finditer(text):
            mark = (int(m.group(1)), int(m.group(2)))
            if mark[0] == s.forum and mark not in s.seen:
                s.seen.add(mark)
                with self.lock:
                    self.arrivals.setdefault(mark, []).append(arrived)

    def _stream_data(self, s: _Screen, data: bytes, arrived: float) -> None:
        if not data:
            self._drop(s)
            if s.open:
                s.open = False
                self._open_stream(s)  # as EventSource does (the server ended the stream)
            return
        text = s.buf + data
        if not s.open:
            if text.startswith(b"HTTP/") and b" 503 " in text.split(b"\r\n", 1)[0]:
                self._drop(s)
                self.refused += 1
                s.mode, s.due = "poll", time.monotonic()  # past the cap: this screen polls
                return
            if b"event: clock" in text:
                s.open = True
        self._marks(s, text, arrived)
        s.buf = text[-64:]

    def _poll_data(self, s: _Screen, data: bytes, arrived: float) -> None:
        if not data:
            self._drop(s)
            s.busy = False
            return
        s.buf += data
        if not s.head_done:
            end = s.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head, s.buf = s.buf[:end], s.buf[end + 4:]
            s.head_done = True
            s.status = int(head.split(b" ", 2)[1])
            m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
            s.length = int(m.group(1)) if m else 0
            if re.search(rb"(?i)\r\nconnection:\s*close", head):
                s.length = s.length if m else -1
        if s.length >= 0 and len(s.buf) < s.length:
            return
        body, s.buf = s.buf[:max(s.length, 0)], b""
        s.head_done, s.busy = False, False
        if s.status == 200:
            self._marks(s, body, arrived)
            v = VERSION.search(body)
            if v:
                s.version = v.group(1).decode()
        if s.status in (200, 204):
            s.open = True

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        for s in self.screens:
            self._drop(s)
