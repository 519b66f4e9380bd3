"""The Party organisation tree, any depth, stored with a materialised path for subtree queries."""
from __future__ import annotations

import sqlalchemy as sa

from ..clock import utcnow
from ..extensions import db
from ..rules import organisation as rules
from ..stable_ids import uuid_column
from .labels import ORG_KIND_LABELS

PLACE_NAME_MAX = 100  # the column, the document settings form and its maxlength


class GrassrootsType(db.Model):
    """Loại hình tổ chức cơ sở đảng: a list each province configures (organization.md §4)."""

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    # Rural types (xã, thị trấn) invite the Fatherland Front and mass organisations to the forum.
    rural = db.Column(db.Boolean, nullable=False, default=False)
    position = db.Column(db.Integer, nullable=False, default=0)


class Organisation(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    parent_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=True, index=True)
    name = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(40), nullable=False, index=True)
    grassroots_type_id = db.Column(db.Integer, db.ForeignKey("grassroots_type.id"), nullable=True)
    is_pilot = db.Column(db.Boolean, nullable=False, default=False)
    has_committee = db.Column(db.Boolean, nullable=False, default=False)
    # An upper unit's public page of good models, for the press (closed unless the unit opens it).
    public_gallery = db.Column(db.Boolean, nullable=False, default=False)
    # Địa danh for the date line of the cell's documents ("Hải Phú, ngày …").
    place_name = db.Column(db.String(PLACE_NAME_MAX), nullable=False, default="")
    # "/1/4/9/": ancestors and self. A subtree is every path that starts with this one.
    path = db.Column(db.String(400), nullable=False, default="/", index=True)
    depth = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    parent = db.relationship("Organisation", remote_side=[id], backref="children")
    terms = db.relationship("CellTerm", order_by="CellTerm.starts_on", cascade="all, delete-orphan")
    grassroots_type = db.relationship(GrassrootsType)

    @property
    def is_cell(self) -> bool:
        return rules.is_cell(self.kind)

    @property
    def is_grassroots(self) -> bool:
        return rules.is_grassroots(self.kind)

    @property
    def kind_label(self) -> str:
        return str(ORG_KIND_LABELS.get(self.kind, self.kind))

    @property
    def decision_path(self) -> str:
        """Who decides what the forum leads to (rules/decision.py): the chi ủy, or the cell at the forum."""
        from ..rules.decision import path_for

        return path_for(self.has_committee)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def ancestors(self) -> list["Organisation"]:
        """From the root down to the parent, in one query."""
        ids = self.ancestor_ids[:-1]
        if not ids:
            return []
        found = {o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    def grassroots(self) -> "Organisation | None":
        """The tổ chức cơ sở đảng this organisation belongs to (itself, for a grassroots one)."""
        if self.is_grassroots:
            return self
        for org in reversed(self.ancestors()):
            if org.is_grassroots:
                return org
        return None

    def effective_type(self) -> GrassrootsType | None:
        """A chi bộ trực thuộc reports under the type of its grassroots organisation."""
        root = self.grassroots()
        return root.grassroots_type if root else None

    def subtree_filter(self, column=None):
        """SQL condition: ``column`` (an organisation path) lies in this subtree."""
        column = Organisation.path if column is None else column
        return column.startswith(self.path, autoescape=True)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
