"""When a projector link works, and the pairing code typed on the projector PC (pure: no Flask, no database)."""
from __future__ import annotations

import datetime as dt

from .planning import FOLLOWABLE

# After the chair concludes, the room still reads the last verdict for a while.
GRACE = dt.timedelta(hours=6)
SHOWN = FOLLOWABLE  # the statuses a screen shows: those members follow


def display_valid(token_set: bool, status: str, concluded_at: dt.datetime | None, now: dt.datetime) -> bool:
    if not token_set or status not in SHOWN:
        return False
    return concluded_at is None or now < concluded_at + GRACE


# The short pairing code typed on the projector PC at /p: six characters without the ones read alike
# (0/O, 1/I/L), valid for a few minutes and once. 31^6 ≈ 9·10^8 codes against a rate-limited form.
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_LENGTH = 6
PAIRING_VALID = dt.timedelta(minutes=10)
# What the pairing form takes: the code and a few of the spaces or dashes people type in it.
PAIRING_TYPED_MAX = PAIRING_LENGTH + 4


def normalise_code(text: str) -> str:
    """What was typed, as stored: capitals, without the spaces or dashes someone may add ("ab3 k9p")."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t")[:PAIRING_TYPED_MAX]


def pairing_open(code: str | None, expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    return bool(code) and expires_at is not None and now < expires_at
