"""The upper units' changes: publishing good models to the press page, opening that page.
(Answering a recommendation is followup.actions.answer_recommendation, shared with the reports inbox.)"""
from __future__ import annotations

from ..audit.models import actor_name, record
from ..extensions import db
from ..followup.models import Clause
from ..org.models import Organisation
from ..refusals import Refusal
from . import messages  # noqa: F401  (the words of the refusals raised here)
from .models import LIMITS, PublishedModel


def publish_model(unit: Organisation, clause: Clause, title: str, description: str) -> PublishedModel:
    """Publish (or re-word) a good model on ``unit``'s public page."""
    title, description = " ".join(title.split()), description.strip()
    if not clause.good_model:
        raise Refusal("not_a_model")
    if not title or not description:
        raise Refusal("model_empty")
    if len(title) > LIMITS["title"] or len(description) > LIMITS["description"]:
        raise Refusal("model_too_long")
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
