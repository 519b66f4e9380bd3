"""Stable identifiers for the records that travel between the province's server and a meeting-room laptop
(issue 17): a row's id differs from one database to the other, its ``uuid`` is the same everywhere, so that a
record sent twice is recognised and applied once."""
from __future__ import annotations

import uuid

from .extensions import db


def new_uuid() -> str:
    """32 hex digits (uuid4): the same form the migration writes into the rows that existed before it."""
    return uuid.uuid4().hex


def uuid_column():
    return db.Column(db.String(32), nullable=False, unique=True, default=new_uuid)
