"""The reference catalogue the forum discusses: the 27 manifestations (Nghị quyết 04-NQ/TW), the
10 key party-building tasks, Chỉ thị 05-CT/TW. Shipped as data (reference.yaml), edited with history."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db
from . import wording

KINDS = ("manifestation", "key_task", "directive")
# How sure the wording in ``text`` is (research-2026-12.md §0): seen verbatim in two independent
# reproductions or checked against the official book; seen in one reproduction only; not found.
CERTAINTIES = ("verified", "single_source", "unverified")
EDITABLE = ("subject", "text", "certainty", "source", "sources", "note")


class CatalogueGroup(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)
    label = db.Column(db.String(200), nullable=False)
    # An open question about the group as a whole (e.g. 5 or 10 key tasks), with where it comes from.
    note = db.Column(db.Text, nullable=False, default="")
    sources = db.Column(db.JSON, nullable=False, default=list)
    position = db.Column(db.Integer, nullable=False, default=0)


class CatalogueItem(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    # What the secretary types: BH5 for manifestation 5, NV3 for key task 3.
    code = db.Column(db.String(10), nullable=False, unique=True)
    kind = db.Column(db.String(20), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    group_code = db.Column(db.String(20), db.ForeignKey("catalogue_group.code"), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    text = db.Column(db.Text, nullable=False, default="")
    certainty = db.Column(db.String(20), nullable=False, default="unverified")
    # The document the wording belongs to (e.g. Nghị quyết 04-NQ/TW ngày 30/10/2016) ...
    source = db.Column(db.Text, nullable=False, default="")
    # ... and where it was read: [{"name", "url", "note"}], the reproductions the certainty rests on.
    sources = db.Column(db.JSON, nullable=False, default=list)
    note = db.Column(db.Text, nullable=False, default="")
    position = db.Column(db.Integer, nullable=False, default=0)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    group = db.relationship(CatalogueGroup)
    changes = db.relationship("CatalogueChange", order_by="CatalogueChange.id.desc()", back_populates="item",
                              cascade="all, delete-orphan")

    @property
    def verified(self) -> bool:
        return self.certainty == "verified"

    @property
    def is_excerpt(self) -> bool:
        """Only part of the item was found: the text begins or ends with an ellipsis."""
        return wording.is_excerpt(self.text)

    @property
    def quotable(self) -> bool:
        return wording.quotable(self.certainty, self.text)

    def snapshot(self) -> dict:
        return {key: getattr(self, key) for key in EDITABLE}


class CatalogueChange(db.Model):
    """One edit of an item: who, when, and the values before and after."""

    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(db.Integer, db.ForeignKey("catalogue_item.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    username = db.Column(db.String(80), nullable=False, default="")
    reason = db.Column(db.String(40), nullable=False, default="edit")  # edit | import | shipped (init-db)
    before = db.Column(db.JSON, nullable=False, default=dict)
    after = db.Column(db.JSON, nullable=False, default=dict)

    item = db.relationship(CatalogueItem, back_populates="changes")
