"""Who may see and do what in the organisation tree. Every query of people's data goes through these scopes.

A kernel module (like vn.py and clock.py), not part of an area: every area imports it, and it imports only
the org and members models, so no area cycle goes through it.

Rights come from the account's place in the tree:
- admin: everything;
- oversight: read one or more subtrees (Ban Tuyên giáo, an upper committee);
- chair: a member whose role in the cell is bí thư, phó bí thư or chi ủy viên manages that cell;
- member: reads their own cell.
Foreign data answers 404, not 403, so that its existence is not revealed.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from .extensions import db
from .members.models import CHAIR_ROLES, Member
from .org.models import Organisation


def _member(user) -> Member | None:
    member = getattr(user, "member", None)
    # A suspended member keeps the account but loses the cell's data until reinstated.
    if member is None or member.suspended:
        return None
    return member


def org_condition(user):
    """SQL condition on Organisation selecting what ``user`` may read."""
    if not getattr(user, "is_authenticated", False):
        return sa.false()
    if user.is_admin:
        return sa.true()
    conditions = [Organisation.path.startswith(g.organisation.path, autoescape=True) for g in user.oversight]
    member = _member(user)
    if member is not None:
        conditions.append(Organisation.id == member.cell_id)
    return sa.or_(*conditions) if conditions else sa.false()


def can_read_org(user, org: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    if any(org.path.startswith(g.organisation.path) for g in user.oversight):
        return True
    member = _member(user)
    return member is not None and member.cell_id == org.id


def can_manage_cell(user, cell: Organisation) -> bool:
    """Manage a cell's members and forums: admin, or the cell's own leadership."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    member = _member(user)
    return member is not None and member.cell_id == cell.id and member.role in CHAIR_ROLES


def can_decide_transfer(user, from_cell: Organisation, to_cell: Organisation) -> bool:
    """Accept or decline a member sent to ``to_cell``: the receiving cell's leadership, an administrator,
    or an upper committee whose subtree holds both cells. Never the sending chair alone: a transfer
    changes the receiving cell's roll and vote counts."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin or can_manage_cell(user, to_cell):
        return True
    return any(from_cell.path.startswith(g.organisation.path) and to_cell.path.startswith(g.organisation.path)
               for g in user.oversight)


def is_chair_of_any(user) -> bool:
    member = _member(user)
    return member is not None and member.role in CHAIR_ROLES


def get_org_or_404(org_id: int, manage: bool = False) -> Organisation:
    """Load an organisation the current user may read (and, with ``manage``, manage) or abort."""
    org = db.session.get(Organisation, org_id)
    if org is None or not can_read_org(current_user, org):
        abort(404)
    if manage and not (org.is_cell and can_manage_cell(current_user, org)) and not current_user.is_admin:
        abort(403)
    return org


def get_cell_or_404(cell_id: int, manage: bool = False) -> Organisation:
    org = get_org_or_404(cell_id, manage=manage)
    if not org.is_cell:
        abort(404)
    return org


def get_member_or_404(member_id: int, manage: bool = False) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404)
    get_cell_or_404(member.cell_id, manage=manage)
    return member


def require_admin() -> None:
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(404)


def home_org(user) -> Organisation | None:
    """The organisation a user lands on: the first oversight subtree, else their own cell."""
    if user.oversight:
        return user.oversight[0].organisation
    member = _member(user)
    return member.cell if member is not None else None


def can_oversee(user, org: Organisation) -> bool:
    """Follow a subtree's forums (dashboard, recommendations, good models): an administrator or an
    oversight grant over it. A cell's own members manage it on its pages, not here."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or any(org.path.startswith(g.organisation.path) for g in user.oversight)


def get_overseen_or_404(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None or not can_oversee(current_user, org):
        abort(404)
    return org


def get_overseen_unit_or_404(org_id: int) -> Organisation:
    """An upper unit (never a cell) the user oversees: the dashboard's inbox, gallery and exports."""
    org = get_overseen_or_404(org_id)
    if org.is_cell:
        abort(404)
    return org
