"""Time in one place: the database stores naive UTC; people see Vietnam time (UTC+7, no DST)."""
from __future__ import annotations

import datetime as dt

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(VIETNAM)


def today_local() -> dt.date:
    return dt.datetime.now(VIETNAM).date()
