"""Accounts. A person in the Party is a Member; an account is how some of them (and staff of the
upper committees) log in. Rights derive from the account's place in the tree, see access.py."""
from __future__ import annotations

import secrets

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import utcnow
from ..extensions import db


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), nullable=False, unique=True)
    display_name = db.Column(db.String(120), nullable=False, default="")
    password_hash = db.Column(db.String(256), nullable=False)
    is_admin = db.Column(db.Boolean, nullable=False, default=False)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), nullable=True, unique=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    locale = db.Column(db.String(5), nullable=True)
    # Changes with every password change, so that old sessions stop working (see get_id).
    session_nonce = db.Column(db.String(32), nullable=False, default="0")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_login_at = db.Column(db.DateTime, nullable=True)

    member = db.relationship("Member", backref=db.backref("user", uselist=False))
    oversight = db.relationship("OversightGrant", cascade="all, delete-orphan", back_populates="user")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_METHOD"])
        self.session_nonce = secrets.token_hex(8)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def name(self) -> str:
        return self.display_name or (self.member.full_name if self.member else self.username)


_DUMMY_HASHES: dict[str, str] = {}


def check_without_account(password: str) -> bool:
    """The same hash work as for a real account, so that an unknown username answers as slowly as a known
    one (login timing must not tell which usernames exist). Always False."""
    method = current_app.config["PASSWORD_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    check_password_hash(_DUMMY_HASHES[method], password)
    return False


class OversightGrant(db.Model):
    """Read access to one subtree of the organisation tree (Ban Tuyên giáo, an upper committee)."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False)

    user = db.relationship(User, back_populates="oversight")
    organisation = db.relationship("Organisation")
