"""The session screen's regions, rendered on the server: the same fragments for the full page,
the stream and the polling fallback (one context computed per render)."""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from ..clock import utcnow
from ..meeting import queries
from ..meeting.labels import KIND_LABELS, TALLY_SUBJECTS
from ..rules import voting

REGIONS = ("header", "agenda", "speaker", "proposals", "tally", "overlay")


def context(forum, audience: str) -> dict:
    speakers = queries.speakers(forum)
    proposals = queries.proposals(forum)
    tallies = queries.tallies(forum)
    closed = [t for t in tallies if not t.is_open and not t.superseded]
    counts = {kind: 0 for kind in KIND_LABELS}
    for p in proposals:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    open_tally = next((t for t in tallies if t.is_open), None)
    shown = open_tally or (closed[-1] if closed else None)
    return {
        "forum": forum, "audience": audience, "now": utcnow(),
        "selection": _selection(shown, proposals),
        "current": queries.current_speaker(speakers),
        "next_speakers": [s for s in speakers if s.state == "waiting"][:4],
        "proposals": proposals[:6], "kind_counts": counts, "kinds": KIND_LABELS,
        "open_tally": open_tally,
        "last_tally": closed[-1] if closed else None, "tally_subjects": TALLY_SUBJECTS,
        "needed": voting.needed_to_pass,
        # Who is in the room, as the quorum rules count it: the header shows it to everyone.
        "attendance": queries.figures(forum) if forum.status != "published" else None,
    }


def _selection(tally, proposals) -> list:
    """The chair's selection the cell votes on at the forum (no chi ủy), in the chair's order: projected as a
    numbered list, one item per proposal (duplicates merged into it included)."""
    if tally is None or tally.subject_kind != "tasks":
        return []
    by_id = {p.id: p for p in proposals}
    return [by_id[i] for i in tally.proposal_ids or [] if i in by_id]


def regions(forum, audience: str, names=REGIONS) -> dict[str, str]:
    ctx = context(forum, audience)
    # Our own templates, autoescaped when rendered: safe to embed in the page as they are.
    return {name: Markup(render_template(f"screen/_{name}.html", **ctx)) for name in names}
