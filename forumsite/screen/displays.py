"""One display of the room: what it shows (its own region "display", over the session screen), its stream's
renderer and the checks of its token. The session regions are the projector's; the display adds its own."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from markupsafe import Markup

from ..clock import utcnow
from ..extensions import db
from ..planning.models import ForumDocument
from . import pages, render
from .models import Display

REGIONS = (*render.REGIONS, "display")


def by_token(token: str) -> Display | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(Display).where(Display.token == token))


def upload_path(document: ForumDocument) -> Path:
    return Path(current_app.instance_path) / "uploads" / str(document.forum_id) / document.stored_name


def page_cache(document: ForumDocument) -> Path:
    return Path(current_app.instance_path) / "cache" / "display-pages" / str(document.forum_id)


def showable(forum) -> list[ForumDocument]:
    """The forum's documents a display can show: the introductory report first, then the others."""
    docs = [d for d in forum.documents if pages.kind_of(d.stored_name) in ("pdf", "docx", "odt")]
    return sorted(docs, key=lambda d: (d.kind != "de_dan", d.id))


def document_view(display: Display) -> dict | None:
    """The document page a display shows: a PNG for a PDF page, the page's text for a DOCX or ODT."""
    document = display.document
    if document is None or document.forum_id != display.forum_id:
        return None
    path = upload_path(document)
    kind = pages.kind_of(document.stored_name)
    count = pages.page_count(path)
    page = max(1, min(display.page, max(count, 1)))
    view = {"document": document, "kind": kind, "pages": count, "page": page, "text": "", "image": ""}
    if kind == "pdf" and count:
        view["image"] = url_for("screen.display_page", token=display.token, document_id=document.id, page=page)
    elif count:
        view["text"] = pages.text_pages(path)[page - 1]
    return view


def display_context(display: Display, ctx: dict) -> dict:
    from ..followup.models import Clause
    from ..meeting.models import Proposal

    proposal = db.session.get(Proposal, display.proposal_id) if display.shows == "proposal" and \
        display.proposal_id else None
    clause = db.session.get(Clause, display.clause_id) if display.shows == "clause" and display.clause_id else None
    selection = ctx["selection"] or [p for p in reversed(ctx["proposals_all"]) if p.adopted] \
        if display.shows == "selection" else []
    now = utcnow()
    return {**ctx, "display": display,
            "doc": document_view(display) if display.shows == "document" else None,
            # A proposal deleted since it was chosen leaves the wall ("no longer there").
            "proposal": proposal if proposal is not None and proposal.forum_id == display.forum_id
            and proposal.deleted_at is None else None,
            "clause": clause if clause is not None and clause.forum_id == display.forum_id else None,
            "shown_selection": selection,
            "identify": display.identify_until is not None and display.identify_until > now}


def regions(forum, display: Display, names=REGIONS) -> dict[str, Markup]:
    """The session regions and the display's own, from one context."""
    from ..meeting import queries

    ctx = render.context(forum, "projector")
    ctx["proposals_all"] = queries.proposals(forum) if display.shows == "selection" else []
    out = {name: Markup(render_template(f"screen/_{name}.html", **ctx)) for name in names if name != "display"}
    if "display" in names:
        out["display"] = Markup(render_template("screen/_display.html", **display_context(display, ctx)))
    return out


class DisplayRenderer:
    """The stream of one display: the projector's regions, and its own whenever a display changed."""

    names = REGIONS
    viewer = None  # a display never made a change itself

    def __init__(self, display_id: int) -> None:
        self.display_id = display_id
        self.key = f"display:{display_id}"

    def select(self, changed: set[str]) -> tuple[str, ...]:
        from .stream import ScreenRenderer

        if "all" in changed:
            return self.names
        # Its own region is small (one row): re-rendered with every change, it follows the proposal,
        # selection or conclusion it shows without a map of what depends on what.
        return (*ScreenRenderer("projector").select(changed), "display")

    def render(self, forum, names) -> dict[str, str]:
        display = db.session.get(Display, self.display_id)
        if display is None:
            return {}
        return regions(forum, display, names)


def console_view(forum) -> dict:
    """What the console's list of displays needs: the connected ones, and what each may be given to show."""
    from ..followup.models import Clause
    from ..meeting import queries
    from . import actions

    connected = actions.connected(forum)
    documents = showable(forum)
    counts = {d.id: pages.page_count(upload_path(d)) for d in documents} if any(
        x.shows == "document" for x in connected) else {}
    clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum.id)
                                 .order_by(Clause.section, Clause.position, Clause.id)).all()
    from .labels import SHOW_LABELS

    return {"displays": connected, "documents": documents, "page_counts": counts,
            "proposals": queries.proposals(forum), "clauses": clauses, "now": utcnow(),
            "labels": SHOW_LABELS, "seen": seen_label}


def seen_label(last, now) -> str:
    """"vừa xong", "2 phút trước", "3 giờ trước": when the display was last heard of."""
    from flask_babel import gettext as _

    if last is None:
        return _("chưa thấy")
    minutes = int((now - last).total_seconds() // 60)
    if minutes < 1:
        return _("vừa xong")
    if minutes < 60:
        return _("%(n)s phút trước", n=minutes)
    return _("%(n)s giờ trước", n=minutes // 60)
