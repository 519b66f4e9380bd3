"""Which person a name typed at the console means (pure: no Flask, no database).

The secretary types fast and often without diacritics: "hoang van duc" must find "Hoàng Văn Đức", and
"duc" the members whose names hold "Đức" — with a choice when several fit — while a name that fits no one
is said to be unknown before it is sent, never silently kept as a stranger's name. static/js/names.js
applies the same rules in the browser; the server's ``resolve`` only ever accepts a whole name.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable

from ..vn import fold, name_key

# How well a typed name fits: the same letters and marks; the same letters; each typed word begins a word of
# the name, in order ("hoang duc", "van duc", "duc"), marks and all ("Đức" is not "Dục"); or letters only.
EXACT, FOLDED, PARTIAL_MARKED, PARTIAL = 0, 1, 2, 3


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _fits(typed: list[str], words: list[str]) -> bool:
    """Each typed word begins a later word of the name than the one before."""
    position = 0
    for word in typed:
        while position < len(words) and not words[position].startswith(word):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def rank(typed: str, name: str) -> int | None:
    """How ``typed`` fits ``name`` (EXACT, FOLDED, PARTIAL_MARKED, PARTIAL), or None when it does not."""
    if not typed.strip():
        return None
    if _plain(typed) == _plain(name):
        return EXACT
    folded_typed, folded_name = fold(typed), fold(name)
    if folded_typed == folded_name:
        return FOLDED
    if _fits(_plain(typed).split(), _plain(name).split()):
        return PARTIAL_MARKED
    return PARTIAL if _fits(folded_typed.split(), folded_name.split()) else None


def matches(typed: str, people: Iterable[tuple[Hashable, str]]) -> list[Hashable]:
    """The keys of the people ``typed`` may mean, best first: only the exact ones when there are any (two
    people may share letters and differ by marks: "Đức" and "Dục"), else only those with the same letters,
    else those it partly fits, in roster order (given name first)."""
    found: dict[int, list[tuple[Hashable, str]]] = {}
    for key, name in people:
        level = rank(typed, name)
        if level is not None:
            found.setdefault(level, []).append((key, name))
    if not found:
        return []
    best = found[min(found)]
    return [key for key, name in sorted(best, key=lambda row: name_key(row[1]))]


def resolve(typed: str, people: Iterable[tuple[Hashable, str]]) -> Hashable | None:
    """The one person a whole typed name means (with or without diacritics), or None: a part of a name
    or a name two people share is never guessed."""
    people = list(people)
    found = matches(typed, people)
    if len(found) != 1:
        return None
    name = next(name for key, name in people if key == found[0])
    return found[0] if rank(typed, name) in (EXACT, FOLDED) else None
