"""State changes of plans and forums: one small named function each, every one audited."""
from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import sqlalchemy as sa
import yaml

from ..audit.models import actor_name, record
from ..clock import utcnow
from ..extensions import db
from ..org.models import Organisation
from ..rules import planning as rules
from .models import AgendaItem, AgendaTemplateItem, Forum, ForumDocument, Guest, Plan

FRAMEWORK = Path(__file__).with_name("framework.yaml")
PLAN_FIELDS = ("number", "issued_on", "issuer", "theme", "pilot_from", "evaluation_by", "rollout_from",
               "min_forums", "max_forums", "pilot_per_type")
FORUM_FIELDS = ("title", "held_on", "starts_at", "place", "mode", "secretary_id", "plan_id")


class TransitionError(Exception):
    """The forum is not in a status that allows this step."""


def framework() -> dict:
    return yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))


def seed_agenda_template() -> int:
    if db.session.scalar(sa.select(sa.func.count(AgendaTemplateItem.id))):
        return 0
    items = framework()["items"]
    for position, item in enumerate(items):
        db.session.add(AgendaTemplateItem(position=position, code=item["code"], part=item.get("part"),
                                          title=item["title"], planned_minutes=item["minutes"],
                                          presenter=item.get("presenter", ""),
                                          without_committee_only=item.get("without_committee_only", False)))
    return len(items)


def _changes(obj, data: dict, fields) -> dict:
    changed = {}
    for key in fields:
        if key in data and getattr(obj, key) != data[key]:
            changed[key] = [getattr(obj, key), data[key]]
            setattr(obj, key, data[key])
    return changed


# --- plans -----------------------------------------------------------------------------------------

def create_plan(organisation: Organisation, data: dict, actor=None) -> Plan:
    plan = Plan(organisation_id=organisation.id)
    _changes(plan, data, PLAN_FIELDS)
    db.session.add(plan)
    record("plan.create", plan, organisation_id=organisation.id, actor=actor, number=plan.number)
    return plan


def update_plan(plan: Plan, data: dict, actor=None) -> None:
    changed = _changes(plan, data, PLAN_FIELDS)
    if changed:
        record("plan.update", plan, organisation_id=plan.organisation_id, actor=actor, changed=changed)


# --- forums ----------------------------------------------------------------------------------------

def _template_items(parts: list[str], has_committee: bool) -> list[AgendaTemplateItem]:
    rows = db.session.scalars(sa.select(AgendaTemplateItem).order_by(AgendaTemplateItem.position)).all()
    return [t for t in rows if (t.part is None or t.part in parts)
            and not (t.without_committee_only and has_committee)]


def plan_forum(cell: Organisation, data: dict, parts: list[str], actor=None) -> Forum:
    """A new forum in draft, its agenda drawn from the framework programme for the chosen parts."""
    forum = Forum(cell_id=cell.id, parts=list(parts), status="draft")
    _changes(forum, data, FORUM_FIELDS)
    for position, t in enumerate(_template_items(parts, cell.has_committee)):
        forum.agenda.append(AgendaItem(position=position, code=t.code, title=t.title,
                                       planned_minutes=t.planned_minutes, presenter=t.presenter))
    _review_open_tasks(forum, cell)
    db.session.add(forum)
    record("forum.plan", forum, organisation_id=cell.id, actor=actor, title=forum.title,
           held_on=forum.held_on, parts=parts)
    return forum


def _review_open_tasks(forum: Forum, cell: Organisation) -> None:
    """Open tasks of earlier resolutions come first, right after the opening (kiểm điểm nghị quyết)."""
    from ..followup.actions import open_tasks

    tasks = open_tasks(cell.id)
    if not tasks:
        return
    item = AgendaItem(code="kiem_diem", planned_minutes=10, presenter="Bí thư chi bộ",
                      title=f"Kiểm điểm việc thực hiện nghị quyết: {len(tasks)} nhiệm vụ đang thực hiện")
    forum.agenda.insert(1 if forum.agenda else 0, item)
    _renumber(forum)


