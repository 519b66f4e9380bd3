"""When a projector link works (pure)."""
from __future__ import annotations

import datetime as dt

# After the chair concludes, the room still reads the last verdict for a while.
GRACE = dt.timedelta(hours=6)
SHOWN = frozenset({"published", "in_session", "concluded"})


def display_valid(token_set: bool, status: str, concluded_at: dt.datetime | None, now: dt.datetime) -> bool:
    if not token_set or status not in SHOWN:
        return False
    return concluded_at is None or now < concluded_at + GRACE
