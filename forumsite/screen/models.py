"""The displays of a forum: each projector PC (or tablet) paired to it, with its own token and what it shows."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db

# What a display shows: the session screen (default), or one thing the secretary chose for it.
SHOWS = ("session", "document", "proposal", "clause", "selection", "conclusion", "message", "blank")


class Display(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    # Its own credential: disconnecting one display ends that display only.
    token = db.Column(db.String(64), nullable=False, unique=True)
    # The big number flashed by "Nhận diện", so that the secretary tells the screens of the room apart.
    number = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(60), nullable=False, default="")
    shows = db.Column(db.String(12), nullable=False, default="session")
    document_id = db.Column(db.Integer, db.ForeignKey("forum_document.id", ondelete="SET NULL"), nullable=True)
    page = db.Column(db.Integer, nullable=False, default=1)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="SET NULL"), nullable=True)
    clause_id = db.Column(db.Integer, db.ForeignKey("clause.id", ondelete="SET NULL"), nullable=True)
    message = db.Column(db.String(500), nullable=False, default="")
    # Until when the number is flashed (the display hides it itself after that).
    identify_until = db.Column(db.DateTime, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Written at most once a minute by the display's stream or poll, never per heartbeat.
    last_seen_at = db.Column(db.DateTime, nullable=True)
    revoked_at = db.Column(db.DateTime, nullable=True)

    forum = db.relationship("Forum")
    document = db.relationship("ForumDocument")

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return self.name or _("Màn hình %(n)s", n=self.number)
