"""The figures of a subtree for one year, in a fixed handful of aggregate queries whatever its size.

Each query groups by cell (or by forum, for one cell's page) in SQL; the roll-up from cells to the
units above them and to the grassroots types happens in Python over at most a few thousand rows, because
a cell's unit and type follow from the materialised path and need no join per level."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..followup.models import PartyDocument, Task
from ..org.models import GrassrootsType, Organisation
from ..planning.access import can_see
from ..planning.models import Forum, Plan
from ..rules import documents as doc_rules
from ..rules import oversight as rules
from ..rules.organisation import CELL_KINDS, GRASSROOTS_KINDS
from ..rules.planning import HELD
from . import stats
from .models import ForumStats

Org = Organisation


@dataclass
class OrgRow:
    """One organisation of the subtree, read as plain columns (no ORM identity map at province scale)."""

    id: int
    parent_id: int | None
    name: str
    kind: str
    path: str
    type_id: int | None
    is_pilot: bool
    has_committee: bool

    @property
    def ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS


@dataclass
class Overview:
    org: Organisation
    year: int
    plan: Plan | None
    stage: str
    total: rules.Figures
    children: list[tuple[OrgRow, rules.Figures]]
    types: list[tuple[GrassrootsType | None, rules.Figures]]
    pilots: list[tuple[OrgRow, OrgRow | None, GrassrootsType | None, rules.Figures]]
    checks: dict[int, rules.PilotCheck]  # per upper unit (and the page's own organisation)
    behind: dict[int, list[str]]
    type_names: dict[int, str] = field(default_factory=dict)
    # Every cell with its unit, type and figures: the per-cell sheet of the XLSX export.
    cells: list[tuple[OrgRow, OrgRow | None, GrassrootsType | None, rules.Figures]] = field(default_factory=list)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def subtree_orgs(org: Organisation) -> dict[int, OrgRow]:
    rows = db.session.execute(sa.select(
        Org.id, Org.parent_id, Org.name, Org.kind, Org.path, Org.grassroots_type_id, Org.is_pilot, Org.has_committee,
    ).where(org.subtree_filter())).all()
    return {r[0]: OrgRow(*r) for r in rows}


def cell_type(cell: OrgRow, orgs: dict[int, OrgRow]) -> int | None:
    """The grassroots type a cell reports under: its own (chi bộ cơ sở) or its đảng bộ cơ sở's."""
    for oid in reversed(cell.ids):
        row = orgs.get(oid)
        if row is not None and row.kind in GRASSROOTS_KINDS:
            return row.type_id
    return None


def _forums_in(org: Organisation, year: int):
    """Forums of the subtree held (or to be held) in ``year``: the filter every query shares."""
    start, end = year_bounds(year)
    cells = sa.select(Org.id).where(org.subtree_filter(), Org.kind.in_(CELL_KINDS))
    return sa.and_(Forum.held_on >= start, Forum.held_on <= end, Forum.cell_id.in_(cells))


def per_key(org: Organisation, year: int, today: dt.date, by_forum: bool = False) -> dict[int, rules.Figures]:
    """Figures per cell (or per forum) of the subtree: three queries when the stored counts are fresh."""
    key = Forum.id if by_forum else Forum.cell_id
    in_year = _forums_in(org, year)
    figures: dict[int, rules.Figures] = {}

    def at(k: int) -> rules.Figures:
        return figures.setdefault(k, rules.Figures())

    # One read of the year's forums with their stored counts; only forums changed since are counted again.
    rows = db.session.execute(
        sa.select(Forum.id, key, Forum.status, Forum.live_version, ForumStats.version, ForumStats.roll,
                  ForumStats.present, ForumStats.spoke, ForumStats.proposals, ForumStats.recommendations,
                  ForumStats.models).outerjoin(ForumStats, ForumStats.forum_id == Forum.id).where(in_year)).all()
    stale = {r[0]: r[3] for r in rows if r[2] in HELD and r[4] != r[3]}
    fresh = stats.compute(stale) if stale else {}
    if fresh:
        db.session.commit()
    for fid, k, status, _version, _stored, *counts in rows:
        f = at(k)
        f.forums_planned += 1
        if status not in HELD:
            continue
        f.forums_held += 1
        c = fresh.get(fid)
        roll, present, spoke, proposals, recommendations, models = (
            (c["roll"], c["present"], c["spoke"], c["proposals"], c["recommendations"], c["models"])
            if c is not None else counts)
        f.roll += roll
        f.present += present
        f.spoke += spoke
        f.proposals += proposals
        f.recommendations += recommendations
        f.models += models

    for k, n in db.session.execute(
            sa.select(key, sa.func.count(PartyDocument.id)).join(Forum, Forum.id == PartyDocument.forum_id)
            .where(in_year, PartyDocument.kind == "NQ", PartyDocument.status == doc_rules.ADOPTED).group_by(key)):
        at(k).resolutions = n

    # Where the cell has no chi ủy, the resolution is adopted by its vote at the forum (rules/decision.py): the
    # province sees how many cells decided there.
    from ..meeting.models import Tally

    for k, n in db.session.execute(
            sa.select(key, sa.func.count(PartyDocument.id)).join(Forum, Forum.id == PartyDocument.forum_id)
            .join(Tally, Tally.id == PartyDocument.tally_id)
            .where(in_year, PartyDocument.kind == "NQ", PartyDocument.status == doc_rules.ADOPTED,
                   Tally.subject_kind == "tasks").group_by(key)):
        at(k).resolutions_at_forum = n

    for k, n, done, overdue in db.session.execute(
            sa.select(key, sa.func.count(Task.id), sa.func.count(Task.id).filter(Task.status == "done"),
                      sa.func.count(Task.id).filter(Task.status == "open", Task.deadline < today))
            .join(Forum, Forum.id == Task.forum_id).where(in_year).group_by(key)):
        f = at(k)
        f.tasks, f.tasks_done, f.tasks_overdue = n, done, overdue
    return figures


