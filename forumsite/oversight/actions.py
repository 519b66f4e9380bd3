"""The upper units' changes: publishing good models to the press page, opening that page.
(Answering a recommendation is followup.actions.answer_recommendation, shared with the reports inbox.)"""
from __future__ import annotations

from ..audit.models import actor_name, record
from ..extensions import db
from ..followup.models import Clause
from ..org.models import Organisation
from .models import PublishedModel

TITLE_MAX, DESCRIPTION_MAX = 200, 4000


class OversightError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def publish_model(unit: Organisation, clause: Clause, title: str, description: str) -> PublishedModel:
    """Publish (or re-word) a good model on ``unit``'s public page."""
    title, description = " ".join(title.split()), description.strip()
    if not clause.good_model:
        raise OversightError("not_a_model")
    if not title or not description:
        raise OversightError("empty")
    if len(title) > TITLE_MAX or len(description) > DESCRIPTION_MAX:
        raise OversightError("too_long")
    entry = db.session.query(PublishedModel).filter_by(unit_id=unit.id, clause_id=clause.id).one_or_none()
    entry = entry or PublishedModel(unit_id=unit.id, clause_id=clause.id)
    entry.title, entry.description, entry.published_by = title, description, actor_name()
    db.session.add(entry)
    record("model.publish", entry, organisation_id=unit.id, clause_id=clause.id, title=title)
    return entry


def unpublish_model(unit: Organisation, entry: PublishedModel) -> None:
    record("model.unpublish", entry, organisation_id=unit.id, clause_id=entry.clause_id, title=entry.title)
    db.session.delete(entry)


def set_public_gallery(unit: Organisation, enabled: bool) -> None:
    """Open or close the unit's public page of good models (closed unless the unit opts in)."""
    if unit.public_gallery == enabled:
        return
    unit.public_gallery = enabled
    record("gallery.open" if enabled else "gallery.close", unit, organisation_id=unit.id)
