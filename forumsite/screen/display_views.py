"""The displays of the room: each one's page, stream, poll and document pages (its token, no login), and the
secretary's controls in the console (rename, choose what it shows, turn pages, identify, disconnect).

Each control: load-or-404 → one named action → commit (the display hears of it after the commit) → the
console's "displays" region (htmx, out of band) or a 303 back to the console."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from htmx_flask import make_response

from ..clock import utcnow
from ..extensions import db
from ..planning.models import ForumDocument
from ..web import db_int
from . import actions, displays, pages
from .models import Display
from .rules import display_valid
from .views import _operated, bp, sse_response


def _number(value) -> int | None:
    try:
        return db_int(value)
    except (TypeError, ValueError):
        return None


def live_display(token: str) -> Display:
    """The display of ``token`` while it may show: 404 for an unknown, disconnected or ended one."""
    display = displays.by_token(token)
    if display is None or display.revoked_at is not None or \
            not display_valid(True, display.forum.status, display.forum.concluded_at, utcnow()):
        abort(404)
    return display


def seen(display: Display) -> None:
    """last_seen_at, written at most once a minute (read here first: no write statement otherwise)."""
    last = display.last_seen_at
    if last is None or utcnow() - last >= actions.SEEN_EVERY:
        actions.seen(display.id)


def display_stream(display: Display):
    """The stream of one display: its own region and the session's; it ends when it is disconnected."""
    display_id, token = display.id, display.token

    def valid(snap) -> bool:
        return display_valid(True, snap.status, snap.concluded_at, utcnow())

    def allowed() -> bool:  # asked at every heartbeat and before every change: one primary-key read
        try:
            row = db.session.execute(sa.select(Display.revoked_at, Display.last_seen_at)
                                     .where(Display.id == display_id)).first()
            if row is None or row.revoked_at is not None:
                return False
            if row.last_seen_at is None or utcnow() - row.last_seen_at >= actions.SEEN_EVERY:
                actions.seen(display_id)
            return True
        finally:
            db.session.remove()

    seen(display)
    return sse_response(display.forum_id, valid, displays.DisplayRenderer(display_id), f"display:{token}", allowed)


def display_poll(display: Display):
    seen(display)
    forum = display.forum
    if request.args.get("v", type=db_int) == forum.live_version:
        return Response(status=204)
    return render_template("screen/_poll.html", parts=displays.regions(forum, display),
                           version=forum.live_version, now=utcnow())


@bp.get("/display/<token>/pages/<int:document_id>/<int:page>.png")
def display_page(token: str, document_id: int, page: int):
    """A page of the PDF this display shows, rendered once on the server and cached: only to this display."""
    display = live_display(token)
    document = db.session.get(ForumDocument, document_id)
    if document is None or document.forum_id != display.forum_id or display.document_id != document_id or \
            pages.kind_of(document.stored_name) != "pdf":
        abort(404)
    path = pages.page_png(displays.upload_path(document), page, displays.page_cache(document))
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/png", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# --- the secretary's controls ------------------------------------------------------------------------

def _display(forum, display_id: int) -> Display:
    display = db.session.get(Display, display_id)
    if display is None or display.forum_id != forum.id or display.revoked_at is not None:
        abort(404)
    return display


def _answer(forum):
    """The console's list of displays, fresh; a plain form goes back to it."""
    if not request.headers.get("HX-Request"):
        return redirect(url_for("meeting.console", forum_id=forum.id) + "#console-displays", code=303)
    from ..meeting.views import context

    return make_response(render_template("meeting/_displays.html", oob=True, **context(forum)), 200)


@bp.post("/forums/<int:forum_id>/displays/<int:display_id>/rename")
@login_required
def rename_display(forum_id: int, display_id: int):
    forum = _operated(forum_id)
    actions.rename_display(_display(forum, display_id), request.form.get("name", ""))
    db.session.commit()
    return _answer(forum)


def _chosen(forum, value: str) -> dict:
    """The select's value ("session", "document:12", "proposal:7", …) as what show_on_display takes; a thing
    of another forum is not found (and refused as not chosen)."""
    from ..followup.models import Clause
    from ..meeting.models import Proposal

    shows, _, ident = (value or "").partition(":")
    number = _number(ident)
    chosen: dict = {"shows": shows}
    models = {"document": ForumDocument, "proposal": Proposal, "clause": Clause}
    if shows in models and number is not None:
        obj = db.session.get(models[shows], number)
        if obj is not None and obj.forum_id == forum.id and not getattr(obj, "deleted_at", None):
            if shows != "document" or obj in displays.showable(forum):
                chosen[shows] = obj
    return chosen


@bp.post("/forums/<int:forum_id>/displays/<int:display_id>/show")
@login_required
def show_on_display(forum_id: int, display_id: int):
    """What this display shows: the session, a document, a proposal or clause, the selection, the
    conclusion, a message or nothing."""
    forum = _operated(forum_id)
    display = _display(forum, display_id)
    chosen = _chosen(forum, request.form.get("shows", ""))
    actions.show_on_display(display, chosen.pop("shows"), message=request.form.get("message", ""), **chosen)
    db.session.commit()
    return _answer(forum)


@bp.post("/forums/<int:forum_id>/displays/<int:display_id>/page")
@login_required
def turn_page(forum_id: int, display_id: int):
    """Trang trước / Trang sau of the document the display shows."""
    forum = _operated(forum_id)
    display = _display(forum, display_id)
    page = _number(request.form.get("page"))
    if page is None:
        abort(400)
    count = pages.page_count(displays.upload_path(display.document)) if display.document else 0
    actions.turn_page(display, page, count)
    db.session.commit()
    return _answer(forum)


@bp.post("/forums/<int:forum_id>/displays/identify")
@login_required
def identify_displays(forum_id: int):
    """Every connected display (or the one named) flashes its number for a few seconds."""
    forum = _operated(forum_id)
    one = _number(request.form.get("display") or None)
    shown = [_display(forum, one)] if one is not None else actions.connected(forum)
    actions.identify_displays(forum, shown)
    db.session.commit()
    return _answer(forum)


@bp.post("/forums/<int:forum_id>/displays/<int:display_id>/disconnect")
@login_required
def disconnect_display(forum_id: int, display_id: int):
    forum = _operated(forum_id)
    actions.disconnect_display(_display(forum, display_id))
    db.session.commit()
    return _answer(forum)
