"""The press page of an upper unit's good models: opt-in, and only what the unit chose to publish —
the public wording, the cell, its type and the year; never a member's name or an internal figure."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template

from ..extensions import db
from ..followup.models import Clause
from ..org.models import Organisation
from ..planning.models import Forum
from .models import PublishedModel

bp = Blueprint("press", __name__, url_prefix="/cong-khai")


@bp.get("/<int:org_id>/mo-hinh-hay")
def models(org_id: int):
    unit = db.session.get(Organisation, org_id)
    if unit is None or not unit.public_gallery:
        abort(404)
    rows = db.session.execute(
        sa.select(PublishedModel.title, PublishedModel.description, Organisation.name, Forum.held_on)
        .join(Clause, Clause.id == PublishedModel.clause_id).join(Forum, Forum.id == Clause.forum_id)
        .join(Organisation, Organisation.id == Forum.cell_id)
        .where(PublishedModel.unit_id == unit.id, Clause.good_model.is_(True))
        .order_by(PublishedModel.published_at.desc())).all()
    return render_template("oversight/public_models.html", unit_name=unit.name, rows=rows)
