"""State changes of the projector screen: one small named function each, audited and published."""
from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa

from ..audit.models import record
from ..clock import utcnow
from ..extensions import db
from ..live import changed
from ..refusals import Refusal
from . import messages  # noqa: F401  (the words of the refusals below)
from .rules import PAIRING_ALPHABET, PAIRING_LENGTH, PAIRING_VALID, display_valid, normalise_code


def _done(action: str, forum, **details) -> None:
    record(action, forum, organisation_id=forum.cell_id, **details)
    changed(forum, "screen")


def new_display_link(forum) -> str:
    """A fresh unguessable link; the previous one stops working at once."""
    forum.display_token = secrets.token_urlsafe(24)
    disconnect_all(forum)
    _done("screen.link", forum)
    return forum.display_token


def revoke_display_link(forum) -> None:
    forum.display_token = None
    disconnect_all(forum)
    _done("screen.revoke", forum)


def set_overlay(forum, mode: str, message: str, theme: str | None) -> None:
    """A message over the screen, a blank screen, or the session ("" mode); optionally the theme."""
    if mode not in ("", "message", "blank"):
        raise ValueError(mode)
    forum.overlay_mode = mode
    forum.overlay_message = message.strip()[:500] if mode == "message" else ""
    if theme in ("light", "dark"):
        forum.screen_theme = theme
    _done("screen.overlay", forum, mode=mode, theme=forum.screen_theme)


def new_pairing_code(forum) -> str:
    """A short code for the projector PC (typed at /p), valid a few minutes and once; the forum gets a
    display link first if it has none (the code leads to it). The code itself stays out of the trail."""
    if not forum.display_token:
        forum.display_token = secrets.token_urlsafe(24)
    now = utcnow()
    from ..planning.models import Forum

    while True:  # unlike any code still open, so that a code names one forum
        code = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_LENGTH))
        if not db.session.scalar(sa.select(Forum.id).where(Forum.pairing_code == code,
                                                           Forum.pairing_expires_at > now)):
            break
    forum.pairing_code, forum.pairing_expires_at = code, now + PAIRING_VALID
    record("screen.pair_code", forum, organisation_id=forum.cell_id, minutes=int(PAIRING_VALID.total_seconds() // 60))
    return code


def pair_display(typed: str):
    """A new display of the forum whose open code was typed, its code used up; None for a wrong, used or
    expired code, or a room that has all the displays it may."""
    from ..planning.models import Forum

    code, now = normalise_code(typed), utcnow()
    if len(code) != PAIRING_LENGTH:
        return None
    forum = db.session.scalar(sa.select(Forum).where(Forum.pairing_code == code, Forum.pairing_expires_at > now))
    if forum is None or not display_valid(bool(forum.display_token), forum.status, forum.concluded_at, now):
        return None
    # Used up on condition that it is still there: of two displays typing it at once, one is paired.
    used = db.session.execute(sa.update(Forum).where(Forum.id == forum.id, Forum.pairing_code == code)
                              .values(pairing_code=None, pairing_expires_at=None)
                              .execution_options(synchronize_session=False))
    if used.rowcount != 1:
        return None
    db.session.refresh(forum)
    record("screen.pair", forum, organisation_id=forum.cell_id)
    return new_display(forum, "code")


# --- the displays of the room (issue 16.2): each its own token, number, name and content ----------------

IDENTIFY_FOR = dt.timedelta(seconds=6)  # how long "Nhận diện" shows each display's number
SEEN_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often per display
MAX_DISPLAYS = 12  # connected at once per forum: the forum link cannot fill the table


def _display_done(action: str, display, **details) -> None:
    record(action, display, organisation_id=display.forum.cell_id, forum_id=display.forum_id,
           number=display.number, **details)
    changed(display.forum, "displays")


def connected(forum) -> list:
    from .models import Display

    return list(db.session.scalars(sa.select(Display).where(Display.forum_id == forum.id,
                                                            Display.revoked_at.is_(None)).order_by(Display.number)))


def new_display(forum, how: str):
    """A display for the PC that typed the code (``how`` = "code") or opened the forum's link ("link"),
    numbered with the smallest number free in the room; None when the room has MAX_DISPLAYS already."""
    from .models import Display

    taken = {d.number for d in connected(forum)}
    if len(taken) >= MAX_DISPLAYS:
        return None
    number = next(n for n in range(1, MAX_DISPLAYS + 2) if n not in taken)
    display = Display(forum=forum, token=secrets.token_urlsafe(24), number=number, last_seen_at=utcnow())
    db.session.add(display)
    _display_done("display.connect", display, how=how)
    return display


def rename_display(display, name: str) -> None:
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 60:
        raise Refusal("display_name")
    display.name = name
    _display_done("display.rename", display, name=name)


def show_on_display(display, shows: str, *, document=None, proposal=None, clause=None, message: str = "") -> None:
    """What ``display`` shows from now on; the thing chosen was loaded for its forum by the caller."""
    from .models import SHOWS

    if shows not in SHOWS:
        raise Refusal("display_shows")
    needs = {"document": (document, "display_document"), "proposal": (proposal, "display_proposal"),
             "clause": (clause, "display_clause")}
    if shows in needs and needs[shows][0] is None:
        raise Refusal(needs[shows][1])
    message = (message or "").strip()
    if shows == "message" and not 1 <= len(message) <= 500:
        raise Refusal("display_message")
    display.shows = shows
    display.document_id = document.id if shows == "document" else None
    display.page = 1
    display.proposal_id = proposal.id if shows == "proposal" else None
    display.clause_id = clause.id if shows == "clause" else None
    display.message = message if shows == "message" else ""
    details = {"document_id": display.document_id, "proposal_id": display.proposal_id,
               "clause_id": display.clause_id}
    _display_done("display.show", display, shows=shows, **{k: v for k, v in details.items() if v})


def turn_page(display, page: int, pages: int) -> None:
    """The secretary turns the document's page (kept within 1..pages)."""
    if display.shows != "document" or display.document_id is None:
        raise Refusal("display_not_document")
    display.page = max(1, min(page, max(pages, 1)))
    _display_done("display.page", display, page=display.page)


def identify_displays(forum, displays) -> None:
    """Each display flashes its big number for a few seconds (it hides it itself after ``identify_until``)."""
    until = utcnow() + IDENTIFY_FOR
    for display in displays:
        display.identify_until = until
    record("display.identify", forum, organisation_id=forum.cell_id, numbers=[d.number for d in displays])
    changed(forum, "displays")


def disconnect_display(display) -> None:
    """Its token stops working at once: its stream ends and it shows that it was disconnected."""
    display.revoked_at = utcnow()
    _display_done("display.disconnect", display)


def disconnect_all(forum) -> None:
    """The forum's link is replaced or revoked: the displays opened with it go too."""
    now = utcnow()
    for display in connected(forum):
        display.revoked_at = now
    changed(forum, "displays")


def seen(display_id: int) -> None:
    """The display is there: last_seen_at written if older than SEEN_EVERY (one cheap UPDATE at most a
    minute, whatever the heartbeats and polls), committed at once. Not audited: nobody did anything."""
    from .models import Display

    now = utcnow()
    db.session.execute(sa.update(Display).where(Display.id == display_id,
                                                sa.or_(Display.last_seen_at.is_(None),
                                                       Display.last_seen_at < now - SEEN_EVERY))
                       .values(last_seen_at=now).execution_options(synchronize_session=False))
    db.session.commit()
