"""What the screens' and the console's views answer with, beside pages: the event stream of one screen,
the address phones and the projector reach this laptop at, and its QR code. Kept out of the view modules
so that the console's views import them without importing the screen's routes."""
from __future__ import annotations

from functools import lru_cache

from flask import Response, current_app, request, stream_with_context
from flask_login import current_user

from ..extensions import db
from . import stream


def public_url(path: str) -> str:
    """Absolute address for phones: FORUMSITE_PUBLIC_URL (the laptop's LAN address) or the request's."""
    base = current_app.config["PUBLIC_URL"] or request.host_url
    return base.rstrip("/") + path


@lru_cache(maxsize=64)
def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data URI (the CSP allows data: images); the same link, the same code."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=6, dark="#000", light="#fff", border=2)


def sse_response(forum_id: int, valid, renderer, client: str, allowed=None):
    """The stream of one screen; ``client`` (a display link, an account) counts against its own share."""
    if not stream.try_acquire(client):
        # This process, or this client, holds as many streams as it may: the screen falls back to polling.
        return Response("", status=503, headers={"Retry-After": "10"})

    # The embedded server (server.py) carries its streams on one fan-out thread: the stream is "driven".
    fanout = request.environ.get("forumsite.fanout")

    def body():
        try:
            yield from stream.stream(forum_id, valid, renderer, allowed, driven=fanout is not None)
        finally:
            stream.release(client)

    db.session.remove()
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    if fanout is None:
        return Response(stream_with_context(body()), mimetype="text/event-stream", headers=headers)
    from ..live import hub
    from .fanout import Driven

    driven = Driven(forum_id, stream_with_context(body()), request.environ["forumsite.task"], stream.closing(),
                    hub())
    return Response(driven, mimetype="text/event-stream", headers=headers, direct_passthrough=True)


def still_allowed(forum_id: int, may, every: float = 0.0):
    """For a stream: whether the account that opened it is still logged in with the same session key
    (logout and deactivation change it), still active, and ``may(user, forum)`` still holds. Asked again
    at most every ``every`` seconds (the answer is kept in between)."""
    import time

    from ..accounts.models import User
    from ..planning.models import Forum

    user_id, nonce = current_user.id, current_user.session_nonce
    last = {"at": float("-inf"), "ok": True}

    def check() -> bool:
        now = time.monotonic()
        if now - last["at"] < every:
            return last["ok"]
        try:
            user = db.session.get(User, user_id)
            forum = db.session.get(Forum, forum_id)
            ok = (user is not None and user.active and user.session_nonce == nonce and forum is not None
                  and bool(may(user, forum)))
        finally:
            db.session.remove()
        last.update(at=now, ok=ok)
        return ok

    return check
