"""The console's regions: what each shows, computed only when a region shown needs it.

A region's name is its partial (templates/meeting/_<name>.html), its DOM id and its SSE event. Answering a
change renders only the regions it changed: a captured proposal reads the proposals, not the roll, the
speaker statistics or the tallies (``NEEDS`` says what each region's partial uses)."""
from __future__ import annotations

from functools import cached_property

from flask import render_template, request

from ..clock import utcnow
from ..rules import voting
from . import queries
from .labels import ATTENDANCE_LABELS, KIND_LABELS, OPENING_STEPS, SPEAKER_STATES, TALLY_SUBJECTS
from .models import LIMITS

REGIONS = ("opening", "agenda", "speakers", "proposals", "submissions", "attendance", "tally", "conclusion",
           "displays")

# What each region's partial reads besides the forum (tests/test_console_regions.py renders each region
# from these alone and from everything, and expects the same page).
NEEDS = {
    "opening": ("steps", "figures"),
    "agenda": ("now",),
    "speakers": ("speakers", "current", "stats", "waiting", "done", "now", "people", "limits"),
    "proposals": ("proposals", "kinds", "open_tally"),
    "submissions": ("pending_submissions", "proposals", "limits"),
    "attendance": ("roll", "figures", "attendance_labels", "needed", "limits"),
    "tally": ("roll", "figures", "needed", "open_tally", "tallies", "tally_subjects", "limits"),
    "conclusion": ("proposals", "limits"),
    "displays": ("room_displays",),
}
EVERYTHING = tuple(dict.fromkeys(name for needs in NEEDS.values() for name in needs)) + ("speaker_states",)


class Facts:
    """The forum's live facts, each read on first use and kept for the rest of the response."""

    def __init__(self, forum) -> None:
        self.forum = forum
        self.now = utcnow()
        self.kinds, self.attendance_labels, self.steps = KIND_LABELS, ATTENDANCE_LABELS, OPENING_STEPS
        self.speaker_states, self.tally_subjects = SPEAKER_STATES, TALLY_SUBJECTS
        self.needed, self.limits = voting.needed_to_pass, LIMITS

    @cached_property
    def roll(self):
        return queries.roll(self.forum)

    @cached_property
    def figures(self):
        return queries.figures(self.forum, self.roll)

    @cached_property
    def speakers(self):
        return queries.speakers(self.forum)

    @cached_property
    def current(self):
        return queries.current_speaker(self.speakers)

    @cached_property
    def stats(self):
        return queries.speaker_stats(self.forum, self.speakers, self.roll)

    @cached_property
    def waiting(self):
        return [s for s in self.speakers if s.state == "waiting"]

    @cached_property
    def done(self):
        return [s for s in self.speakers if s.state == "done"]

    @cached_property
    def proposals(self):
        return queries.proposals(self.forum, request.args.get("kind") or None, request.args.get("code") or None)

    @cached_property
    def pending_submissions(self):
        """Written proposals from the phones waiting for the secretary."""
        return queries.submissions(self.forum, state="pending")

    @staticmethod
    def room_displays(forum) -> dict:
        """The room's displays (screen area): the region calls it, so that only it pays for them."""
        from ..screen.displays import console_view

        return console_view(forum)

    @cached_property
    def tallies(self):
        return queries.tallies(self.forum)

    @cached_property
    def open_tally(self):
        return queries.open_tally(self.forum)

    @cached_property
    def people(self):
        """Whom the console's name lists offer ("m12"/"g3", name, present), the present first (names.js)."""
        present = voting.PRESENT_STATUSES
        return sorted([[f"m{m.id}", m.full_name, bool(a and a.status in present)] for m, a in self.roll
                       if not m.suspended]
                      + [[f"g{g.id}", g.name, g.present] for g in self.forum.guests], key=lambda p: not p[2])


def context(forum, names=REGIONS) -> dict:
    """What the regions ``names`` show (every region: the console page)."""
    facts = Facts(forum)
    wanted = EVERYTHING if set(names) >= set(REGIONS) else dict.fromkeys(n for r in names for n in NEEDS[r])
    return {"forum": forum, **{name: getattr(facts, name) for name in wanted}}


def render(forum, names, oob: bool) -> dict[str, str]:
    """Each region's HTML, from one set of facts."""
    ctx = context(forum, names)
    return {name: render_template(f"meeting/_{name}.html", oob=oob, **ctx) for name in names}
