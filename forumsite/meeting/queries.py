"""Read-side helpers of the live session: the roll as the voting rules see it, the queue, the stats."""
from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..members.models import Member
from ..rules import voting
from ..rules.figures import percent_value
from ..vn import name_key
from .models import Attendance, Proposal, Speaker, Tally


def roll(forum) -> list[tuple[Member, Attendance | None]]:
    """The cell's members in roster order, each with the attendance marked for this forum."""
    members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id)).all()
    marks = {a.member_id: a for a in db.session.scalars(sa.select(Attendance).where(Attendance.forum_id == forum.id))}
    members.sort(key=lambda m: name_key(m.full_name))
    return [(m, marks.get(m.id)) for m in members]


def voter(member: Member, status: str | None) -> voting.Voter:
    """One member at one forum as the rules see them: the one mapping every figure is counted from."""
    return voting.Voter(member_id=member.id, official=member.status == "chinh_thuc", exempt=member.exempt,
                        temp_out=member.temp_out, temp_in=member.temp_in, suspended=member.suspended,
                        present=status in voting.PRESENT_STATUSES)


def voters(forum) -> tuple[list[voting.Voter], dict[int, str]]:
    rows = roll(forum)
    statuses = {m.id: a.status for m, a in rows if a is not None}
    return [voter(m, statuses.get(m.id)) for m, _ in rows], statuses


def figures(forum) -> voting.Attendance:
    vs, statuses = voters(forum)
    return voting.attendance(vs, statuses)


def speakers(forum) -> list[Speaker]:
    return db.session.scalars(sa.select(Speaker).where(Speaker.forum_id == forum.id)
                              .order_by(Speaker.weight, Speaker.id)).all()


def current_speaker(speakers_: list[Speaker]) -> Speaker | None:
    return next((s for s in speakers_ if s.state in ("speaking", "paused")), None)


def speaker_stats(forum, speakers_: list[Speaker]) -> dict:
    """How many spoke, the share of those present who spoke, the time used; who has not spoken yet."""
    done = [s for s in speakers_ if s.begin_time is not None]
    spoke_ids = {s.member_id for s in done if s.member_id}
    present = [m for m, a in roll(forum) if a is not None and a.status in voting.PRESENT_STATUSES]
    # The share counts the members expected to attend (HD 12), as the attendance figure and the oversight
    # pages do: an exempt member who came anyway is welcome to speak but is not in the denominator.
    expected = {m.id for m in present if not m.exempt and not m.temp_out}
    spoke = len(spoke_ids & expected)
    return {
        "speeches": len(done),
        "speakers": len({_person(s) for s in done}),
        "members_spoke": spoke,
        "present": len(expected),
        "share": spoke / len(expected) if expected else None,
        "share_percent": percent_value(spoke, len(expected)),  # the fraction's own percentage, or None
        "seconds": sum(s.spoken_seconds() for s in done),
        "not_yet": [m for m in present if m.id not in spoke_ids],
    }


def _person(speaker: Speaker) -> tuple:
    if speaker.member_id:
        return ("member", speaker.member_id)
    if speaker.guest_id:
        return ("guest", speaker.guest_id)
    return ("name", speaker.name)


def proposals(forum, kind: str | None = None, code: str | None = None) -> list[Proposal]:
    stmt = sa.select(Proposal).where(Proposal.forum_id == forum.id, Proposal.deleted_at.is_(None),
                                     Proposal.merged_into_id.is_(None)).order_by(Proposal.id.desc())
    if kind:
        stmt = stmt.where(Proposal.kind == kind)
    rows = db.session.scalars(stmt).all()
    if code:
        rows = [p for p in rows if code in (p.codes or [])]
    return rows


def tallies(forum) -> list[Tally]:
    return db.session.scalars(sa.select(Tally).where(Tally.forum_id == forum.id).order_by(Tally.id)).all()


def open_tally(forum) -> Tally | None:
    return db.session.scalar(sa.select(Tally).where(Tally.forum_id == forum.id, Tally.closed_at.is_(None)))


def submissions(forum, *, member=None, state: str | None = None) -> list:
    """Written proposals sent from the phones, oldest first: the console's pending ones, or one member's."""
    from .models import Submission

    stmt = sa.select(Submission).where(Submission.forum_id == forum.id).order_by(Submission.id)
    if member is not None:
        stmt = stmt.where(Submission.member_id == member.id)
    if state is not None:
        stmt = stmt.where(Submission.state == state)
    return db.session.scalars(stmt).all()


def written(forum) -> list:
    """The written proposals the forum took (accepted or merged), in the order they were sent: the minutes
    name their authors."""
    from .models import Submission

    return db.session.scalars(sa.select(Submission).where(Submission.forum_id == forum.id,
                                                          Submission.state.in_(("accepted", "merged")))
                              .order_by(Submission.id)).all()