def update_forum(forum: Forum, data: dict, parts: list[str], actor=None) -> dict:
    changed = _changes(forum, data, FORUM_FIELDS)
    if sorted(parts) != sorted(forum.parts or []):
        changed["parts"] = [forum.parts, parts]
        _sync_parts(forum, parts)
    if changed:
        record("forum.update", forum, organisation_id=forum.cell_id, actor=actor, changed=changed)
    return changed


def set_secretary(forum: Forum, secretary_id: int | None, actor=None) -> bool:
    """Appoint, replace or withdraw the forum's secretary: the operator rights follow at once."""
    if forum.secretary_id == secretary_id:
        return False
    record("forum.secretary", forum, organisation_id=forum.cell_id, actor=actor,
           old=forum.secretary_id, new=secretary_id, status=forum.status)
    forum.secretary_id = secretary_id
    return True


def _sync_parts(forum: Forum, parts: list[str]) -> None:
    """Add the framework items of newly chosen parts (in framework order), drop those of removed parts."""
    wanted = _template_items(parts, forum.cell.has_committee)
    by_code = {t.code: t for t in db.session.scalars(sa.select(AgendaTemplateItem))}
    removed = set(forum.parts or []) - set(parts)
    for item in list(forum.agenda):
        if item.code in by_code and by_code[item.code].part in removed:
            forum.agenda.remove(item)
    present = {item.code for item in forum.agenda}
    order = [t.code for t in wanted]
    for t in wanted:
        if t.code in present:
            continue
        # Insert after the last item that comes before it in the framework.
        earlier = set(order[:order.index(t.code)])
        index = max((i for i, it in enumerate(forum.agenda) if it.code in earlier), default=-1) + 1
        forum.agenda.insert(index, AgendaItem(code=t.code, title=t.title, planned_minutes=t.planned_minutes,
                                              presenter=t.presenter))
    _renumber(forum)
    forum.parts = list(parts)


def _renumber(forum: Forum) -> None:
    for position, item in enumerate(forum.agenda):
        item.position = position


def delete_draft(forum: Forum, actor=None) -> None:
    if not forum.is_draft:
        raise TransitionError(forum.status)
    record("forum.delete", forum, organisation_id=forum.cell_id, actor=actor, title=forum.title)
    db.session.delete(forum)


# --- agenda ----------------------------------------------------------------------------------------

def add_agenda_item(forum: Forum, title: str, minutes: int, presenter: str, actor=None) -> AgendaItem:
    item = AgendaItem(title=title, planned_minutes=minutes, presenter=presenter, position=len(forum.agenda))
    forum.agenda.append(item)
    record("agenda.add", item, organisation_id=forum.cell_id, actor=actor, forum_id=forum.id, title=title)
    return item


def update_agenda_item(item: AgendaItem, title: str, minutes: int, presenter: str, actor=None) -> dict:
    changed = _changes(item, {"title": title, "planned_minutes": minutes, "presenter": presenter},
                       ("title", "planned_minutes", "presenter"))
    if changed:
        record("agenda.update", item, organisation_id=item.forum.cell_id, actor=actor, changed=changed)
    return changed


def remove_agenda_item(item: AgendaItem, actor=None) -> None:
    forum = item.forum
    record("agenda.remove", item, organisation_id=forum.cell_id, actor=actor, title=item.title)
    forum.agenda.remove(item)
    _renumber(forum)


def reorder_agenda(forum: Forum, ids: list[int], actor=None) -> None:
    """Put the items in the order of ``ids`` (every item exactly once)."""
    items = {item.id: item for item in forum.agenda}
    if sorted(ids) != sorted(items):
        raise ValueError("order must name every item once")
    forum.agenda[:] = [items[i] for i in ids]
    _renumber(forum)
    record("agenda.reorder", forum, organisation_id=forum.cell_id, actor=actor, order=ids)


def move_agenda_item(item: AgendaItem, offset: int, actor=None) -> None:
    ids = [i.id for i in item.forum.agenda]
    index = ids.index(item.id)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    reorder_agenda(item.forum, ids, actor=actor)


