"""The session screens: the projector (an unguessable link, no login) and the members' phones."""
from __future__ import annotations

import time

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
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..clock import utcnow
from ..extensions import db, limiter
from ..forms import validated
from ..live import hub
from ..planning import access
from ..planning.models import Forum
from ..refusals import Refusal
from ..rules.planning import FOLLOWABLE
from ..rules.screens import PAIRING_TYPED_MAX, display_valid
from ..web import db_int
from . import actions, render, shortcut, stream
from .forms import OverlayForm, PairForm
from .responses import public_url, qr_data_uri, sse_response, still_allowed
from .shortcut import memory_answer

bp = Blueprint("screen", __name__)


@bp.record_once
def _poll_shortcut(state) -> None:
    """Unchanged polls are answered in front of Flask (shortcut.py)."""
    from .shortcut import PollShortcut

    shortcut = state.app.extensions["forumsite_poll_shortcut"] = PollShortcut(state.app, state.app.wsgi_app)
    state.app.wsgi_app = shortcut

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


# --- polling: the fallback of a screen without its stream --------------------------------------------
#
# A poll that finds nothing changed is answered from memory, without the database: a 204 tells only that
# the version the caller already holds is still the forum's. Only a caller that passed the full checks
# for this forum (a display link, a login session) within TRUST seconds gets it; the others, and every
# poll that finds a change, go the whole way (rights, the database, the regions).
_TRUST_MAX = 20000  # callers remembered per process; past it, the expired ones are forgotten


def _trusted() -> dict:
    return current_app.extensions.setdefault("forumsite_poll_trust", {})


def poll_caller(kind: str, forum_id: int | None = None) -> tuple | None:
    """Who polls: ("display", token), or (kind, forum, login session) read from the signed session
    cookie (no database); None when not logged in."""
    if kind == "display":
        return (kind, request.view_args.get("token"))
    user = session.get("_user_id")
    return (kind, forum_id, user) if user else None


def from_memory(caller: tuple | None):
    """This poll's answer without the database, when memory has it (shortcut.memory_answer); else None.
    (The server's main loop and the WSGI middleware usually answered before Flask: this is for the rest.)"""
    text = memory_answer(current_app, caller, request.args.get("v"))
    if text is None:
        return None
    return Response(status=204) if text == "" else text


def trust(caller: tuple | None, forum: Forum) -> None:
    """``caller`` passed every check for ``forum`` now: its next polls may be answered from memory."""
    if caller is None:
        return
    trusted = _trusted()
    now = time.monotonic()
    if len(trusted) >= _TRUST_MAX:
        # list(): one step under the GIL, while other threads (and the main loop) read and write it.
        for key in [k for k, (_f, checked, _l) in list(trusted.items()) if now - checked > shortcut.TRUST]:
            trusted.pop(key, None)
        if len(trusted) >= _TRUST_MAX:
            trusted.clear()
    trusted[caller] = (forum.id, now, str(get_locale()))
    hub().remember(forum.id, forum.live_version)


def _poll(forum: Forum, audience: str, caller: tuple | None):
    """The fallback: 204 when nothing changed since version ?v=, else every region out of band."""
    trust(caller, forum)
    if request.args.get("v", type=db_int) == forum.live_version:
        return Response(status=204)
    return stream.poll_answer(stream.shared_regions(forum, audience))


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
    caller = poll_caller("display")
    answer = from_memory(caller)
    if answer is not None:
        return answer
    return _poll(_forum_for_token(token), "projector", caller)


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
def follow_poll(forum_id: int):
    caller = poll_caller("follow", forum_id)
    answer = from_memory(caller)
    if answer is not None:
        return answer
    return _follow_poll(forum_id, caller)


@login_required
def _follow_poll(forum_id: int, caller: tuple | None):
    return _poll(_followable(forum_id), "phone", caller)


# --- the chair's controls ----------------------------------------------------------------------------

def _operated(forum_id: int) -> Forum:
    forum = access.get_forum_or_404(forum_id, operate=True)
    if forum.status not in FOLLOWABLE:
        abort(409)
    return forum


def _back(forum: Forum):
    return redirect(url_for("meeting.console", forum_id=forum.id) + "#screen-controls", code=303)


@bp.errorhandler(Refusal)
def refused(error: Refusal):
    """The app's one answer (errors.respond_refusal); the chair's controls go back to where they are."""
    from ..errors import respond_refusal

    if error.back is None and "forum_id" in (request.view_args or {}):
        error.back = url_for("meeting.console", forum_id=request.view_args["forum_id"]) + "#screen-controls"
    return respond_refusal(error)


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
    return render_template("screen/pair.html", typed_max=PAIRING_TYPED_MAX)


@bp.post("/p")
@limiter.limit(lambda: current_app.config["PAIR_RATE_LIMIT"])
def pair():
    form = PairForm()
    display = actions.pair_display(form.code.data) if form.validate() else None
    if display is None:
        db.session.rollback()
        error = _("Mã không đúng, đã dùng hoặc đã hết hạn. Hãy xem lại mã trên bàn điều hành, hoặc tạo mã mới.")
        return render_template("screen/pair.html", typed_max=PAIRING_TYPED_MAX, error=error), 422
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
    form = validated(OverlayForm())
    actions.set_overlay(forum, form.mode.data, form.message.data, form.theme.data)
    db.session.commit()
    return _back(forum)
