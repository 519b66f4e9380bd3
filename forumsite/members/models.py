"""Party members of a cell, and their transfers between cells."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db
from ..stable_ids import uuid_column
from ..vn import fold
from .labels import GENDER_LABELS, MEMBER_STATUS_LABELS, ROLE_LABELS, TRANSFER_STATUS_LABELS

STATUSES = ("chinh_thuc", "du_bi")
ROLES = ("bi_thu", "pho_bi_thu", "chi_uy_vien", "to_truong", "dang_vien")
# The roles that make up the cell's leadership: they chair the forum and manage the cell.
CHAIR_ROLES = frozenset({"bi_thu", "pho_bi_thu", "chi_uy_vien"})
FLAGS = ("exempt", "temp_in", "temp_out", "suspended")


class Member(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    cell_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False, index=True)
    full_name = db.Column(db.String(120), nullable=False)
    # Lower-case, no diacritics: what search compares against (see vn.fold).
    name_folded = db.Column(db.String(120), nullable=False, index=True)
    gender = db.Column(db.String(3), nullable=True)
    birth_year = db.Column(db.Integer, nullable=True)
    joined_on = db.Column(db.Date, nullable=True)
    official_on = db.Column(db.Date, nullable=True)
    status = db.Column(db.String(12), nullable=False, default="chinh_thuc")
    role = db.Column(db.String(16), nullable=False, default="dang_vien")
    exempt = db.Column(db.Boolean, nullable=False, default=False)
    temp_in = db.Column(db.Boolean, nullable=False, default=False)
    temp_out = db.Column(db.Boolean, nullable=False, default=False)
    suspended = db.Column(db.Boolean, nullable=False, default=False)
    # Where the forum's invitation goes (notify/): an e-mail address, else a phone number for an SMS.
    email = db.Column(db.String(254), nullable=False, default="")
    phone = db.Column(db.String(20), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    cell = db.relationship("Organisation")

    def set_name(self, full_name: str) -> None:
        self.full_name = " ".join(full_name.split())
        self.name_folded = fold(self.full_name)

    @property
    def is_official(self) -> bool:
        return self.status == "chinh_thuc"

    @property
    def is_chair(self) -> bool:
        return self.role in CHAIR_ROLES

    @property
    def status_label(self) -> str:
        return str(MEMBER_STATUS_LABELS.get(self.status, self.status))

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))

    @property
    def gender_label(self) -> str:
        return str(GENDER_LABELS.get(self.gender, "")) if self.gender else ""

    @property
    def flags(self) -> list[str]:
        return [f for f in FLAGS if getattr(self, f)]


class MemberTransfer(db.Model):
    """Chuyển sinh hoạt: the history of a member's cells."""

    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    from_cell_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False)
    to_cell_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False)
    transferred_on = db.Column(db.Date, nullable=False)
    note = db.Column(db.String(300), nullable=False, default="")
    by_user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    member = db.relationship(Member, backref=db.backref("transfers", order_by="MemberTransfer.id"))
    from_cell = db.relationship("Organisation", foreign_keys=[from_cell_id])
    to_cell = db.relationship("Organisation", foreign_keys=[to_cell_id])


TRANSFER_STATES = ("pending", "accepted", "declined", "cancelled")


class TransferRequest(db.Model):
    """Đề nghị chuyển sinh hoạt: the sending cell asks, the receiving side accepts or declines.

    Until it is accepted the member stays on the old cell's roll (and counts in its votes only); accepting
    writes the MemberTransfer of the history and moves the member."""

    __table_args__ = (db.Index("ix_transfer_request_to_status", "to_cell_id", "status"),
                      db.Index("ix_transfer_request_from_status", "from_cell_id", "status"))

    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    from_cell_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False)
    to_cell_id = db.Column(db.Integer, db.ForeignKey("organisation.id"), nullable=False)
    transferred_on = db.Column(db.Date, nullable=False)
    note = db.Column(db.String(300), nullable=False, default="")
    status = db.Column(db.String(12), nullable=False, default="pending")
    requested_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    transfer_id = db.Column(db.Integer, db.ForeignKey("member_transfer.id", ondelete="SET NULL"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_at = db.Column(db.DateTime, nullable=True)

    member = db.relationship(Member, backref=db.backref("transfer_requests", order_by="TransferRequest.id"))
    from_cell = db.relationship("Organisation", foreign_keys=[from_cell_id])
    to_cell = db.relationship("Organisation", foreign_keys=[to_cell_id])
    requested_by = db.relationship("User", foreign_keys=[requested_by_id])

    @property
    def is_pending(self) -> bool:
        return self.status == "pending"

    @property
    def status_label(self) -> str:
        return str(TRANSFER_STATUS_LABELS.get(self.status, self.status))
