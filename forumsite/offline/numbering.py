"""The cell's numbering state carried to a laptop, and the server's renumbering of what comes back."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..extensions import db
from .models import NumberingFloor


def floor(organisation_id: int, kind: str, term_start: dt.date | None) -> int:
    """The highest number the server had given this kind in this term when the forum left it (0 if none)."""
    where = [NumberingFloor.organisation_id == organisation_id, NumberingFloor.kind == kind,
             NumberingFloor.term_start.is_(None) if term_start is None else NumberingFloor.term_start == term_start]
    return db.session.scalar(sa.select(NumberingFloor.last_number).where(*where)) or 0


def raise_floor(organisation_id: int, kind: str, term_start: dt.date | None, number: int) -> None:
    where = [NumberingFloor.organisation_id == organisation_id, NumberingFloor.kind == kind,
             NumberingFloor.term_start.is_(None) if term_start is None else NumberingFloor.term_start == term_start]
    row = db.session.scalar(sa.select(NumberingFloor).where(*where))
    if row is None:
        db.session.add(NumberingFloor(organisation_id=organisation_id, kind=kind, term_start=term_start,
                                      last_number=number))
    elif number > row.last_number:
        row.last_number = number
