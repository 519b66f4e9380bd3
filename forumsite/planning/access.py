"""Who sees and runs a forum. The appointed secretary operates this forum only."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user

from .. import scoping
from ..extensions import db
from ..org.models import Organisation
from .models import Forum, Plan


def is_secretary(user, forum: Forum) -> bool:
    """The appointed secretary, while still a member of the forum's cell: a transfer out (or a suspension)
    ends the operator rights, even if the chair has not yet appointed someone else."""
    member = getattr(user, "member", None)
    return (member is not None and not member.suspended and forum.secretary_id == member.id
            and member.cell_id == forum.cell_id)


def can_plan(user, forum: Forum) -> bool:
    """Plan and publish: the cell's chair (or an administrator)."""
    return scoping.can_manage_cell(user, forum.cell)


def can_operate(user, forum: Forum) -> bool:
    """Run the forum (documents now, the live console later): the chairs and this forum's secretary."""
    return can_plan(user, forum) or is_secretary(user, forum)


def can_see(user, forum: Forum) -> bool:
    """A draft is seen by those who prepare it; once published, by the cell and the levels above."""
    if can_operate(user, forum):
        return True
    return not forum.is_draft and scoping.can_read_org(user, forum.cell)


def get_forum_or_404(forum_id: int, plan: bool = False, operate: bool = False, while_away: bool = False) -> Forum:
    """The forum for this user, or 404/403. A POST to a forum held on a meeting-room laptop is refused (409,
    saying where it is) unless ``while_away`` — the check-out's own routes (taking it back, its record)."""
    forum = db.session.get(Forum, forum_id)
    if forum is None or not can_see(current_user, forum):
        abort(404)
    if plan and not can_plan(current_user, forum):
        abort(403)
    if operate and not can_operate(current_user, forum):
        abort(403)
    if request.method == "POST" and not while_away:
        from ..offline.actions import require_here

        require_here(forum)
    return forum


def plans_for(user, cell: Organisation | None = None) -> list[Plan]:
    """Plans issued above ``cell`` (or, without a cell, every plan the user can read)."""
    stmt = sa.select(Plan).order_by(Plan.issued_on.desc())
    if cell is not None:
        stmt = stmt.where(Plan.organisation_id.in_(cell.ancestor_ids))
    elif not user.is_admin:
        mine = scoping.org_condition(user)
        readable = sa.select(Organisation.id).where(mine).scalar_subquery()
        ancestors = [int(p) for o in _user_orgs(user) for p in o.path.strip("/").split("/")]
        stmt = stmt.where(sa.or_(Plan.organisation_id.in_(readable), Plan.organisation_id.in_(ancestors)))
    return db.session.scalars(stmt).all()


def _user_orgs(user) -> list[Organisation]:
    orgs = [g.organisation for g in user.oversight]
    if user.member is not None:
        orgs.append(user.member.cell)
    return orgs


def can_manage_plan(user, organisation: Organisation) -> bool:
    """Issue plans: administrators, and oversight users for units in their subtree."""
    if user.is_admin:
        return True
    return any(organisation.path.startswith(g.organisation.path) for g in user.oversight)


def get_plan_or_404(plan_id: int, manage: bool = False) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan not in plans_for(current_user):
        abort(404)
    if manage and not can_manage_plan(current_user, plan.organisation):
        abort(403)
    return plan
