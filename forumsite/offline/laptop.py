"""The meeting-room laptop's side: open a forum package into this database, and write the forum's record."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from ..accounts.models import User
from ..audit.models import AuditEntry
from ..catalogue.models import CatalogueGroup, CatalogueItem
from ..extensions import db
from ..followup.models import (
    CellTerm,
    Clause,
    ClauseSource,
    DocumentSection,
    PartyDocument,
    Review,
    SectionVersion,
    Task,
)
from ..meeting.models import Attendance, Proposal, Reservation, Speaker, Submission, Tally
from ..members.models import Member
from ..org.models import GrassrootsType, Organisation
from ..planning.models import AgendaItem, Forum, ForumDocument, Guest, Plan
from ..refusals import Refusal
from . import codec, numbering, package
from .models import LaptopCopy
from .snapshot import uploads

# The tables of a forum's record, in the order they are written (each refers only to those before it).
RECORD_TABLES = (
    ("agenda_item", AgendaItem), ("guest", Guest), ("forum_document", ForumDocument), ("attendance", Attendance),
    ("speaker", Speaker), ("proposal", Proposal), ("submission", Submission), ("tally", Tally),
    ("reservation", Reservation), ("review", Review), ("clause", Clause), ("party_document", PartyDocument),
    ("document_section", DocumentSection), ("section_version", SectionVersion), ("task", Task),
)


def _by_uuid(model, uuids) -> dict:
    uuids = [u for u in uuids if isinstance(u, str)]
    if not uuids:
        return {}
    return {o.uuid: o for o in db.session.scalars(sa.select(model).where(model.uuid.in_(uuids)))}


@package.malformed_is_refused
def import_package(opened: package.Opened) -> Forum:
    """Create (or bring up to date) the cell, its members, the accounts that run the forum and the forum itself."""
    data = opened.data
    try:
        forum_data = data["forum"]["forum"]
        existing = _by_uuid(Forum, [forum_data["uuid"]]).get(forum_data["uuid"])
    except (KeyError, TypeError):
        raise Refusal("offline_bad_format") from None
    if existing is not None:
        if existing.opened_at is not None:
            raise Refusal("offline_already_here", status=409)
        # A newer package of a forum not yet begun replaces the older one.
        db.session.execute(sa.delete(LaptopCopy).where(LaptopCopy.forum_id == existing.id))
        db.session.delete(existing)
        db.session.flush()
    ids: dict[str, dict[str, int]] = {}
    cell = _organisations(data["organisations"], ids)
    _members(data["roll"], cell, ids)
    _accounts(data.get("accounts", []), ids)
    if forum_data.get("plan_id") and data["forum"].get("plan"):
        plan_data = data["forum"]["plan"]
        plan = _by_uuid(Plan, [plan_data["uuid"]]).get(plan_data["uuid"]) or codec.load(Plan(), plan_data, ids)
        db.session.add(plan)
        db.session.flush()
        ids["plan"] = {plan.uuid: plan.id}
    else:
        forum_data = {**forum_data, "plan_id": None}
    _numbering(data.get("numbering", {}), cell)
    _catalogue(data.get("catalogue", {}))
    forum = codec.load(Forum(), {**forum_data, "current_item_id": None}, ids)
    db.session.add(forum)
    db.session.flush()
    ids["forum"] = {forum.uuid: forum.id}
    for row in data["forum"]["agenda"]:
        db.session.add(codec.load(AgendaItem(), row, ids))
    for row in data["forum"]["guests"]:
        db.session.add(codec.load(Guest(), row, ids))
    folder = uploads(forum.id)
    for row in data["forum"]["documents"]:
        content = opened.files.get(row.get("uuid"))
        if content is None:
            raise Refusal("offline_bad_format")
        document = codec.load(ForumDocument(), {**row, "stored_name": secrets.token_hex(16)}, ids)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / document.stored_name).write_bytes(content)
        db.session.add(document)
    db.session.flush()
    last_audit = db.session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
    server_id = data["forum"].get("server_id")
    db.session.add(LaptopCopy(forum_id=forum.id, package_uuid=opened.manifest["id"],
                              server_forum_id=server_id if isinstance(server_id, int) else None,
                              source=str(opened.manifest.get("source", ""))[:200], audit_from=last_audit + 1,
                              base=data.get("base", {}), documents=[d["uuid"] for d in data["forum"]["documents"]]))
    return forum


def _organisations(rows: list[dict], ids) -> Organisation:
    """The chain from the root to the cell: found by uuid or created, with paths of this database."""
    ids["organisation"] = {}
    found = _by_uuid(Organisation, [r.get("uuid") for r in rows])
    parent = None
    for row in rows:
        org = found.get(row["uuid"]) or Organisation()
        kind = row.get("grassroots_type")
        codec.load(org, {**row, "parent_id": None}, ids, skip=frozenset({"path", "depth", "created_at"}))
        org.parent_id = parent.id if parent is not None else None
        org.grassroots_type_id = _grassroots_type(kind).id if kind else None
        db.session.add(org)
        db.session.flush()
        org.path = (parent.path if parent is not None else "/") + f"{org.id}/"
        org.depth = parent.depth + 1 if parent is not None else 0
        ids["organisation"][org.uuid] = org.id
        parent = org
    if parent is None or not parent.is_cell:
        raise Refusal("offline_bad_format")
    return parent


def _grassroots_type(row: dict) -> GrassrootsType:
    found = db.session.scalar(sa.select(GrassrootsType).where(GrassrootsType.code == row["code"]))
    if found is None:
        found = GrassrootsType(code=row["code"], name=row["name"], rural=bool(row.get("rural")),
                               position=int(row.get("position") or 0))
        db.session.add(found)
        db.session.flush()
    return found


def _members(rows: list[dict], cell: Organisation, ids) -> None:
    found = _by_uuid(Member, [r.get("uuid") for r in rows])
    members = []
    for row in rows:
        member = codec.load(found.get(row["uuid"]) or Member(), row, ids)
        member.cell_id = cell.id
        db.session.add(member)
        members.append(member)
    db.session.flush()
    ids["member"] = {m.uuid: m.id for m in members}


def _accounts(rows: list[dict], ids) -> None:
    """The accounts that run the forum, with their own passwords; an account of that name already here stays."""
    for row in rows:
        if db.session.scalar(sa.select(User.id).where(User.username == row["username"])):
            continue
        member_id = ids["member"].get(row.get("member"))
        if member_id and db.session.scalar(sa.select(User.id).where(User.member_id == member_id)):
            member_id = None
        db.session.add(User(username=row["username"], display_name=row.get("display_name") or "",
                            password_hash=row["password_hash"], member_id=member_id, locale=row.get("locale")))
    db.session.flush()


def _numbering(data: dict, cell: Organisation) -> None:
    known = set(db.session.scalars(sa.select(CellTerm.starts_on).where(CellTerm.organisation_id == cell.id)))
    for term in data.get("terms", []):
        starts_on = dt.date.fromisoformat(term["starts_on"])
        if starts_on not in known:
            db.session.add(CellTerm(organisation_id=cell.id, starts_on=starts_on, label=term.get("label", "")))
    for row in data.get("floors", []):
        term = dt.date.fromisoformat(row["term_start"]) if row.get("term_start") else None
        numbering.raise_floor(cell.id, row["kind"], term, int(row["last_number"]))


def _catalogue(data: dict) -> None:
    """Items this laptop lacks (a province may have added some); its own wording of the others stays."""
    groups = set(db.session.scalars(sa.select(CatalogueGroup.code)))
    for row in data.get("groups", []):
        if row["code"] not in groups:
            db.session.add(CatalogueGroup(**row))
    db.session.flush()
    codes = set(db.session.scalars(sa.select(CatalogueItem.code)))
    for row in data.get("items", []):
        if row["code"] not in codes:
            db.session.add(CatalogueItem(**row))


# --- the record that goes back ----------------------------------------------------------------------------------

def record_data(forum: Forum, copy: LaptopCopy) -> tuple[dict, dict[str, bytes]]:
    """The forum's record as it stands on the laptop, and the documents attached here (the others the server has)."""
    rows = _record_rows(forum)
    uuids = _uuid_maps(forum, rows)
    record = {"forum": codec.dump(forum, uuids), "package": copy.package_uuid}
    for table, _model in RECORD_TABLES:
        record[table] = [codec.dump(o, uuids) for o in rows[table]]
    record["clause_source"] = [{"clause": uuids["clause"][s.clause_id], "proposal": uuids["proposal"][s.proposal_id]}
                               for s in rows["clause_source"]]
    files = {}
    folder = uploads(forum.id)
    for document in rows["forum_document"]:
        if document.uuid not in (copy.documents or []) and (folder / document.stored_name).is_file():
            files[document.uuid] = (folder / document.stored_name).read_bytes()
    return {"record": record, "audit": _audit(forum, copy, uuids), "base": copy.base}, files