def plan_for(org: Organisation, year: int, plan_id: int | None = None) -> Plan | None:
    """The plan the page measures against: the one asked for, else the latest one issued by this
    organisation or above it by the end of ``year``."""
    if plan_id:
        plan = db.session.get(Plan, plan_id)
        if plan is not None:
            return plan
    return db.session.scalar(sa.select(Plan).where(
        Plan.organisation_id.in_(org.ancestor_ids), Plan.issued_on <= dt.date(year, 12, 31))
        .order_by(Plan.issued_on.desc(), Plan.id.desc()).limit(1))


def overview(org: Organisation, year: int, today: dt.date, plan: Plan | None) -> Overview:
    """The dashboard of ``org``: totals, its direct children, the grassroots types, the pilots."""
    orgs = subtree_orgs(org)
    by_cell = per_key(org, year, today)
    minimum, maximum = (plan.min_forums, plan.max_forums) if plan else (1, 2)
    depth = len(org.ancestor_ids)
    types = {t.id: t for t in db.session.scalars(sa.select(GrassrootsType))}

    # Cells are first summed per (unit, type): the few groups are then summed to units, types and total.
    groups: dict[tuple[int, int | None], rules.Figures] = {}
    unit_cell_types: dict[int, list] = {}
    unit_pilot_types: dict[int, list] = {}
    pilots, cells = [], []
    empty = rules.Figures
    for row in orgs.values():
        if not row.is_cell:
            continue
        f = by_cell.get(row.id) or empty()
        f.cells = 1
        f.cells_held = int(f.forums_held > 0)
        f.cells_below = int(rules.below_minimum(f.forums_planned, minimum))
        f.cells_above = int(rules.above_maximum(f.forums_planned, maximum))
        f.pilots = int(row.is_pilot)
        f.cells_at_forum = int(f.resolutions_at_forum > 0)
        f.pilots_held = int(row.is_pilot and f.forums_held > 0)
        type_id = cell_type(row, orgs)
        ids = row.ids
        child_id = ids[depth] if len(ids) > depth else row.id
        group = groups.get((child_id, type_id))
        if group is None:
            groups[(child_id, type_id)] = group = empty()
        group.add(f)
        unit_cell_types.setdefault(child_id, []).append(type_id)
        unit = orgs.get(child_id) if child_id != row.id else None
        cells.append((row, unit, types.get(type_id), f))
        if row.is_pilot:
            unit_pilot_types.setdefault(child_id, []).append(type_id)
            pilots.append((row, unit, types.get(type_id), f))
    total = rules.Figures()
    children: dict[int, rules.Figures] = {}
    by_type: dict[int | None, rules.Figures] = {}
    for (child_id, type_id), f in groups.items():
        total.add(f)
        children.setdefault(child_id, rules.Figures()).add(f)
        by_type.setdefault(type_id, rules.Figures()).add(f)
    unit_cell_types[org.id] = [t for types_ in unit_cell_types.values() for t in types_]
    unit_pilot_types[org.id] = [t for types_ in list(unit_pilot_types.values()) for t in types_]

    stage = rules.plan_stage(today, plan.pilot_from, plan.evaluation_by, plan.rollout_from) if plan \
        else "rollout"
    checks, behind = {}, {}
    upper_ids = [org.id] + [cid for cid in children if orgs[cid].kind not in CELL_KINDS | GRASSROOTS_KINDS]
    if not org.is_grassroots and not org.is_cell:
        for unit_id in upper_ids:
            check = rules.pilot_check(unit_cell_types.get(unit_id, []), unit_pilot_types.get(unit_id, []))
            checks[unit_id] = check
            f = total if unit_id == org.id else children[unit_id]
            behind[unit_id] = rules.unit_behind(stage, check, f.pilots, f.pilots_held, f.cells_below)

    from ..vn import text_key

    child_rows = sorted(((orgs[cid], f) for cid, f in children.items()), key=lambda r: text_key(r[0].name))
    type_rows = sorted(((types.get(tid), f) for tid, f in by_type.items()),
                       key=lambda r: (r[0] is None, r[0].position if r[0] else 0, r[0].name if r[0] else ""))
    pilots.sort(key=lambda p: (text_key(p[1].name) if p[1] else (), text_key(p[0].name)))
    return Overview(org, year, plan, stage, total, child_rows, type_rows, pilots, checks, behind,
                    {t.id: t.name for t in types.values()}, cells)


def cell_forums(cell: Organisation, year: int, today: dt.date, viewer) -> list[tuple[Forum, rules.Figures]]:
    """One cell's forums of the year that ``viewer`` may open, each with its figures (the last level before
    the forum itself); a draft is listed only to those the forum page shows it to."""
    figures = per_key(cell, year, today, by_forum=True)
    start, end = year_bounds(year)
    forums = db.session.scalars(sa.select(Forum).where(
        Forum.cell_id == cell.id, Forum.held_on >= start, Forum.held_on <= end).order_by(Forum.held_on)).all()
    return [(f, figures.get(f.id, rules.Figures())) for f in forums if can_see(viewer, f)]
