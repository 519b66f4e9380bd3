"""The audit trail: one row per change, written in the same transaction as the change itself."""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from ..clock import utcnow
from ..extensions import db
from ..stable_ids import uuid_column


class AuditEntry(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = uuid_column()  # the same on the server and a meeting-room laptop (forumsite/offline)
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    # Kept as text so the entry still says who acted after the account is gone.
    username = db.Column(db.String(80), nullable=False, default="")
    action = db.Column(db.String(60), nullable=False, index=True)
    object_type = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=True)
    # The organisation the change belongs to, so that a chair reads only the cell's trail.
    organisation_id = db.Column(db.Integer, db.ForeignKey("organisation.id", ondelete="SET NULL"),
                                nullable=True, index=True)
    details = db.Column(db.JSON, nullable=False, default=dict)
    ip = db.Column(db.String(64), nullable=False, default="")


def current_actor(actor=None):
    """The account acting: ``actor`` if given, else the logged-in user, else None (the CLI)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return actor


def actor_name(actor=None) -> str:
    actor = current_actor(actor)
    return getattr(actor, "username", None) or ("cli" if not has_request_context() else "")


def record(action: str, obj=None, organisation_id: int | None = None, actor=None, **details) -> AuditEntry:
    """Add an audit entry for ``action`` on ``obj`` to the current transaction.

    ``actor`` defaults to the logged-in user; CLI commands pass None and are recorded as "cli".
    """
    actor = current_actor(actor)
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()
    entry = AuditEntry(
        user_id=getattr(actor, "id", None),
        username=actor_name(actor),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        organisation_id=organisation_id,
        details={k: _plain(v) for k, v in details.items()},
        ip=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(entry)
    return entry


def _plain(value):
    """JSON-safe form of a detail value (dates and the like become text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
