"""Server-Sent Events for the session screens (projector, phones, the console's live updates).

On connect: the server's clock, the version and every region (the whole screen). Then each change
published by the hub — bursts gathered for 50 ms — sends the changed regions. A heartbeat every
15 s keeps proxies from closing the line and re-checks the forum's version, so a screen is right
within a heartbeat even when the hub lost a message. The database session is closed before every
wait: a thousand idle screens hold no connection.

Two hundred screens of one forum must not mean two hundred renderings of each change: a change is
rendered once per (forum, kind of screen, version, regions) and shared by every stream waiting for
it ("single flight"); the version of a forum is read at most once a second per process. Each language
has its own rendering: a screen shows its viewer's language, whoever's stream rendered first.

Slots are counted per process and per client (a display link, an account): one projector link or one
member cannot take every slot from the room. A screen that left frees its slot within a second when the
server says so (waitress: waitress.client_disconnected), not at the next heartbeat's failed write.
"""
from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from flask_babel import get_locale

from ..clock import utcnow
from ..extensions import db
from ..live import hub
from . import render

HEARTBEAT = 15.0
DEBOUNCE = 0.05
MAX_LIFETIME = 30 * 60  # then the browser reconnects (and may land on another worker)
CHECK_EVERY = 1.0  # how often a waiting stream asks whether its screen is still there

_active = 0
_by_client: dict[str, int] = {}
_active_lock = threading.Lock()


def event(name: str, data: str) -> str:
    lines = data.splitlines() or [""]
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def clock_event() -> str:
    return event("clock", utcnow().isoformat() + "Z")


def try_acquire(client: str | None = None) -> bool:
    """One more stream, if this process has room and ``client`` (a display link, an account) is under
    its own share; otherwise the screen polls."""
    global _active
    with _active_lock:
        if _active >= current_app.config["MAX_STREAMS"]:
            return False
        if client is not None:
            if _by_client.get(client, 0) >= current_app.config["STREAMS_PER_CLIENT"]:
                return False
            _by_client[client] = _by_client.get(client, 0) + 1
        _active += 1
        return True


def release(client: str | None = None) -> None:
    global _active
    with _active_lock:
        _active -= 1
        if client is not None:
            left = _by_client.get(client, 0) - 1
            if left > 0:
                _by_client[client] = left
            else:
                _by_client.pop(client, None)


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
    return _caches()[0].get((forum_id, renderer.key, version, names, str(get_locale())), compute)


def _current_version(forum_id: int) -> int | None:
    """The forum's version, read at most once a second per process whatever the number of screens."""
    from ..planning.models import Forum

    def compute():
        try:
            return db.session.scalar(sa.select(Forum.live_version).where(Forum.id == forum_id))
        finally:
            db.session.remove()

    return _caches()[1].get((forum_id, int(time.monotonic())), compute)


class _Gone(Exception):
    """The screen left (or the application shuts down): end the stream now."""


def _next_message(q: queue.Queue, timeout: float, gone: Callable[[], bool], stop: threading.Event) -> dict:
    """The next message of the hub; queue.Empty after ``timeout``; _Gone as soon as nobody listens."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise queue.Empty
        try:
            return q.get(timeout=min(left, CHECK_EVERY))
        except queue.Empty:
            if stop.is_set() or gone():
                raise _Gone from None


def _client_gone() -> Callable[[], bool]:
    """Whether the screen closed its connection, when the server can tell (waitress can)."""
    check = request.environ.get("waitress.client_disconnected") if has_request_context() else None
    return check if callable(check) else (lambda: False)


def stream(forum_id: int, valid: Callable[[Snapshot], bool], renderer,
           allowed: Callable[[], bool] | None = None) -> Iterator[str]:
    """The event stream of one screen; ``valid(snapshot)`` says whether this screen may still look;
    ``allowed()`` whether its viewer may (logged in still, the same rights), asked at every heartbeat
    and before every change is sent."""
    live_hub = hub()
    q = live_hub.subscribe(forum_id)
    started = time.monotonic()
    stop = closing()
    gone = _client_gone()
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
                message = _next_message(q, HEARTBEAT, gone, stop)
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
            except _Gone:
                return
            except queue.Empty:
                now_version = _current_version(forum_id)
                if now_version is None:
                    yield event("bye", "")
                    return
                if now_version == version:
                    if allowed is not None and not allowed():
                        yield event("bye", "")
                        return
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
            if allowed is not None and not allowed():
                yield event("bye", "")
                return
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


# Which screen regions follow from which console regions. Attendance: the header's "Có mặt x/y" and the
# open vote's needed and present counts; the conclusion is projected in the proposals' box; the screen
# settings (overlay, theme) reach the overlay region, which carries the theme.
_MAP = {
    "agenda": ("header", "agenda"), "speakers": ("speaker",), "proposals": ("proposals",),
    "tally": ("tally",), "attendance": ("header", "tally"), "opening": (), "conclusion": ("header", "proposals"),
    "screen": ("header", "overlay"),
    # A written proposal sent or decided: nothing projected changes, but the phones refresh their member's own
    # panel on the header (the smallest region), so that a member reads "đã nhận" or the reason at once.
    "submissions": ("header",),
    "displays": (),  # one display's own content changed: only that forum's displays re-render (their region)
}


def _screen_regions(changed: set[str]) -> tuple[str, ...]:
    names: list[str] = []
    for region in render.REGIONS:
        if any(region in _MAP.get(c, render.REGIONS) for c in changed):
            names.append(region)
    return tuple(names) or ("header",)
