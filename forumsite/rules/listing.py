"""Telling forums apart in a list (pure). Every forum of the campaign bears the same long theme as its title, so a
list that shows titles shows the same words on every row (the secretary opened the wrong forum): a row is named
by its date and cell instead, with only the part of its title that differs from the others'."""
from __future__ import annotations

import datetime as dt

_TRIM = " :;,.–—-()\"“”'"


def _common_start(rows: list[list[str]]) -> int:
    n = 0
    while all(len(r) > n for r in rows) and len({r[n].casefold() for r in rows}) == 1:
        n += 1
    return n


def distinct_parts(titles: list[str], shortest: int = 3) -> list[str]:
    """For each title, the words that differ from the other titles' ('' when it says nothing the others do not):
    the beginning and the end all the titles share are left out, "…" marking where. A shared beginning or end
    shorter than ``shortest`` words is no theme: those titles are kept whole. One title alone is kept whole."""
    words = [t.split() for t in titles]
    if len(words) < 2:
        return [" ".join(w) for w in words]
    start = _common_start(words)
    start = start if start >= shortest else 0
    end = _common_start([list(reversed(w[start:])) for w in words])
    end = end if end >= shortest else 0
    out = []
    for w in words:
        middle = " ".join(w[start:len(w) - end]).strip(_TRIM)
        if not middle:
            out.append("")
            continue
        out.append(("… " if start else "") + middle + (" …" if end else ""))
    return out


def date_names(dates: list[dt.date]) -> list[str]:
    """The month ("11/2026") that names each forum in a list; the whole date ("05/11/2026") where two forums of
    the list fall in the same month."""
    months = [(d.year, d.month) for d in dates]
    return [f"{d.day:02d}/{d.month:02d}/{d.year}" if months.count((d.year, d.month)) > 1 else f"{d.month:02d}/{d.year}"
            for d in dates]
