"""What a forum package holds (server side): everything a laptop needs to run the forum as online."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from ..accounts.models import User
from ..catalogue.models import CatalogueGroup, CatalogueItem
from ..extensions import db
from ..followup.models import CellTerm, PartyDocument
from ..members.models import CHAIR_ROLES, Member
from ..org.models import Organisation
from . import codec


def uploads(forum_id: int) -> Path:
    """Where a forum's documents are kept (planning.material_views uses the same folder)."""
    return Path(current_app.instance_path) / "uploads" / str(forum_id)


def roll(cell_id: int) -> list[Member]:
    return db.session.scalars(sa.select(Member).where(Member.cell_id == cell_id).order_by(Member.id)).all()


def base_of(forum) -> dict:
    """The roll and the agenda as they stand: kept at check-out, compared at check-in (rules.offline.differences)."""
    from ..rules.offline import AGENDA_FIELDS, ROLL_FIELDS

    return {"roll": [{"uuid": m.uuid, **{f: getattr(m, f) for f in ROLL_FIELDS}} for m in roll(forum.cell_id)],
            "agenda": [{"uuid": i.uuid, **{f: getattr(i, f) for f in AGENDA_FIELDS}} for i in forum.agenda]}


def package_data(forum, user) -> tuple[dict, dict[str, bytes]]:
    cell = forum.cell
    chain = cell.ancestors() + [cell]
    members = roll(cell.id)
    uuids = {"organisation": {o.id: o.uuid for o in chain}, "member": {m.id: m.uuid for m in members},
             "forum": {forum.id: forum.uuid}, "plan": {forum.plan.id: forum.plan.uuid} if forum.plan else {},
             "agenda_item": {i.id: i.uuid for i in forum.agenda}}
    organisations = []
    for org in chain:
        row = codec.dump(org, uuids)
        kind = org.grassroots_type
        row["grassroots_type"] = ({"code": kind.code, "name": kind.name, "rural": kind.rural,
                                   "position": kind.position} if kind else None)
        organisations.append(row)
    files = {}
    for document in forum.documents:
        path = uploads(forum.id) / document.stored_name
        if path.is_file():
            files[document.uuid] = path.read_bytes()
    data = {
        "organisations": organisations,
        "roll": [codec.dump(m, uuids) for m in members],
        "accounts": _accounts(forum, members, user),
        "forum": {"forum": codec.dump(forum, uuids), "server_id": forum.id,
                  "plan": codec.dump(forum.plan, uuids) if forum.plan else None,
                  "agenda": [codec.dump(i, uuids) for i in forum.agenda],
                  "guests": [codec.dump(g, uuids) for g in forum.guests],
                  "documents": [codec.dump(d, uuids) for d in forum.documents if d.uuid in files]},
        "catalogue": _catalogue(),
        "numbering": _numbering(cell),
        "base": base_of(forum),
    }
    return data, files


def _accounts(forum, members, user) -> list[dict]:
    """The accounts that run the forum on the laptop — the cell's chairs and the forum's secretary, and whoever
    took the forum out — with their password hashes, so that they log in there as here. (The file is therefore
    as confidential as a backup: README.)"""
    wanted = {m.id for m in members if m.role in CHAIR_ROLES or m.id == forum.secretary_id}
    accounts = db.session.scalars(sa.select(User).where(User.member_id.in_(wanted or {-1}), User.active)).all()
    if user is not None and user.member_id in {m.id for m in members} and user not in accounts:
        accounts.append(user)
    by_id = {m.id: m.uuid for m in members}
    return [{"username": a.username, "display_name": a.display_name, "password_hash": a.password_hash,
             "member": by_id.get(a.member_id), "locale": a.locale} for a in accounts]


def _catalogue() -> dict:
    groups = db.session.scalars(sa.select(CatalogueGroup).order_by(CatalogueGroup.position)).all()
    items = db.session.scalars(sa.select(CatalogueItem).order_by(CatalogueItem.position)).all()
    keep = ("code", "label", "note", "sources", "position")
    fields = ("code", "kind", "number", "group_code", "subject", "text", "certainty", "source", "sources", "note",
              "position")
    return {"groups": [{k: getattr(g, k) for k in keep} for g in groups],
            "items": [{k: getattr(i, k) for k in fields} for i in items]}


def _numbering(cell: Organisation) -> dict:
    """The cell's terms and the highest number of each kind in each term: a laptop numbers after them."""
    terms = db.session.scalars(sa.select(CellTerm).where(CellTerm.organisation_id == cell.id)).all()
    highest = db.session.execute(
        sa.select(PartyDocument.kind, PartyDocument.term_start, sa.func.max(PartyDocument.number))
        .where(PartyDocument.organisation_id == cell.id, PartyDocument.number.is_not(None))
        .group_by(PartyDocument.kind, PartyDocument.term_start)).all()
    return {"terms": [{"starts_on": t.starts_on.isoformat(), "label": t.label} for t in terms],
            "floors": [{"kind": k, "term_start": t.isoformat() if t else None, "last_number": n}
                       for k, t, n in highest]}