# --- guests and documents --------------------------------------------------------------------------

def invite_guest(forum: Forum, name: str, position: str, organisation: str, category: str, actor=None) -> Guest:
    guest = Guest(name=name, position=position, organisation=organisation, category=category)
    forum.guests.append(guest)
    record("guest.invite", guest, organisation_id=forum.cell_id, actor=actor, forum_id=forum.id, name=name)
    return guest


def remove_guest(guest: Guest, actor=None) -> None:
    record("guest.remove", guest, organisation_id=guest.forum.cell_id, actor=actor, name=guest.name)
    guest.forum.guests.remove(guest)


def attach_document(forum: Forum, folder: Path, content: bytes, kind: str, title: str, filename: str,
                    content_type: str, extension: str, actor=None) -> ForumDocument:
    stored = secrets.token_hex(16) + extension
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(content)
    document = ForumDocument(kind=kind, title=title, filename=filename, stored_name=stored,
                             content_type=content_type, size=len(content),
                             uploaded_by=actor_name(actor))
    forum.documents.append(document)
    record("document.attach", document, organisation_id=forum.cell_id, actor=actor, forum_id=forum.id,
           filename=filename, size=len(content))
    return document


def remove_document(document: ForumDocument, folder: Path, actor=None) -> None:
    record("document.remove", document, organisation_id=document.forum.cell_id, actor=actor,
           filename=document.filename)
    (folder / document.stored_name).unlink(missing_ok=True)
    document.forum.documents.remove(document)


# --- approval and publication (HD 12) --------------------------------------------------------------

def approve_forum(forum: Forum, by: str, on: dt.date, note: str = "", actor=None) -> None:
    forum.approved_by, forum.approved_on, forum.approval_note = by, on, note
    record("forum.approve", forum, organisation_id=forum.cell_id, actor=actor, by=by, on=on)


def publish_forum(forum: Forum, actor=None, now: dt.datetime | None = None) -> bool:
    """Send the agenda and documents to members. Returns True when the notice is shorter than a day."""
    if not rules.can_move(forum.status, "published") or not forum.approved_by:
        raise TransitionError(forum.status)
    forum.status = "published"
    forum.published_at = now or utcnow()
    from ..clock import to_local

    short = rules.notice_is_short(to_local(forum.published_at).replace(tzinfo=None), forum.starts_at_datetime)
    record("forum.publish", forum, organisation_id=forum.cell_id, actor=actor, short_notice=short)
    return short


def invite_members(forum: Forum, follow_url: str, actor=None) -> int:
    """Queue the invitation to every current member of the cell who has an address (sent after the commit,
    in Vietnamese whatever the chair's screen language); the trail says how many and through which channel."""
    from flask_babel import force_locale

    from .. import notify
    from ..members.models import Member
    from ..notify.invitations import invitation_messages

    members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id)
                                 .order_by(Member.id)).all()
    with force_locale("vi"):
        messages = invitation_messages(forum, members, follow_url)
    notify.queue(*messages)
    record("forum.invite", forum, organisation_id=forum.cell_id, actor=actor,
           email=sum(m.channel == "email" for m in messages), sms=sum(m.channel == "sms" for m in messages),
           without_address=len(members) - len(messages))
    return len(messages)


def unpublish_forum(forum: Forum, actor=None) -> None:
    if not rules.can_move(forum.status, "draft"):
        raise TransitionError(forum.status)
    forum.status = "draft"
    record("forum.unpublish", forum, organisation_id=forum.cell_id, actor=actor)


def update_agenda_template(items: list[AgendaTemplateItem], updates: dict, actor=None) -> int:
    changed = 0
    for item in items:
        title, minutes, presenter = updates[item.id]
        diff = _changes(item, {"title": title, "planned_minutes": minutes, "presenter": presenter},
                        ("title", "planned_minutes", "presenter"))
        if diff:
            changed += 1
            record("agenda_template.update", item, actor=actor, code=item.code, changed=diff)
    return changed