def record_id(data: dict) -> str:
    """The same record exported twice has the same id, so that the server says it has it already."""
    return hashlib.sha256(package.dumps(data)).hexdigest()[:32]


def _record_rows(forum: Forum) -> dict[str, list]:
    def of(model, where):
        return db.session.scalars(sa.select(model).where(where).order_by(model.id)).all()

    rows = {table: of(model, model.forum_id == forum.id) for table, model in RECORD_TABLES
            if hasattr(model, "forum_id")}
    tallies = [t.id for t in rows["tally"]] or [-1]
    documents = [d.id for d in rows["party_document"]] or [-1]
    clauses = [c.id for c in rows["clause"]] or [-1]
    rows["reservation"] = of(Reservation, Reservation.tally_id.in_(tallies))
    rows["document_section"] = of(DocumentSection, DocumentSection.document_id.in_(documents))
    sections = [s.id for s in rows["document_section"]] or [-1]
    rows["section_version"] = of(SectionVersion, SectionVersion.section_id.in_(sections))
    rows["clause_source"] = of(ClauseSource, ClauseSource.clause_id.in_(clauses))
    return rows


def _uuid_maps(forum: Forum, rows) -> dict[str, dict[int, str]]:
    members = db.session.execute(sa.select(Member.id, Member.uuid).where(Member.cell_id == forum.cell_id)).all()
    uuids = {table: {o.id: o.uuid for o in rows[table]} for table, _m in RECORD_TABLES}
    uuids.update({"member": dict(members), "forum": {forum.id: forum.uuid},
                  "organisation": {forum.cell_id: forum.cell.uuid}})
    if forum.plan is not None:
        uuids["plan"] = {forum.plan.id: forum.plan.uuid}
    return uuids


# Audit object types whose rows travel, and the table their ids are in.
OBJECT_TABLES = {"Forum": "forum", "AgendaItem": "agenda_item", "Guest": "guest", "ForumDocument": "forum_document",
                 "Attendance": "attendance", "Speaker": "speaker", "Proposal": "proposal", "Tally": "tally",
                 "Reservation": "reservation", "Submission": "submission", "Review": "review", "Clause": "clause",
                 "PartyDocument": "party_document", "DocumentSection": "document_section", "Task": "task",
                 "Member": "member"}


def _audit(forum: Forum, copy: LaptopCopy, uuids) -> list[dict]:
    """The laptop's trail of this cell since the import, each entry naming its object by uuid."""
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.organisation_id == forum.cell_id,
                                                             AuditEntry.id >= copy.audit_from)
                                 .order_by(AuditEntry.id)).all()
    out = []
    for entry in entries:
        row = codec.dump(entry, uuids)
        table = OBJECT_TABLES.get(entry.object_type)
        row["object_uuid"] = uuids.get(table, {}).get(entry.object_id) if table else None
        out.append(row)
    return out
