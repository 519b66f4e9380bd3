"""The upper committees' view of the forums: a dashboard per subtree, drilling down to a cell."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from .. import scoping
from ..clock import today_local
from ..extensions import db
from ..planning.access import plans_for
from ..planning.models import Plan
from ..rules import oversight as rules
from ..rules import plans as plan_rules
from ..web import db_int
from . import queries
from .messages import BEHIND_LABELS, STAGE_LABELS

bp = Blueprint("oversight", __name__, url_prefix="/org/<int:org_id>/oversight")


def chosen_year() -> int:
    """?year=, else this year; a year out of range falls back to this year rather than failing."""
    year = request.args.get("year", type=db_int)
    return year if year is not None and 2000 <= year <= 2100 else today_local().year


def chosen_plan(org, year: int) -> Plan | None:
    """The plan asked for (?plan=, if the user may read it and it existed that year), else the plan in
    force for this unit in that year (rules/plans.py)."""
    plan_id = request.args.get("plan", type=db_int)
    if plan_id:
        plan = next((p for p in plans_for(current_user) if p.id == plan_id), None)
        if plan is not None and plan_rules.issued_by_end_of(plan, year):
            return plan
    return plan_in_force(org, year)


def plan_in_force(org, year: int) -> Plan | None:
    above = db.session.scalars(sa.select(Plan).where(Plan.organisation_id.in_(org.ancestor_ids))).all()
    return plan_rules.in_force(above, org.ancestor_ids, year)


@bp.get("/")
@login_required
def dashboard(org_id: int):
    """Coverage, pilots, participation and follow-up of a subtree, with its units one click away."""
    org = scoping.get_overseen_or_404(org_id)
    year, today = chosen_year(), today_local()
    if org.is_cell:
        return render_template("oversight/cell.html", org=org, year=year, ancestors=org.ancestors(),
                               forums=queries.cell_forums(org, year, today, current_user), stage_labels=STAGE_LABELS)
    plan = chosen_plan(org, year)
    view = queries.overview(org, year, today, plan)
    # Only plans that existed in the year; "" (the first option) means "the plan in force", so that
    # changing the year does not carry the previous year's plan along.
    plans = sorted((p for p in plans_for(current_user) if plan_rules.issued_by_end_of(p, year)),
                   key=lambda p: p.issued_on, reverse=True)
    explicit = plan is not None and request.args.get("plan", type=db_int) == plan.id
    years = _years()
    tl = rules.timeline(today, plan.pilot_from, plan.evaluation_by, plan.rollout_from) if plan else None
    return render_template("oversight/dashboard.html", org=org, view=view, year=year, today=today, tl=tl,
                           ancestors=org.ancestors(), plans=plans, years=years, stage_labels=STAGE_LABELS,
                           plan_explicit=explicit,
                           behind_labels=BEHIND_LABELS)


def _years() -> list[int]:
    """The years to choose from: this one and the previous five (forums began in 2017)."""
    this = today_local().year
    return list(range(this, max(2016, this - 6), -1))


def unit_choices(org) -> list[tuple[int, str]]:
    """The organisations directly under ``org``: the first filter of the inbox and the gallery."""
    from ..org.models import Organisation
    from ..vn import text_key

    rows = db.session.execute(sa.select(Organisation.id, Organisation.name)
                              .where(Organisation.parent_id == org.id)).all()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: text_key(r[1]))
