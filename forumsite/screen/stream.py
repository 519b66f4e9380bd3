"""Server-Sent Events for the session screens (projector, phones, the console's live updates).

On connect: the server's clock, the version and every region (the whole screen). Then each change
published by the hub — bursts gathered for 50 ms — sends the changed regions. A heartbeat every
15 s keeps proxies from closing the line and re-checks the forum's version, so a screen is right
within a heartbeat even when the hub lost a message. The database session is closed before every
wait: a thousand idle screens hold no connection.

Two hundred screens of one forum must not mean two hundred renderings of each change: a change is
rendered once per (forum, kind of screen, version, regions) and shared by every stream waiting for
it ("single flight"); the version of a forum is read at most once a second per process.
"""
from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..clock import utcnow
from ..extensions import db
from ..live import hub
from . import render

HEARTBEAT = 15.0
DEBOUNCE = 0.05
MAX_LIFETIME = 30 * 60  # then the browser reconnects (and may land on another worker)

_active = 0
_active_lock = threading.Lock()


def event(name: str, data: str) -> str:
    lines = data.splitlines() or [""]
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def clock_event() -> str:
    return event("clock", utcnow().isoformat() + "Z")


def try_acquire() -> bool:
    """One more stream, if this process has room; otherwise the screen polls."""
    global _active
    with _active_lock:
        if _active >= current_app.config["MAX_STREAMS"]:
            return False
        _active += 1
        return True


def release() -> None:
    global _active
    with _active_lock:
        _active -= 1


def active_streams() -> int:
    return _active


def closing() -> threading.Event:
    """Set when the application shuts down: every stream ends at its next wake-up."""
    return current_app.extensions.setdefault("forumsite_streams_closing", threading.Event())


@dataclass(frozen=True)
class Snapshot:
    """What a stream needs to know of its forum at one version, rendered once for all its screens."""

    version: int
    status: str
    token: str | None
    concluded_at: object
    events: str  # the SSE text of the rendered regions


class _SingleFlight:
    """A small cache where concurrent callers of the same key wait for one computation."""

    def __init__(self, size: int = 256) -> None:
        self._lock = threading.Lock()
        self._done: OrderedDict = OrderedDict()
        self._running: dict = {}
        self._size = size

    def get(self, key, compute: Callable):
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            waiter = self._running.get(key)
            if waiter is None:
                waiter = self._running[key] = threading.Event()
                owner = True
            else:
                owner = False
        if not owner:
            waiter.wait(10)
            with self._lock:
                if key in self._done:
                    return self._done[key]
            return compute()  # the owner failed: do it ourselves
        try:
            value = compute()
            with self._lock:
                self._done[key] = value
                while len(self._done) > self._size:
                    self._done.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._running.pop(key, None)
            waiter.set()


def _caches() -> tuple[_SingleFlight, _SingleFlight]:
    """The render and version caches of this application (one per app, never shared across apps)."""
    caches = current_app.extensions.get("forumsite_stream_caches")
    if caches is None:
        caches = current_app.extensions.setdefault("forumsite_stream_caches", (_SingleFlight(), _SingleFlight(1024)))
    return caches


def _snapshot(forum_id: int, renderer, names: tuple[str, ...], version: int | None) -> Snapshot | None:
    """The forum at ``version`` (None: whatever it is now) with ``names`` rendered."""
    from ..planning.models import Forum

    def compute():
        try:
            forum = db.session.get(Forum, forum_id)
            if forum is None:
                return None
            parts = renderer.render(forum, names)
            out = event("version", str(forum.live_version)) + "".join(event(n, h) for n, h in parts.items())
            return Snapshot(forum.live_version, forum.status, forum.display_token, forum.concluded_at, out)
        finally:
            db.session.remove()

    if version is None:
        return compute()
    return _caches()[0].get((forum_id, renderer.key, version, names), compute)


def _current_version(forum_id: int) -> int | None:
    """The forum's version, read at most once a second per process whatever the number of screens."""
    from ..planning.models import Forum

    def compute():
        try:
            return db.session.scalar(sa.select(Forum.live_version).where(Forum.id == forum_id))
        finally:
            db.session.remove()

    return _caches()[1].get((forum_id, int(time.monotonic())), compute)


def stream(forum_id: int, valid: Callable[[Snapshot], bool], renderer) -> Iterator[str]:
    """The event stream of one screen; ``valid(snapshot)`` says whether this screen may still look."""
    live_hub = hub()
    q = live_hub.subscribe(forum_id)
    started = time.monotonic()
    stop = closing()
    try:
        snap = _snapshot(forum_id, renderer, renderer.names, None)
        if snap is None or not valid(snap):
            yield event("bye", "")
            return
        version = snap.version
        yield "retry: 2000\n\n" + clock_event() + snap.events
        while time.monotonic() - started < MAX_LIFETIME and not stop.is_set():
            changed: set[str] = set()
            target = None
            own = True  # every change in this burst came from this screen's own user
            try:
                message = q.get(timeout=HEARTBEAT)
                if message.get("resync"):
                    raise queue.Empty  # the hub was cut off: check the version now, as a heartbeat does
                changed.update(message["regions"])
                target = message["version"]
                own = message.get("by") is not None and message.get("by") == renderer.viewer
                deadline = time.monotonic() + DEBOUNCE
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        message = q.get(timeout=left)
                    except queue.Empty:
                        break
                    if message.get("resync"):
                        continue
                    changed.update(message["regions"])
                    target = max(target, message["version"])
                    own = own and message.get("by") is not None and message.get("by") == renderer.viewer
            except queue.Empty:
                now_version = _current_version(forum_id)
                if now_version is None:
                    yield event("bye", "")
                    return
                if now_version == version:
                    yield ": heartbeat\n\n" + clock_event()
                    continue
                changed, target, own = {"all"}, now_version, False  # a message was lost: send everything
            if target is not None and target <= version:
                continue  # already shown (a late duplicate)
            if own:
                # The console that made the change has it already (its answer carried the regions):
                # an echo would replace the button the operator's keyboard is on.
                version = target
                continue
            names = renderer.select(changed)
            snap = _snapshot(forum_id, renderer, names, target)
            if snap is None or not valid(snap):
                yield event("bye", "")
                return
            version = max(version, snap.version)
            yield snap.events
    finally:
        live_hub.unsubscribe(forum_id, q)
        db.session.remove()


class ScreenRenderer:
    """Regions of the projector and the phone view."""

    names = render.REGIONS

    viewer = None  # screens are not operators: they never made a change themselves

    def __init__(self, audience: str) -> None:
        self.audience = audience
        self.key = audience

    def select(self, changed: set[str]) -> tuple[str, ...]:
        return self.names if "all" in changed else _screen_regions(changed)

    def render(self, forum, names) -> dict[str, str]:
        return render.regions(forum, self.audience, names)


# Which screen regions follow from which console regions.
_MAP = {
    "agenda": ("header", "agenda"), "speakers": ("speaker",), "proposals": ("proposals",),
    "tally": ("tally",), "attendance": ("tally",), "opening": (), "conclusion": ("header",),
    "screen": ("header", "overlay"),
}


def _screen_regions(changed: set[str]) -> tuple[str, ...]:
    names: list[str] = []
    for region in render.REGIONS:
        if any(region in _MAP.get(c, render.REGIONS) for c in changed):
            names.append(region)
    return tuple(names) or ("header",)
