"""The embedded server's fan-out: one thread carries every live stream of the process.

Under waitress a streamed response holds a worker thread for as long as it lasts, and each change woke
every one of them: 400 screens were 400 threads taking the GIL in turn, each gathering the burst and
writing the same event. Here a stream's request sends the screen's first state on its worker thread,
then hands the connection over (server.py): one thread hears the hub, gathers each burst once per forum
(DEBOUNCE), runs each stream's generator of that forum (screen.stream, ``driven``: it never waits, and
the rendering and its encoding are shared) and writes the bytes to the sockets. A tick every second ends
the streams whose screen left (or whose server stops) and lets the due heartbeats through.

Plain threads and non-blocking sockets, the same on Windows as on Linux. Under gunicorn + gevent (the
scale-out) and in the test client none of this runs: streams are plain generators there.
"""
from __future__ import annotations

import contextvars
import logging
import queue
import threading
import time
from collections import defaultdict

from .stream import DEBOUNCE, HEARTBEAT, IDLE, MAX_LIFETIME

log = logging.getLogger("forumsite.fanout")
TICK = 1.0  # seconds between the checks for screens that left and heartbeats due
BACKLOG = 1 << 20  # bytes unsent to one screen before it is dropped (it reconnects and gets the whole state)


class Driven:
    """One stream: its generator (run in a contextvars context of its own, where the request context it
    pushed stays between steps), the waitress channel it writes to, and its clocks.

    Until the hand-over it is the WSGI body the worker thread iterates: the first state, up to the first
    IDLE; then close() leaves it on the channel for the server to give to the fan-out."""

    def __init__(self, forum_id: int, iterator, task, stop: threading.Event, hub) -> None:
        self.forum_id = forum_id
        self.hub = hub
        self.iterator = iterator
        self.task = task
        self.channel = task.channel
        self.stop = stop
        self.context: contextvars.Context | None = None
        self.handed = False
        self.started = self.last = time.monotonic()

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        if self.handed:
            raise StopIteration
        if self.context is None:  # made here, after Flask left the worker thread's context
            self.context = contextvars.copy_context()
        chunk = self.context.run(next, self.iterator)  # StopIteration: over at once (a "bye")
        if chunk == IDLE:
            self.handed = True
            raise StopIteration
        return chunk

    def close(self) -> None:
        """Called by waitress when the worker thread is done with the body."""
        if self.handed:
            self.channel.forumsite_handover = self
        else:
            self.end_iterator()

    def step(self) -> bytes | None:
        """What the stream has to send now (IDLE: nothing); None: it is over."""
        try:
            return self.context.run(next, self.iterator)
        except StopIteration:
            return None

    def end_iterator(self) -> None:
        close = getattr(self.iterator, "close", None)
        if close is None:
            return
        try:
            if self.context is None:
                close()
            else:
                self.context.run(close)  # the stream's finally: its slot, its hub queue, its contexts
        except Exception:
            log.exception("closing a stream")

    def write(self, chunk: bytes) -> bool:
        channel = self.channel
        if not channel.connected or channel.total_outbufs_len > BACKLOG:
            return False
        if self.task.chunked_response:
            chunk = b"%X\r\n%s\r\n" % (len(chunk), chunk)
        try:
            channel.write_soon(chunk)  # sends at once (send_bytes=1); the rest when the socket drains
        except Exception:  # waitress.channel.ClientDisconnected, OSError
            return False
        self.last = time.monotonic()
        return True

    def finish(self) -> None:
        """End the HTTP response and close the connection (the browser's EventSource reconnects)."""
        channel = self.channel
        if channel.connected and self.task.chunked_response:
            try:
                channel.write_soon(b"0\r\n\r\n")
            except Exception:
                pass
        with channel.requests_lock:
            for request in channel.requests:
                request.close()
            channel.requests = []
            if channel.connected:
                channel.close_when_flushed = True
            else:
                channel.will_close = True
        channel.server.pull_trigger()


class Fanout:
    """The fan-out thread of one server process (started with its first stream)."""

    def __init__(self) -> None:
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._streams: dict[int, set[Driven]] = defaultdict(set)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def add(self, driven: Driven, hub) -> None:
        hub.watch(self.changed)
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="forumsite-fanout", daemon=True)
                self._thread.start()
        self._inbox.put(("add", driven))

    def changed(self, forum_id: int | None) -> None:
        """The hub delivered a change of ``forum_id`` (None: resynchronise every forum)."""
        self._inbox.put(("changed", forum_id))

    def count(self) -> int:
        return sum(len(s) for s in self._streams.values())

    def _run(self) -> None:
        pending: dict[int | None, float] = {}  # forum → when its burst has been gathered
        next_tick = time.monotonic() + TICK
        while True:
            wake = min([next_tick, *pending.values()])
            try:
                item = self._inbox.get(timeout=max(0.0, wake - time.monotonic()))
                while True:
                    kind, value = item
                    if kind == "add":
                        self._streams[value.forum_id].add(value)
                        self._step(value)  # what arrived between its first state and now
                    else:
                        pending.setdefault(value, time.monotonic() + DEBOUNCE)
                    item = self._inbox.get_nowait()
            except queue.Empty:
                pass
            now = time.monotonic()
            for forum_id, due in list(pending.items()):
                if due <= now:
                    del pending[forum_id]
                    for driven in self._of(forum_id):
                        self._step(driven)
            if now >= next_tick:
                next_tick = now + TICK
                for driven in self._of(None):
                    if driven.stop.is_set() or not driven.channel.connected:
                        self._end(driven)
                    elif now - driven.last >= HEARTBEAT or now - driven.started >= MAX_LIFETIME:
                        self._step(driven)

    def _of(self, forum_id: int | None) -> list[Driven]:
        if forum_id is None:
            return [d for streams in self._streams.values() for d in streams]
        return list(self._streams.get(forum_id, ()))

    def _step(self, driven: Driven) -> None:
        """Run the stream until it has nothing more to send now (a "bye" is followed by its end)."""
        while True:
            try:
                chunk = driven.step()
            except Exception:
                log.exception("live stream failed")
                chunk = None
            if chunk is None or (chunk and not driven.write(chunk)):
                self._end(driven)
                return
            if not chunk:
                return

    def _end(self, driven: Driven) -> None:
        streams = self._streams.get(driven.forum_id)
        if streams is not None:
            streams.discard(driven)
            if not streams:
                del self._streams[driven.forum_id]
        driven.end_iterator()
        try:
            driven.finish()
        except Exception:
            log.exception("ending a stream")
