"""Where to go after login or a language switch: a path of this site only, never an open redirect."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import url_for

MAX_LENGTH = 2000


def _hidden(ch: str) -> bool:
    # Browsers and Werkzeug drop TAB/CR/LF inside URLs (and strip leading spaces and controls), so
    # "/\t/host" becomes "//host"; a backslash is read as a slash ("/\\host" -> "//host").
    return ch.isspace() or ch == "\\" or unicodedata.category(ch).startswith("C")


def is_safe_path(target: str | None) -> bool:
    """True when ``target`` can only lead to a path of this site, however a browser reads it."""
    if not target or len(target) > MAX_LENGTH or any(_hidden(ch) for ch in target):
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return False
    # A proxy or browser that decodes the path once must still find a path, not "//host" or "/\host".
    decoded = unquote(parts.path).replace("\\", "/")
    return not "".join(ch for ch in decoded if not _hidden(ch)).startswith("//")


def safe_next(target: str | None) -> str:
    """``target`` when it is a same-site path, else the home page."""
    return target if is_safe_path(target) else url_for("core.home")
