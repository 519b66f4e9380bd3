"""The "Hôm nay" home: the forums of the person's cell, each with the one step that person takes next.

Rights come from planning/access.py (the cell's chair plans and reviews; the appointed secretary runs the console;
members follow), so the home never offers a step its page would refuse.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..planning import access
from ..planning.models import Forum

AFTER = ("concluded", "in_review", "resolution_adopted", "closed")
RECENT = 5  # finished forums listed under "Gần đây"

OPEN_CONSOLE = _l("Mở bảng điều hành")
FOLLOW = _l("Theo dõi")
SEE_OUTCOME = _l("Xem kết quả")
READ_RESOLUTION = _l("Đọc nghị quyết")
SEE_AGENDA = _l("Xem chương trình")
FINISH_PLAN = _l("Hoàn thiện kế hoạch")
CHECK_PLAN = _l("Xem lại kế hoạch")

ROLE_SECRETARY = _l("Bạn là thư ký diễn đàn")
ROLE_CHAIR = _l("Bạn chủ trì chi bộ")


@dataclass
class Entry:
    forum: Forum
    label: str
    url: str
    roles: list[str] = field(default_factory=list)


def _adopted(forums: list[Forum]) -> set[int]:
    """The forums among ``forums`` whose resolution is adopted, in one query."""
    from ..followup.models import PartyDocument

    ids = [f.id for f in forums if f.status in AFTER]
    if not ids:
        return set()
    return set(db.session.scalars(sa.select(PartyDocument.forum_id).where(
        PartyDocument.forum_id.in_(ids), PartyDocument.kind == "NQ", PartyDocument.status == "adopted")))


def step(user, forum: Forum, today: dt.date, adopted: set[int] = frozenset()) -> Entry:
    """The one thing ``user`` does next about ``forum`` (``adopted``: the forums whose resolution is adopted)."""
    from ..followup.labels import who

    plan, secretary = access.can_plan(user, forum), access.is_secretary(user, forum)
    roles = [str(r) for r, yes in ((ROLE_SECRETARY, secretary), (ROLE_CHAIR, plan)) if yes]
    page = url_for("planning.forum", forum_id=forum.id)
    console = url_for("meeting.console", forum_id=forum.id)
    if forum.status == "in_session":
        if secretary or plan:
            return Entry(forum, str(OPEN_CONSOLE), console, roles)
        return Entry(forum, str(FOLLOW), url_for("screen.follow", forum_id=forum.id), roles)
    if forum.status == "published":
        # The secretary prepares the room at the console before the day; the chair opens the forum on it.
        if secretary or (plan and forum.held_on <= today):
            return Entry(forum, str(OPEN_CONSOLE), console, roles)
        return Entry(forum, str(CHECK_PLAN if plan else SEE_AGENDA), page, roles)
    if forum.status == "draft":
        return Entry(forum, str(FINISH_PLAN), page, roles)
    if plan and forum.status in ("concluded", "in_review"):
        return Entry(forum, str(who(forum.cell)["review_button"]), url_for("followup.review", forum_id=forum.id), roles)
    if forum.id in adopted:
        return Entry(forum, str(READ_RESOLUTION), url_for("followup.document", forum_id=forum.id, kind="NQ"), roles)
    return Entry(forum, str(SEE_OUTCOME), url_for("screen.follow", forum_id=forum.id), roles)


def sections(user, today: dt.date) -> dict[str, list[Entry]]:
    """now: the forum going on, or those of today, else the next one; todo: what the chair still has to do
    (a draft to finish, a review); coming: the later ones; recent: the last finished ones."""
    member = getattr(user, "member", None)
    if member is None or member.suspended:
        return {"now": [], "todo": [], "coming": [], "recent": []}
    cell = member.cell
    forums = [f for f in db.session.scalars(sa.select(Forum).where(Forum.cell_id == cell.id)
                                            .order_by(Forum.held_on, Forum.starts_at)) if access.can_see(user, f)]
    live = [f for f in forums if f.status == "in_session"
            or (f.held_on == today and f.status in ("draft", "published", "concluded"))]
    ahead = [f for f in forums if f.held_on > today and f.status in ("draft", "published")]
    now = live or ahead[:1]
    plan_todo = [f for f in forums if f not in now and access.can_plan(user, f)
                 and (f.status in ("concluded", "in_review") or (f.status == "draft" and f.held_on >= today))]
    coming = [f for f in ahead if f not in now and f not in plan_todo]
    recent = [f for f in reversed(forums) if f.status in AFTER and f not in now and f not in plan_todo][:RECENT]
    adopted = _adopted(now + plan_todo + recent)
    return {name: [step(user, f, today, adopted) for f in rows]
            for name, rows in (("now", now), ("todo", plan_todo), ("coming", coming), ("recent", recent))}
