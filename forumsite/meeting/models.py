"""The record of a live session: attendance, speakers, proposals, show-of-hands tallies."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db
from ..rules.voting import COUNT_ALL
from ..stable_ids import uuid_column
from .labels import KIND_LABELS, SUBMISSION_STATES

# How long each typed text may be: named once for the form (its Length), the page (its maxlength) and the
# column. The Text columns have no size of their own: the form is their only bound.
REASON_MAX = 200        # Attendance.reason: why someone is absent
NAME_MAX = 120          # a speaker's or an author's name
NOTE_MAX = 5000         # Speaker.note: the secretary's note on a speech
CODES_MAX = 200         # the catalogue codes typed beside a note ("BH5 NV3")
TEXT_MAX = 4000         # Proposal.text (one captured line) and Reservation.text (a reserved opinion)
SUBJECT_MAX = 2000      # Tally.subject: what the show of hands is about
CORRECTION_MAX = 300    # Tally.correction_reason: why a show of hands is held again
CONCLUSION_MAX = 20000  # Forum.conclusion: the chair's conclusion
DECLINE_REASON_MAX = 300  # Submission.reason: why the secretary did not take a written proposal
# Proposals checked for one merge or one show of hands: more than a forum's secretary ever ticks.
SELECTED_MAX = 200
LIMITS = {"reason": REASON_MAX, "name": NAME_MAX, "note": NOTE_MAX, "codes": CODES_MAX, "text": TEXT_MAX,
          "subject": SUBJECT_MAX, "correction": CORRECTION_MAX, "conclusion": CONCLUSION_MAX,
          "decline_reason": DECLINE_REASON_MAX}


class Attendance(db.Model):
    __table_args__ = (db.UniqueConstraint("forum_id", "member_id"),
                      db.Index("ix_attendance_forum_status", "forum_id", "status"))

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    status = db.Column(db.String(20), nullable=False)  # present | late | absent_excused | absent_unexcused
    reason = db.Column(db.String(REASON_MAX), nullable=False, default="")
    marked_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    member = db.relationship("Member")


class Speaker(db.Model):
    """One entry of the list of speakers. Its state derives from its timestamps:
    waiting (no begin), speaking (begin, no end, no pause), paused (pause set), done (end)."""

    # Covers "who spoke at which forum", counted across a province by the oversight pages.
    __table_args__ = (db.Index("ix_speaker_forum_member", "forum_id", "member_id", "begin_time"),)

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_item.id", ondelete="SET NULL"), nullable=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), nullable=True)
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="SET NULL"), nullable=True)
    name = db.Column(db.String(NAME_MAX), nullable=False)
    weight = db.Column(db.Integer, nullable=False, default=0)  # queue order
    requested = db.Column(db.Boolean, nullable=False, default=False)  # asked from the phone
    limit_seconds = db.Column(db.Integer, nullable=False, default=300)
    begin_time = db.Column(db.DateTime, nullable=True)
    pause_time = db.Column(db.DateTime, nullable=True)
    paused_seconds = db.Column(db.Integer, nullable=False, default=0)
    end_time = db.Column(db.DateTime, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")
    codes = db.Column(db.JSON, nullable=False, default=list)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    member = db.relationship("Member")
    guest = db.relationship("Guest")

    @property
    def state(self) -> str:
        if self.end_time is not None:
            return "done"
        if self.begin_time is None:
            return "waiting"
        return "paused" if self.pause_time is not None else "speaking"

    def spoken_seconds(self, now=None) -> int:
        if self.begin_time is None:
            return 0
        until = self.end_time or self.pause_time or now or utcnow()
        return max(0, int((until - self.begin_time).total_seconds()) - self.paused_seconds)

    def ends_at(self):
        """When the countdown reaches zero, as an absolute time (only while speaking)."""
        if self.state != "speaking":
            return None
        from datetime import timedelta

        return self.begin_time + timedelta(seconds=self.limit_seconds + self.paused_seconds)


class Proposal(db.Model):
    """One line the secretary captured: a solution, a good model, a recommendation upward, …"""

    __table_args__ = (db.UniqueConstraint("forum_id", "idempotency_key"),
                      # Covers the oversight counts (live proposals by kind per forum) without reading rows.
                      db.Index("ix_proposal_forum_live", "forum_id", "deleted_at", "merged_into_id", "kind"))

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    agenda_item_id = db.Column(db.Integer, db.ForeignKey("agenda_item.id", ondelete="SET NULL"), nullable=True)
    speaker_id = db.Column(db.Integer, db.ForeignKey("speaker.id", ondelete="SET NULL"), nullable=True)
    author_member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), nullable=True)
    author_name = db.Column(db.String(NAME_MAX), nullable=False, default="")
    kind = db.Column(db.String(20), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    codes = db.Column(db.JSON, nullable=False, default=list)
    # Sent by the browser with each submission: a resend after a lost answer finds the first one.
    idempotency_key = db.Column(db.String(64), nullable=False)
    merged_into_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="SET NULL"), nullable=True)
    deleted_at = db.Column(db.DateTime, nullable=True)
    adopted = db.Column(db.Boolean, nullable=False, default=False)  # chosen and voted at the forum
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    edited_at = db.Column(db.DateTime, nullable=True)

    agenda_item = db.relationship("AgendaItem")

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def live(self) -> bool:
        return self.deleted_at is None and self.merged_into_id is None

    @property
    def plain_text(self) -> str:
        """The words without their tags: what a clause, a document, a task or a public page may say. New
        proposals are captured that way; records captured before codes became tags still carry them."""
        from .capture import without_codes

        return without_codes(self.text, set(self.codes or [])) if self.codes else self.text


class Tally(db.Model):
    """A show of hands. Counted by the secretary, decided by the rules; never edited once closed —
    a correction is a new tally that supersedes it."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False, index=True)
    # proposal | proposals | tasks | resolution | minutes | other
    subject_kind = db.Column(db.String(20), nullable=False)
    subject = db.Column(db.Text, nullable=False)
    proposal_ids = db.Column(db.JSON, nullable=False, default=list)
    method = db.Column(db.String(20), nullable=False, default=COUNT_ALL)  # rules/voting.py TALLY_METHODS
    votes_for = db.Column(db.Integer, nullable=True)
    votes_against = db.Column(db.Integer, nullable=True)
    not_voting = db.Column(db.Integer, nullable=True)
    # Snapshotted when the count closes: who could vote, and against how many the verdict was measured.
    eligible = db.Column(db.Integer, nullable=True)
    present_voters = db.Column(db.Integer, nullable=True)
    electorate = db.Column(db.JSON, nullable=False, default=list)
    passed = db.Column(db.Boolean, nullable=True)
    opened_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    closed_at = db.Column(db.DateTime, nullable=True)
    supersedes_id = db.Column(db.Integer, db.ForeignKey("tally.id", ondelete="SET NULL"), nullable=True)
    superseded = db.Column(db.Boolean, nullable=False, default=False)
    correction_reason = db.Column(db.String(CORRECTION_MAX), nullable=False, default="")

    reservations = db.relationship("Reservation", order_by="Reservation.id", cascade="all, delete-orphan",
                                   back_populates="tally")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Reservation(db.Model):
    """Ý kiến bảo lưu: a minority opinion reserved and reported upward (Điều lệ Điều 9.5)."""

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    tally_id = db.Column(db.Integer, db.ForeignKey("tally.id", ondelete="CASCADE"), nullable=False, index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), nullable=True)
    author_name = db.Column(db.String(NAME_MAX), nullable=False)
    text = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    tally = db.relationship(Tally, back_populates="reservations")


# How long a written proposal sent from a phone may be: the column, the form's maxlength and the check in the
# action all read this one number.
SUBMISSION_MAX = 2000
SUBMISSION_MAX_CODES = 10


class Submission(db.Model):
    """A written proposal a member sent from a phone (before or during the forum). It waits for the secretary,
    who accepts it (it becomes a Proposal authored by the member), merges it into a proposal already made, or
    declines it with a reason the member reads."""

    __table_args__ = (db.Index("ix_submission_forum_state", "forum_id", "state"),)

    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    text = db.Column(db.String(SUBMISSION_MAX), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    codes = db.Column(db.JSON, nullable=False, default=list)
    state = db.Column(db.String(20), nullable=False, default="pending")  # pending | accepted | merged | declined
    reason = db.Column(db.String(DECLINE_REASON_MAX), nullable=False, default="")  # why it was declined
    # The proposal it became (accepted) or was merged into.
    proposal_id = db.Column(db.Integer, db.ForeignKey("proposal.id", ondelete="SET NULL"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_at = db.Column(db.DateTime, nullable=True)

    member = db.relationship("Member")

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def state_label(self) -> str:
        return str(SUBMISSION_STATES.get(self.state, self.state))
