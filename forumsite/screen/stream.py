"""Server-Sent Events for the session screens.

On connect: the server's clock, the version and every region (the whole screen). Then each change
published by the hub — bursts gathered for 50 ms — sends the changed regions. A heartbeat every
15 s keeps proxies from closing the line and re-checks the forum's version in the database, so a
screen is right within a heartbeat even when the hub lost a message. The database session is
closed before every wait: a thousand idle screens hold no connection.
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator

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


class ScreenRenderer:
    """Regions of the projector and the phone view."""

    names = render.REGIONS

    def __init__(self, audience: str) -> None:
        self.audience = audience

    def select(self, changed: set[str]) -> tuple[str, ...]:
        return self.names if "all" in changed else _screen_regions(changed)

    def render(self, forum, names) -> dict[str, str]:
        return render.regions(forum, self.audience, names)


def stream(forum_id: int, load: Callable, renderer) -> Iterator[str]:
    """The event stream of one screen. ``load()`` returns the forum, or None when the link died."""
    live_hub = hub()
    q = live_hub.subscribe(forum_id)
    started = time.monotonic()
    try:
        forum = load()
        if forum is None:
            yield event("bye", "")
            return
        version = forum.live_version
        parts = renderer.render(forum, renderer.names)
        db.session.remove()
        yield "retry: 2000\n\n" + clock_event() + event("version", str(version))
        for name, html in parts.items():
            yield event(name, html)
        while time.monotonic() - started < MAX_LIFETIME:
            try:
                changed = set(q.get(timeout=HEARTBEAT))
                deadline = time.monotonic() + DEBOUNCE
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        changed.update(q.get(timeout=left))
                    except queue.Empty:
                        break
            except queue.Empty:
                changed = set()
            forum = load()
            if forum is None:
                yield event("bye", "")
                return
            if not changed and forum.live_version == version:
                db.session.remove()
                yield ": heartbeat\n\n" + clock_event()
                continue
            if forum.live_version != version and not changed:
                changed = {"all"}  # a message was lost: send everything
            version = forum.live_version
            parts = renderer.render(forum, renderer.select(changed))
            db.session.remove()
            out = event("version", str(version))
            for name, html in parts.items():
                out += event(name, html)
            yield out
    finally:
        live_hub.unsubscribe(forum_id, q)
        db.session.remove()


# Which screen regions follow from which console regions.
_MAP = {
    "agenda": ("agenda", "header"), "speakers": ("speaker",), "proposals": ("proposals",),
    "tally": ("tally",), "attendance": ("tally",), "opening": (), "conclusion": ("header",),
    "screen": ("overlay", "header"),
}


def _screen_regions(changed: set[str]) -> tuple[str, ...]:
    names: list[str] = []
    for region in changed:
        for name in _MAP.get(region, render.REGIONS):
            if name not in names:
                names.append(name)
    return tuple(names) or ("header",)
