"""Where a forum is while it is held offline, and what came back from the meeting room."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db
from ..stable_ids import uuid_column


class ForumCheckout(db.Model):
    """The chair took the forum to the meeting room (server side). Active while neither cancelled nor
    returned; ``Forum.checkout_id`` points at the active one, so the refusal costs no query."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the package's id, stated in its manifest
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    username = db.Column(db.String(80), nullable=False, default="")
    destination = db.Column(db.String(300), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The roll and the agenda as they left: what a returning record is compared with (rules/offline.py).
    base = db.Column(db.JSON, nullable=False, default=dict)
    cancelled_at = db.Column(db.DateTime, nullable=True)
    cancelled_by = db.Column(db.String(80), nullable=False, default="")
    returned_at = db.Column(db.DateTime, nullable=True)

    forum = db.relationship("Forum", foreign_keys=[forum_id])

    @property
    def active(self) -> bool:
        return self.cancelled_at is None and self.returned_at is None


class OfflineCheckin(db.Model):
    """A record from a laptop applied on this server: its id makes a second sending a no-op."""

    id = db.Column(db.Integer, primary_key=True)
    record_uuid = db.Column(db.String(64), nullable=False, unique=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    source = db.Column(db.String(200), nullable=False, default="")  # the laptop's name, from the manifest
    username = db.Column(db.String(80), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    counts = db.Column(db.JSON, nullable=False, default=dict)
    # What the chair should know: differences accepted, documents renumbered (shown on the forum's page).
    notes = db.Column(db.JSON, nullable=False, default=list)


class LaptopCopy(db.Model):
    """A forum imported from a package (laptop side): where it came from and the roll and agenda it came with."""

    id = db.Column(db.Integer, primary_key=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, unique=True)
    package_uuid = db.Column(db.String(32), nullable=False)
    server_forum_id = db.Column(db.Integer, nullable=True)  # the forum's id on the server (forum-send posts there)
    source = db.Column(db.String(200), nullable=False, default="")
    imported_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The last audit entry before the import: the laptop's own trail of this forum starts after it.
    audit_from = db.Column(db.Integer, nullable=False, default=0)
    base = db.Column(db.JSON, nullable=False, default=dict)
    documents = db.Column(db.JSON, nullable=False, default=list)  # uuids of the documents the package carried


class NumberingFloor(db.Model):
    """The highest number a kind of document reached in a term on the server (laptop side): a laptop that
    adopts a resolution numbers it after the server's, as the server would (followup.adopt_document)."""

    __table_args__ = (db.UniqueConstraint("organisation_id", "kind", "term_start"),)

    id = db.Column(db.Integer, primary_key=True)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(4), nullable=False)
    term_start = db.Column(db.Date, nullable=True)
    last_number = db.Column(db.Integer, nullable=False, default=0)
