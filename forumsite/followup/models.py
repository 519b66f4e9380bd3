"""After the forum: the committee's review, the clauses it composes from proposals (with their
provenance), the cell's Party documents (resolution, minutes) edited section by section."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db
from ..org.models import PLACE_NAME_MAX
from ..rules import documents as doc_rules
from ..stable_ids import uuid_column

# How long what people type here may be, named once: the column (where it has a length), the form's Length
# validator (followup/forms.py) and the template's maxlength (``limits.followup.<name>``, templating.py).
LIMITS = {
    "clause": 4000, "owner": 200, "attendees": 2000, "notes": 5000, "section": 50000, "reason": 1000,
    "task_note": 2000, "answer": 4000, "term_label": 100, "place_name": PLACE_NAME_MAX,
}


class CellTerm(db.Model):
    """A term of the cell (nhiệm kỳ đại hội chi bộ): document numbers restart with each."""

    __table_args__ = (db.UniqueConstraint("organisation_id", "starts_on"),)

    id = db.Column(db.Integer, primary_key=True)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False,
                                index=True)
    starts_on = db.Column(db.Date, nullable=False)
    label = db.Column(db.String(LIMITS["term_label"]), nullable=False, default="")


class Review(db.Model):
    """The chi ủy's meeting after the forum (họp chi ủy)."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, unique=True)
    met_on = db.Column(db.Date, nullable=True)
    attendees = db.Column(db.Text, nullable=False, default="")
    notes = db.Column(db.Text, nullable=False, default="")


class Clause(db.Model):
    """A solution, task or model the committee keeps, reworded from one or more proposals."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    section = db.Column(db.String(20), nullable=False, default="task")  # objective | task | model
    text = db.Column(db.Text, nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    owner = db.Column(db.String(LIMITS["owner"]), nullable=False, default="")
    deadline = db.Column(db.Date, nullable=True)
    good_model = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    sources = db.relationship("ClauseSource", cascade="all, delete-orphan", back_populates="clause",
                              order_by="ClauseSource.id")


class ClauseSource(db.Model):
    """Provenance: which captured proposal (and so which member) a clause comes from."""

    __table_args__ = (db.UniqueConstraint("clause_id", "proposal_id"),)

    id = db.Column(db.Integer, primary_key=True)
    clause_id = db.Column(db.Integer, db.ForeignKey("clause.id", ondelete="CASCADE"), nullable=False, index=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False)

    clause = db.relationship(Clause, back_populates="sources")
    proposal = db.relationship("Proposal")


class PartyDocument(db.Model):
    """A resolution (NQ) or minutes (BB) of the cell, numbered per kind per term once adopted."""

    __table_args__ = (db.UniqueConstraint("organisation_id", "kind", "term_start", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False)
    kind = db.Column(db.String(4), nullable=False)  # NQ | BB
    status = db.Column(db.String(12), nullable=False, default=doc_rules.DRAFT)  # DRAFT | ADOPTED
    number = db.Column(db.Integer, nullable=True)
    term_start = db.Column(db.Date, nullable=True)
    issued_on = db.Column(db.Date, nullable=True)
    tally_id = db.Column(db.Integer, db.ForeignKey("tally.id", ondelete="SET NULL"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # A report (BC) sent upward: the parent organisation marks it received.
    received_at = db.Column(db.DateTime, nullable=True)
    received_by = db.Column(db.String(80), nullable=False, default="")

    sections = db.relationship("DocumentSection", cascade="all, delete-orphan", back_populates="document",
                               order_by="DocumentSection.position")
    corrections = db.relationship("DocumentCorrection", cascade="all, delete-orphan",
                                  order_by="DocumentCorrection.id")

    @property
    def locked(self) -> bool:
        return self.status != doc_rules.DRAFT


class DocumentSection(db.Model):
    """One section of a document, edited on its own, with a version for optimistic locking."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    document_id = db.Column(db.Integer, db.ForeignKey("party_document.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    key = db.Column(db.String(30), nullable=False)
    title = db.Column(db.String(200), nullable=False, default="")
    position = db.Column(db.Integer, nullable=False, default=0)
    text = db.Column(db.Text, nullable=False, default="")
    version = db.Column(db.Integer, nullable=False, default=1)
    updated_by = db.Column(db.String(80), nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    document = db.relationship(PartyDocument, back_populates="sections")
    versions = db.relationship("SectionVersion", cascade="all, delete-orphan", order_by="SectionVersion.version")


class SectionVersion(db.Model):
    __table_args__ = (db.UniqueConstraint("section_id", "version"),)

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    section_id = db.Column(db.Integer, db.ForeignKey("document_section.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    version = db.Column(db.Integer, nullable=False)
    text = db.Column(db.Text, nullable=False)
    username = db.Column(db.String(80), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)


class DocumentCorrection(db.Model):
    """Đính chính: a change to an adopted document by its chair, with the reason. The number stays; the
    corrected section gets a new version and every version before it is kept."""

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.Integer, db.ForeignKey("party_document.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    section_id = db.Column(db.Integer, db.ForeignKey("document_section.id", ondelete="CASCADE"), nullable=False)
    version = db.Column(db.Integer, nullable=False)  # the section's version the correction wrote
    reason = db.Column(db.Text, nullable=False)
    username = db.Column(db.String(80), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    section = db.relationship("DocumentSection")


class Task(db.Model):
    """A clause of an adopted resolution, followed up until done."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False, index=True)
    # Indexed: the oversight pages count tasks per forum across a whole province.
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    clause_id = db.Column(db.Integer, db.ForeignKey("clause.id", ondelete="SET NULL"), nullable=True, index=True)
    text = db.Column(db.Text, nullable=False)
    owner = db.Column(db.String(LIMITS["owner"]), nullable=False, default="")
    deadline = db.Column(db.Date, nullable=True)
    status = db.Column(db.String(12), nullable=False, default="open")  # open | done
    done_on = db.Column(db.Date, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    notes = db.relationship("TaskNote", cascade="all, delete-orphan", order_by="TaskNote.id")

    def overdue(self, today) -> bool:
        return self.status == "open" and self.deadline is not None and self.deadline < today


class TaskNote(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    task_id = db.Column(db.Integer, db.ForeignKey("task.id", ondelete="CASCADE"), nullable=False, index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    username = db.Column(db.String(80), nullable=False, default="")
    text = db.Column(db.Text, nullable=False)


class RecommendationAnswer(db.Model):
    """The upper committee's answer to a recommendation (kiến nghị) raised at a forum."""

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False, unique=True)
    text = db.Column(db.Text, nullable=False)
    username = db.Column(db.String(80), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
