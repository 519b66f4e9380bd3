"""Read-side queries of the tree, aggregated in SQL (no N+1 at province scale)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..extensions import db
from ..members.models import Member
from ..rules.organisation import CELL_KINDS
from ..vn import text_key
from .models import Organisation


def children_with_counts(parent: Organisation) -> list[tuple[Organisation, int, int]]:
    """Direct children of ``parent``, each with the number of cells and of members in its subtree.

    Whoever may read ``parent`` may read its subtree (oversight), so no further filter applies."""
    child = aliased(Organisation)
    cell = aliased(Organisation)
    cells = (sa.select(sa.func.count(cell.id))
             .where(cell.path.startswith(child.path), cell.kind.in_(CELL_KINDS))
             .correlate(child).scalar_subquery())
    members = (sa.select(sa.func.count(Member.id))
               .join(cell, cell.id == Member.cell_id)
               .where(cell.path.startswith(child.path))
               .correlate(child).scalar_subquery())
    stmt = sa.select(child, cells, members).where(child.parent_id == parent.id)
    rows = db.session.execute(stmt).all()
    return sorted(((r[0], r[1], r[2]) for r in rows), key=lambda r: text_key(r[0].name))


def roots_for(user) -> list[Organisation]:
    """The top of the tree as this user sees it: the real roots for an admin, their grants otherwise."""
    if user.is_admin:
        return db.session.scalars(sa.select(Organisation).where(Organisation.parent_id.is_(None))
                                  .order_by(Organisation.name)).all()
    roots = [g.organisation for g in user.oversight]
    if user.member is not None and not user.member.suspended:
        roots.append(user.member.cell)
    # Drop a root that lies inside another root.
    return [r for r in roots if not any(o is not r and r.path.startswith(o.path) for o in roots)]


def cell_counts(cell_id: int) -> dict[str, int]:
    """Members of a cell by status and flag, in one query."""
    m = Member
    row = db.session.execute(sa.select(
        sa.func.count(m.id),
        sa.func.count(m.id).filter(m.status == "chinh_thuc"),
        sa.func.count(m.id).filter(m.status == "du_bi"),
        sa.func.count(m.id).filter(m.exempt.is_(True)),
        sa.func.count(m.id).filter(m.temp_in.is_(True)),
        sa.func.count(m.id).filter(m.temp_out.is_(True)),
        sa.func.count(m.id).filter(m.suspended.is_(True)),
        # Official members who belong here (not the ones here temporarily): Điều 24.4 counts these.
        sa.func.count(m.id).filter(m.status == "chinh_thuc", m.temp_in.is_(False)),
    ).where(m.cell_id == cell_id)).one()
    keys = ("total", "official", "probationary", "exempt", "temp_in", "temp_out", "suspended", "official_own")
    return dict(zip(keys, row, strict=True))
