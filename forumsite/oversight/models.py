"""What an upper unit chose to show the press: good models, reworded for the public."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db

# The public wording of a good model: the column, the publish form's Length and the template's maxlength.
LIMITS = {"title": 200, "description": 4000}


class PublishedModel(db.Model):
    """A good model (a clause the committee marked) published on the unit's public page.

    The public text is written at publication, starting from the clause, so that the unit decides what
    leaves the intranet: no member names, no internal figures."""

    __table_args__ = (db.UniqueConstraint("unit_id", "clause_id"),)

    id = db.Column(db.Integer, primary_key=True)
    unit_id = db.Column(db.Integer, db.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    clause_id = db.Column(db.Integer, db.ForeignKey("clause.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(LIMITS["title"]), nullable=False)
    description = db.Column(db.Text, nullable=False)
    published_by = db.Column(db.String(80), nullable=False, default="")
    published_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    clause = db.relationship("Clause")


class ForumStats(db.Model):
    """A forum's participation figures, kept so that a province's dashboard need not count half a million
    rows on every view. A row is valid while ``version`` equals the forum's ``live_version`` (every live
    change bumps it) and is deleted whenever an attendance, speaker or proposal of the forum is written
    through the ORM (stats.py); a missing or stale row is recomputed on the next read."""

    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), primary_key=True)
    version = db.Column(db.Integer, nullable=False)
    roll = db.Column(db.Integer, nullable=False, default=0)
    present = db.Column(db.Integer, nullable=False, default=0)
    spoke = db.Column(db.Integer, nullable=False, default=0)
    proposals = db.Column(db.Integer, nullable=False, default=0)
    recommendations = db.Column(db.Integer, nullable=False, default=0)
    models = db.Column(db.Integer, nullable=False, default=0)
