"""Per-forum participation figures: counted once, reused by every oversight page until the forum changes.

Invalidation has two independent triggers, so that no future action can forget it: the forum's
``live_version`` (bumped by every change of a live session, including the conditional UPDATEs that bypass
the ORM) and an ORM flush hook that drops the row of any forum whose attendance, speakers or proposals are
written."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from ..meeting.models import Attendance, Proposal, Speaker
from ..members.models import Member
from ..rules.voting import PRESENT_STATUSES
from .models import ForumStats

CHUNK = 500  # ids per IN (...): well under SQLite's parameter limit
_TRACKED = (Attendance, Speaker, Proposal)
_STALE = "forumsite_stale_stats"


@event.listens_for(Session, "before_flush")
def _collect(session, _context, _instances):
    stale = session.info.setdefault(_STALE, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _TRACKED) and obj.forum_id is not None:
            stale.add(obj.forum_id)


@event.listens_for(Session, "after_flush")
def _drop(session, _context):
    stale = session.info.pop(_STALE, None)
    if stale:
        session.execute(sa.delete(ForumStats).where(ForumStats.forum_id.in_(stale)))


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def compute(versions: dict[int, int]) -> dict[int, dict]:
    """Count the figures of these forums (id → live_version) and store them; returns id → figures."""
    figures = {fid: {"roll": 0, "present": 0, "spoke": 0, "proposals": 0, "recommendations": 0, "models": 0}
               for fid in versions}
    for ids in _chunks(list(versions)):
        # The attendance rate is the record's own (rules/voting.py attendance): those expected to attend and
        # those of them present — the figure the console, the projector and the documents state.
        for fid, attendance in _attendance(ids).items():
            figures[fid].update(roll=attendance.expected, present=attendance.present_expected)
        # A member who spoke twice counts once; only members expected and marked present count (guests never do).
        spoke = (sa.select(Speaker.forum_id, Speaker.member_id).distinct()
                 .join(Attendance, sa.and_(Attendance.forum_id == Speaker.forum_id,
                                           Attendance.member_id == Speaker.member_id))
                 .join(Member, Member.id == Speaker.member_id)
                 .where(Speaker.forum_id.in_(ids), Speaker.begin_time.is_not(None),
                        Attendance.status.in_(PRESENT_STATUSES), Member.exempt.is_(False),
                        Member.temp_out.is_(False)).subquery())
        for fid, n in db.session.execute(sa.select(spoke.c.forum_id, sa.func.count()).group_by(spoke.c.forum_id)):
            figures[fid]["spoke"] = n
        for fid, n, recs, models in db.session.execute(
                sa.select(Proposal.forum_id, sa.func.count(), sa.func.count().filter(Proposal.kind == "kien_nghi"),
                          sa.func.count().filter(Proposal.kind == "mo_hinh"))
                .where(Proposal.forum_id.in_(ids), Proposal.deleted_at.is_(None),
                       Proposal.merged_into_id.is_(None)).group_by(Proposal.forum_id)):
            figures[fid].update(proposals=n, recommendations=recs, models=models)
        _store([{"forum_id": fid, "version": versions[fid], **figures[fid]} for fid in ids])
    return figures


def _attendance(ids: list[int]) -> dict:
    """Forum id → its figures (voting.Attendance), from the cell's roll and the marks: two queries per chunk."""
    from ..meeting.queries import voter
    from ..planning.models import Forum
    from ..rules import voting

    cells = dict(db.session.execute(sa.select(Forum.id, Forum.cell_id).where(Forum.id.in_(ids))).all())
    members: dict[int, list[Member]] = {}
    for m in db.session.scalars(sa.select(Member).where(Member.cell_id.in_(set(cells.values()) or {-1}))):
        members.setdefault(m.cell_id, []).append(m)
    marks: dict[int, dict[int, str]] = {}
    for fid, mid, status in db.session.execute(sa.select(Attendance.forum_id, Attendance.member_id,
                                                         Attendance.status).where(Attendance.forum_id.in_(ids))):
        marks.setdefault(fid, {})[mid] = status
    result = {}
    for fid, cell_id in cells.items():
        statuses = marks.get(fid, {})
        result[fid] = voting.attendance([voter(m, statuses.get(m.id)) for m in members.get(cell_id, [])], statuses)
    return result


def _store(rows: list[dict]) -> None:
    """Keep the counts for the next reader. Two readers may fill the same forum at once: the loser's
    insert fails in its savepoint and is dropped, the figures it computed are still right."""
    from sqlalchemy.exc import IntegrityError

    try:
        with db.session.begin_nested():
            db.session.execute(sa.delete(ForumStats).where(ForumStats.forum_id.in_([r["forum_id"] for r in rows])))
            db.session.execute(sa.insert(ForumStats), rows)
    except IntegrityError:
        pass
