"""State changes of the projector screen: one small named function each, audited and published."""
from __future__ import annotations

import secrets

from ..audit.models import record
from ..live import changed


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
    forum.overlay_message = message.strip()[:500] if mode == "message" else ""
    if theme in ("light", "dark"):
        forum.screen_theme = theme
    _done("screen.overlay", forum, mode=mode, theme=forum.screen_theme)
