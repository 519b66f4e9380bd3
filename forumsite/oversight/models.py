"""What an upper unit chose to show the press: good models, reworded for the public."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db


class PublishedModel(db.Model):
    """A good model (a clause the committee marked) published on the unit's public page.

    The public text is written at publication, starting from the clause, so that the unit decides what
    leaves the intranet: no member names, no internal figures."""

    __table_args__ = (db.UniqueConstraint("unit_id", "clause_id"),)

    id = db.Column(db.Integer, primary_key=True)
    unit_id = db.Column(db.Integer, db.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    clause_id = db.Column(db.Integer, db.ForeignKey("clause.id", ondelete="CASCADE"), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False)
    published_by = db.Column(db.String(80), nullable=False, default="")
    published_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    clause = db.relationship("Clause")
