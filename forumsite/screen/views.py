"""The session screens: the projector (an unguessable link, no login) and the members' phones."""
from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..clock import utcnow
from ..extensions import db, limiter
from ..planning import access
from ..planning.models import Forum
from ..web import db_int
from . import actions, render, stream
from .rules import display_valid

bp = Blueprint("screen", __name__)

FOLLOWABLE = ("published", "in_session", "concluded")
# After the session: an old follow link (the phones' QR code, /f/<id>) opens the forum's outcome, not a 404.
ENDED = ("concluded", "in_review", "resolution_adopted", "closed")


def _by_token(token: str) -> Forum | None:
    if not token or len(token) > 64:
        return None
    forum = db.session.scalar(sa.select(Forum).where(Forum.display_token == token))
    if forum is None or not display_valid(True, forum.status, forum.concluded_at, utcnow()):
        return None
    return forum


def _forum_for_token(token: str) -> Forum:
    forum = _by_token(token)
    if forum is None:
        abort(404)
    return forum


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

    def body():
        try:
            yield from stream.stream(forum_id, valid, renderer, allowed)
        finally:
            stream.release(client)

    db.session.remove()
    return Response(stream_with_context(body()), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def still_allowed(forum_id: int, may, every: float = 0.0):
    """For a stream: whether the account that opened it is still logged in with the same session key
    (logout and deactivation change it), still active, and ``may(user, forum)`` still holds. Asked again
    at most every ``every`` seconds (the answer is kept in between)."""
    import time

    from ..accounts.models import User

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


def _poll(forum: Forum, audience: str):
    """The fallback: 204 when nothing changed since version ?v=, else every region out of band."""
    if request.args.get("v", type=db_int) == forum.live_version:
        return Response(status=204)
    parts = render.regions(forum, audience)
    return render_template("screen/_poll.html", parts=parts, version=forum.live_version, now=utcnow())


# --- the projector -----------------------------------------------------------------------------------

def _ended_display(token: str):
    """A display link (a display's own, or the forum's) of a forum whose session is over says so, and no more
    than the screen showed: the cell and the day. Not the conclusion or the resolution — whoever holds an old
    link (a photo of the QR code, a browser's history) is not logged in, and the record is the cell's. 410; any
    other token stays a 404, and within the hours after the end the screen still shows the last verdict."""
    from . import displays

    if not token or len(token) > 64:
        return None
    display = displays.by_token(token)
    forum = display.forum if display is not None else \
        db.session.scalar(sa.select(Forum).where(Forum.display_token == token))
    if forum is None or forum.status not in ENDED or display_valid(True, forum.status, forum.concluded_at, utcnow()):
        return None
    return render_template("screen/ended.html", forum=forum), 410


@bp.get("/display/<token>")
def projector(token: str):
    """The meeting room's screen, 16:9, read from the back of the room. A display's own token shows that
    display; the forum's link (the QR code, the copied link) makes a new display of the PC that opens it."""
    from . import display_views, displays

    if (ended := _ended_display(token)) is not None:
        return ended
    display = displays.by_token(token)
    if display is not None:
        if display.revoked_at is not None:
            # Disconnected by the secretary: say so in the room, in words, instead of a bare 404.
            pair_url = public_url(url_for("screen.pair_form")).split("://", 1)[-1]
            return render_template("screen/disconnected.html", display=display, pair_url=pair_url), 410
        display = display_views.live_display(token)
        display_views.seen(display)
        return _projector_page(display.forum, display)
    forum = _forum_for_token(token)
    # The same browser opening the link again (the QR code scanned twice) is the display it already is.
    display = displays.by_token(request.cookies.get(_DISPLAY_COOKIE, ""))
    if display is None or display.forum_id != forum.id or display.revoked_at is not None:
        display = actions.new_display(forum, "link")  # None when the room has all its displays: the session only
        db.session.commit()
    return _projector_page(forum, display)


_DISPLAY_COOKIE = "forumsite_display"


def _projector_page(forum: Forum, display):
    from . import displays

    fixed = request.args.get("theme") in ("light", "dark")  # this display's own choice: the secretary's does not follow
    theme = request.args.get("theme") if fixed else forum.screen_theme
    token = display.token if display is not None else forum.display_token
    # The short address printed beside the QR code, for a phone that cannot scan: typed, not read off a link.
    follow = public_url(url_for("screen.short_follow", forum_id=forum.id))
    parts = displays.regions(forum, display) if display is not None else render.regions(forum, "projector")
    own_url = url_for("screen.projector", token=token, **({"theme": theme} if fixed else {}))
    response = make_response(render_template(
        "screen/projector.html", forum=forum, token=token, theme=theme, theme_fixed=fixed, display=display,
        own_url=own_url, follow_url=follow, short_address=follow.split("://", 1)[-1], qr=qr_data_uri(follow),
        parts=parts, now=utcnow()))
    if display is not None:
        response.set_cookie(_DISPLAY_COOKIE, display.token, max_age=24 * 3600, path="/display/", httponly=True,
                            samesite="Lax", secure=request.is_secure)
    return response


@bp.get("/display/<token>/stream")
def projector_stream(token: str):
    from . import display_views, displays

    if displays.by_token(token) is not None:
        return display_views.display_stream(display_views.live_display(token))
    forum = _forum_for_token(token)

    def valid(snap) -> bool:  # a new link or the end of the forum closes this screen
        return snap.token == token and display_valid(True, snap.status, snap.concluded_at, utcnow())

    return sse_response(forum.id, valid, stream.ScreenRenderer("projector"), f"display:{token}")


@bp.get("/display/<token>/poll")
def projector_poll(token: str):
    from . import display_views, displays

    if displays.by_token(token) is not None:
        return display_views.display_poll(display_views.live_display(token))
    return _poll(_forum_for_token(token), "projector")


# --- members' phones ---------------------------------------------------------------------------------

@bp.get("/f/<int:forum_id>")
def short_follow(forum_id: int):
    """The short address on the projector: on to the forum's follow page, which checks who may see it.
    Answered alike for every number, so that it tells nothing about which forums exist."""
    return redirect(url_for("screen.follow", forum_id=forum_id))


def _followable(forum_id: int) -> Forum:
    forum = access.get_forum_or_404(forum_id)
    if forum.status not in FOLLOWABLE:
        abort(404)
    return forum


@bp.get("/forums/<int:forum_id>/follow")
@login_required
def follow(forum_id: int):
    """The session on a phone, and the member's own request to speak; once it is over, its outcome."""
    forum = access.get_forum_or_404(forum_id)
    if forum.status in ENDED:
        return _outcome(forum)
    forum = _followable(forum_id)
    is_member = current_user.member is not None and current_user.member.cell_id == forum.cell_id
    from ..meeting.labels import KIND_LABELS
    from ..meeting.models import SUBMISSION_MAX

    return render_template("screen/follow.html", forum=forum, parts=render.regions(forum, "phone"),
                           is_member=is_member, now=utcnow(), kinds=KIND_LABELS, limit=SUBMISSION_MAX)


def _outcome(forum: Forum):
    """The forum ended: when, the chair's conclusion, and the adopted resolution when there is one. Only for
    those who may see the forum (get_forum_or_404: its cell and the levels above)."""
    from ..followup.models import PartyDocument

    resolution = db.session.scalar(sa.select(PartyDocument).where(
        PartyDocument.forum_id == forum.id, PartyDocument.kind == "NQ", PartyDocument.status == "adopted"))
    return render_template("screen/outcome.html", forum=forum, resolution=resolution,
                           can_review=access.can_plan(current_user, forum))


@bp.get("/forums/<int:forum_id>/follow/stream")
@login_required
def follow_stream(forum_id: int):
    forum = _followable(forum_id)
    # The rights are checked at connect, at every heartbeat and (at most every 5 s) before a change.
    allowed = still_allowed(forum.id, access.can_see, every=5.0)
    return sse_response(forum.id, lambda snap: snap.status in FOLLOWABLE, stream.ScreenRenderer("phone"),
                        f"user:{current_user.id}", allowed)


@bp.get("/forums/<int:forum_id>/follow/poll")
@login_required
def follow_poll(forum_id: int):
    return _poll(_followable(forum_id), "phone")


# --- the chair's controls ----------------------------------------------------------------------------

def _operated(forum_id: int) -> Forum:
    forum = access.get_forum_or_404(forum_id, operate=True)
    if forum.status not in FOLLOWABLE:
        abort(409)
    return forum


def _back(forum: Forum):
    return redirect(url_for("meeting.console", forum_id=forum.id) + "#screen-controls", code=303)


@bp.post("/forums/<int:forum_id>/display/link")
@login_required
def new_link(forum_id: int):
    """A new projector link; the old one stops working at once (revocation)."""
    forum = _operated(forum_id)
    actions.new_display_link(forum)
    db.session.commit()
    return _back(forum)


@bp.post("/forums/<int:forum_id>/display/pair")
@login_required
def pairing_code(forum_id: int):
    """A short code to type at /p on the projector PC instead of the long link."""
    forum = _operated(forum_id)
    actions.new_pairing_code(forum)
    db.session.commit()
    return redirect(url_for("meeting.console", forum_id=forum.id) + "#room-setup", code=303)


@bp.get("/p")
def pair_form():
    """On the projector PC: type the code the console shows; no login, no long link to type."""
    return render_template("screen/pair.html")


@bp.post("/p")
@limiter.limit(lambda: current_app.config["PAIR_RATE_LIMIT"])
def pair():
    display = actions.pair_display(request.form.get("code", ""))
    if display is None:
        db.session.rollback()
        return render_template("screen/pair.html", error=_("Mã không đúng, đã dùng hoặc đã hết hạn. Hãy xem lại mã "
                                                           "trên bàn điều hành, hoặc tạo mã mới.")), 422
    token = display.token
    db.session.commit()
    return redirect(url_for("screen.projector", token=token), code=303)


@bp.post("/forums/<int:forum_id>/display/revoke")
@login_required
def revoke_link(forum_id: int):
    forum = _operated(forum_id)
    actions.revoke_display_link(forum)
    db.session.commit()
    return _back(forum)


@bp.post("/forums/<int:forum_id>/display/overlay")
@login_required
def overlay(forum_id: int):
    """A message over the screen, a blank screen, or back to the session."""
    forum = _operated(forum_id)
    try:
        actions.set_overlay(forum, request.form.get("mode", ""), request.form.get("message") or "",
                            request.form.get("theme"))
    except ValueError:
        abort(400)
    db.session.commit()
    return _back(forum)
