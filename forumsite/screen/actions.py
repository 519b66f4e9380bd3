"""State changes of the projector screen: one small named function each, audited and published."""
from __future__ import annotations

import secrets

import sqlalchemy as sa

from ..audit.models import record
from ..clock import utcnow
from ..extensions import db
from ..live import changed
from ..rules.screens import PAIRING_ALPHABET, PAIRING_LENGTH, PAIRING_VALID, display_valid, normalise_code


def _done(action: str, forum, **details) -> None:
    record(action, forum, organisation_id=forum.cell_id, **details)
    changed(forum, "screen")


def new_display_link(forum) -> str:
    """A fresh unguessable link; the previous one stops working at once."""
    forum.display_token = secrets.token_urlsafe(24)
    _done("screen.link", forum)
    return forum.display_token


def revoke_display_link(forum) -> None:
    forum.display_token = None
    _done("screen.revoke", forum)


def set_overlay(forum, mode: str, message: str, theme: str | None) -> None:
    """A message over the screen, a blank screen, or the session ("" mode); optionally the theme."""
    if mode not in ("", "message", "blank"):
        raise ValueError(mode)
    forum.overlay_mode = mode
    forum.overlay_message = message.strip() if mode == "message" else ""  # as long as the form lets it
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
    """The forum whose open code was typed, its code used up; None for a wrong, used or expired code."""
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
    return forum
