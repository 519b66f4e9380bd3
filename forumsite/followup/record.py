"""The one read of a forum's figures that every surface states (rules/figures.py)."""
from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..meeting import queries
from ..rules import figures as fig
from .models import PartyDocument


def vote_of(tally) -> fig.Vote:
    return fig.Vote(votes_for=tally.votes_for or 0, against=tally.votes_against or 0,
                    not_voting=tally.not_voting or 0, eligible=tally.eligible or 0,
                    present_voters=tally.present_voters or 0)


def load(forum) -> fig.Record:
    """The forum's record: the roll as the rules count it, its shows of hands and the resolution's vote
    (the vote that adopted it, or the last one that failed)."""
    stats = queries.speaker_stats(forum, queries.speakers(forum))
    closed = [t for t in queries.tallies(forum) if not t.is_open and not t.superseded]
    resolution = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum.id,
                                                                  PartyDocument.kind == "NQ"))
    votes = [t for t in closed if t.subject_kind == "resolution"]
    adopted = next((t for t in votes if resolution is not None and t.id == resolution.tally_id), None)
    adoption = adopted or (votes[-1] if votes else None)
    return fig.Record(attendance=queries.figures(forum), adoption=vote_of(adoption) if adoption else None,
                      tallies=tuple(vote_of(t) for t in closed), spoke=(stats["members_spoke"], stats["present"]))
