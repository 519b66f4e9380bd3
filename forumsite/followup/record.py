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
    # The vote that adopted it: a vote on the resolution, or (no chi ủy) the cell's vote at the forum.
    adopted = next((t for t in closed if resolution is not None and t.id == resolution.tally_id), None)
    adoption = adopted or (votes[-1] if votes else None)
    return fig.Record(attendance=queries.figures(forum), adoption=vote_of(adoption) if adoption else None,
                      tallies=tuple(vote_of(t) for t in closed), spoke=(stats["members_spoke"], stats["present"]))


def forum_decision(forum) -> list:
    """The shows of hands by which the cell adopted the chair's selection at the forum (cells without a chi
    ủy): closed, passed, not superseded."""
    return [t for t in queries.tallies(forum)
            if t.subject_kind == "tasks" and not t.is_open and t.passed and not t.superseded]


def forum_adoption(forum) -> tuple:
    """(the tally the resolution cites, its adoption line) where the cell decided at the forum; (None, "")
    where it did not (a chi ủy, or nothing passed at the forum: the cell then votes the resolution)."""
    from ..rules.decision import decided_at_forum

    votes = forum_decision(forum) if decided_at_forum(forum.cell.decision_path) else []
    if not votes:
        return None, ""
    # Voted item by item: the line states the smallest majority, which every adopted item reached.
    tally = min(votes, key=lambda t: (t.votes_for or 0, t.id))
    return tally, fig.forum_adoption_line(tally.votes_for or 0, tally.eligible or 0,
                                          forum.held_on.strftime("%d/%m/%Y"), each=len(votes) > 1)
