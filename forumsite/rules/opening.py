"""When opening a forum deserves a second look (pure).

A secretary who opens the wrong forum — dated tomorrow, or last week's left published — starts a
session record that cannot be undone (the record freezes when it concludes), so opening asks first
when the day is not the planned one or the planned start is long past. Opening a little early on the
day is normal (the room is ready) and asks nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Later than this after the planned start, on the day, the secretary is asked whether this is the forum.
LATE_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class OpeningWarning:
    code: str  # "early_day" (dated later), "past_day" (dated earlier) or "late" (on the day, long after the start)
    minutes_late: int = 0


def warnings(held_on: dt.date, starts_at: dt.time, now_local: dt.datetime) -> list[OpeningWarning]:
    """What to tell before opening, in Vietnam time (``now_local`` naive local time); [] when nothing."""
    today = now_local.date()
    if held_on > today:
        return [OpeningWarning("early_day")]
    if held_on < today:
        return [OpeningWarning("past_day")]
    late = now_local - dt.datetime.combine(held_on, starts_at)
    if late > LATE_AFTER:
        return [OpeningWarning("late", int(late.total_seconds() // 60))]
    return []
