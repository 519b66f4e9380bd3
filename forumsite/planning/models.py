"""The plan an upper committee issues, and each cell's forums: agenda, guests, documents."""
from __future__ import annotations

import datetime as dt

from ..clock import utcnow
from ..extensions import db
from ..stable_ids import uuid_column
from .labels import FORUM_STATUS_LABELS, GUEST_LABELS, MODE_LABELS

# The chair's message over the projector: the form's Length, the console's maxlength and the column.
OVERLAY_MESSAGE_MAX = 500


class Plan(db.Model):
    """Kế hoạch: e.g. 47-KH/TU ngày 22/3/2017 của Ban Thường vụ Tỉnh ủy Quảng Trị."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False, index=True)
    number = db.Column(db.String(40), nullable=False)
    issued_on = db.Column(db.Date, nullable=False)
    issuer = db.Column(db.String(200), nullable=False)
    theme = db.Column(db.Text, nullable=False)
    pilot_from = db.Column(db.Date, nullable=True)
    evaluation_by = db.Column(db.Date, nullable=True)
    rollout_from = db.Column(db.Date, nullable=True)
    min_forums = db.Column(db.Integer, nullable=False, default=1)
    max_forums = db.Column(db.Integer, nullable=False, default=2)
    # "Lựa chọn mỗi loại hình TCCS Đảng ít nhất 01 chi bộ để chỉ đạo điểm".
    pilot_per_type = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    organisation = db.relationship("Organisation")

    @property
    def label(self) -> str:
        from ..vn import format_short_date

        return f"{self.number}, {format_short_date(self.issued_on)}"


class Forum(db.Model):
    # The oversight pages read a year of forums by cell.
    __table_args__ = (db.Index("ix_forum_cell_held", "cell_id", "held_on", "status"),)

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    cell_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False, index=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("plan.id"), nullable=True)
    title = db.Column(db.Text, nullable=False)
    held_on = db.Column(db.Date, nullable=False, index=True)
    starts_at = db.Column(db.Time, nullable=False)
    place = db.Column(db.String(200), nullable=False, default="")
    mode = db.Column(db.String(20), nullable=False, default="standalone")
    parts = db.Column(db.JSON, nullable=False, default=list)
    secretary_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), nullable=True)
    status = db.Column(db.String(20), nullable=False, default="draft", index=True)
    approved_by = db.Column(db.String(10), nullable=True)  # chi_uy | bi_thu (HD 12)
    approved_on = db.Column(db.Date, nullable=True)
    approval_note = db.Column(db.String(300), nullable=False, default="")
    published_at = db.Column(db.DateTime, nullable=True)
    # The live session (times are UTC; states derive from them, as in OpenSlides).
    opened_at = db.Column(db.DateTime, nullable=True)
    concluded_at = db.Column(db.DateTime, nullable=True)
    current_item_id = db.Column(db.Integer, db.ForeignKey("agenda_item.id", use_alter=True,
                                                          ondelete="SET NULL"), nullable=True)
    opening_steps = db.Column(db.JSON, nullable=False, default=list)
    speaking_limit = db.Column(db.Integer, nullable=False, default=300)  # seconds per speech
    conclusion = db.Column(db.Text, nullable=False, default="")
    # The catalogue codes the chair confirmed members related themselves to: the only ones a draft names
    # (codes typed in proposals are tags for finding them, never a statement in a Party document).
    related_codes = db.Column(db.JSON, nullable=False, default=list)
    # The projector: an unguessable link (no login), the chair's overlay and the theme.
    display_token = db.Column(db.String(64), nullable=True, unique=True)
    overlay_mode = db.Column(db.String(10), nullable=False, default="")  # "" | message | blank
    overlay_message = db.Column(db.String(OVERLAY_MESSAGE_MAX), nullable=False, default="")
    screen_theme = db.Column(db.String(10), nullable=False, default="light")
    # A short code typed at /p on the projector PC instead of the long link: single use, a few minutes.
    pairing_code = db.Column(db.String(8), nullable=True, index=True)
    pairing_expires_at = db.Column(db.DateTime, nullable=True)
    # While the forum is held on a meeting-room laptop (forumsite/offline): the check-out that holds it.
    checkout_id = db.Column(db.Integer, db.ForeignKey("forum_checkout.id", use_alter=True, ondelete="SET NULL"),
                            nullable=True)
    # Bumped by every change of the live session: screens that poll ask "anything newer than N?".
    live_version = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    cell = db.relationship("Organisation")
    current_item = db.relationship("AgendaItem", foreign_keys=[current_item_id], post_update=True)
    plan = db.relationship(Plan)
    secretary = db.relationship("Member")
    checkout = db.relationship("ForumCheckout", foreign_keys=[checkout_id], post_update=True)
    agenda = db.relationship("AgendaItem", order_by="AgendaItem.position", back_populates="forum",
                             cascade="all, delete-orphan", foreign_keys="AgendaItem.forum_id")
    guests = db.relationship("Guest", order_by="Guest.id", back_populates="forum", cascade="all, delete-orphan")
    documents = db.relationship("ForumDocument", order_by="ForumDocument.id", back_populates="forum",
                                cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        if self.status == "in_review" and not self.cell.has_committee:
            from .labels import IN_REVIEW_AT_FORUM

            return str(IN_REVIEW_AT_FORUM)  # no chi ủy reviews: the chair writes up what the cell voted
        return str(FORUM_STATUS_LABELS.get(self.status, self.status))

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS.get(self.mode, self.mode))

    @property
    def planned_minutes(self) -> int:
        return sum(item.planned_minutes for item in self.agenda)

    @property
    def starts_at_datetime(self) -> dt.datetime:
        return dt.datetime.combine(self.held_on, self.starts_at)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


class AgendaItem(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    code = db.Column(db.String(30), nullable=True)  # the framework item it came from, if any
    title = db.Column(db.String(400), nullable=False)
    planned_minutes = db.Column(db.Integer, nullable=False, default=10)
    presenter = db.Column(db.String(200), nullable=False, default="")
    started_at = db.Column(db.DateTime, nullable=True)
    ended_at = db.Column(db.DateTime, nullable=True)

    forum = db.relationship(Forum, back_populates="agenda", foreign_keys=[forum_id])

    @property
    def actual_seconds(self) -> int | None:
        if self.started_at is None:
            return None
        from ..clock import utcnow as now

        return int(((self.ended_at or now()) - self.started_at).total_seconds())


class Guest(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    position = db.Column(db.String(200), nullable=False, default="")
    organisation = db.Column(db.String(200), nullable=False, default="")
    category = db.Column(db.String(30), nullable=False, default="other")
    present = db.Column(db.Boolean, nullable=False, default=False)

    forum = db.relationship(Forum, back_populates="guests")

    @property
    def category_label(self) -> str:
        return str(GUEST_LABELS.get(self.category, self.category))


class ForumDocument(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(20), nullable=False, default="khac")
    title = db.Column(db.String(200), nullable=False)
    filename = db.Column(db.String(200), nullable=False)
    stored_name = db.Column(db.String(80), nullable=False, unique=True)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    uploaded_by = db.Column(db.String(80), nullable=False, default="")
    uploaded_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    forum = db.relationship(Forum, back_populates="documents")


class AgendaTemplateItem(db.Model):
    """The framework programme, editable by administrators; new forums start from it."""

    id = db.Column(db.Integer, primary_key=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    code = db.Column(db.String(30), nullable=False, unique=True)
    part = db.Column(db.String(30), nullable=True)
    title = db.Column(db.String(400), nullable=False)
    planned_minutes = db.Column(db.Integer, nullable=False, default=10)
    presenter = db.Column(db.String(200), nullable=False, default="")
    without_committee_only = db.Column(db.Boolean, nullable=False, default=False)
