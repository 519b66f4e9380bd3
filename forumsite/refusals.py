"""One refusal for every area: an action the record's state or the user's input does not allow.

Actions raise ``Refusal(code)``; the areas register the words for their codes once (``register``); one
responder on the app (``errors.register``) rolls back and answers — the toast fragment with 409/422 for
htmx, a flash and a 303 for a plain form. No Flask import here: the rules and actions stay plain Python."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# Codes that say "the record moved under you" rather than "your input is wrong".
CONFLICTS = frozenset({
    "tally_closed", "already_spoke", "tally_open", "not_in_session", "speakers_changed", "record_closed",
    "answered", "locked", "stale", "checked_out",
})

MESSAGES: dict[str, object] = {}


class Refusal(Exception):
    """``code`` names why (the registered messages say it in words); ``back`` is where a plain form returns."""

    def __init__(self, code: str, *, status: int | None = None, back: str | None = None):
        super().__init__(code)
        self.code = code
        self.status = status or (409 if code in CONFLICTS else 422)
        self.back = back

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, self.code))


@contextmanager
def back_to(url: str) -> Iterator[None]:
    """A refusal raised inside returns a plain form to ``url`` (a page and its anchor, which the referrer
    rule cannot know), unless the refusal already names where."""
    try:
        yield
    except Refusal as refusal:
        if refusal.back is None:
            refusal.back = url
        raise


def register(messages: Mapping[str, object]) -> None:
    """Add an area's words for its codes. A code already registered with other words is a programming
    error: two areas would show one refusal differently."""
    for code, text in messages.items():
        known = MESSAGES.get(code)
        if known is not None and str(known) != str(text) and known is not text:
            raise ValueError(f"refusal code {code!r} registered twice with different words")
        MESSAGES[code] = text
