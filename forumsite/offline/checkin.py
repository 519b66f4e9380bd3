"""The server's side of the return: compare, then apply a laptop's record in the caller's one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..audit.models import AuditEntry
from ..extensions import db
from ..followup.models import ClauseSource, PartyDocument
from ..members.models import Member
from ..planning.models import Forum
from ..refusals import Refusal
from ..rules import documents as doc_rules
from ..rules import offline as rules
from ..rules import planning as planning_rules
from . import codec, package
from .laptop import OBJECT_TABLES, RECORD_TABLES, _by_uuid
from .models import ForumCheckout
from .snapshot import base_of, uploads

SESSION_TABLES = {"attendance", "speaker", "proposal", "tally"}


@dataclass
class Outcome:
    counts: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def forum_of(opened) -> Forum:
    forum = _by_uuid(Forum, [opened.manifest["forum"]]).get(opened.manifest["forum"])
    if forum is None:
        raise Refusal("offline_unknown_forum")
    return forum


@package.malformed_is_refused
def differences(forum: Forum, opened) -> list[tuple[str, str, str]]:
    """What changed on the server since the forum left (the roll, the agenda), and a check-out taken back."""
    base = opened.data.get("base") or {}
    found = rules.differences(base if isinstance(base, dict) else {}, base_of(forum))
    package_id = (opened.data.get("record") or {}).get("package")
    checkout = db.session.scalar(sa.select(ForumCheckout).where(ForumCheckout.uuid == package_id))
    if checkout is not None and checkout.cancelled_at is not None:
        found.append(("checkout", checkout.cancelled_by, "cancelled"))
    return found


def _held_on_server(forum: Forum, record_forum: dict) -> bool:
    """The forum was opened here (after its check-out was taken back), not on the laptop: the server's record
    is not overwritten. A record applied before left the laptop's opening time here."""
    return forum.opened_at is not None and forum.opened_at.isoformat() != record_forum.get("opened_at")


@package.malformed_is_refused
def apply(forum: Forum, opened) -> Outcome:
    """Write the laptop's record over the forum's: every row by uuid (updated if here, created if not), the
    session's rows the laptop no longer has removed, numbers that collide renumbered, the laptop's audit entries
    added once. Nothing is committed here: the caller's transaction holds it all."""
    record = opened.data.get("record")
    if not isinstance(record, dict) or not isinstance(record.get("forum"), dict):
        raise Refusal("offline_bad_record")
    if record["forum"].get("uuid") != forum.uuid:
        raise Refusal("offline_other_forum")
    if _held_on_server(forum, record["forum"]):
        raise Refusal("offline_held_here", status=409)
    outcome = Outcome()
    members = db.session.execute(sa.select(Member.uuid, Member.id).where(Member.cell_id == forum.cell_id)).all()
    ids: dict[str, dict[str, int]] = {"member": dict(members), "forum": {forum.uuid: forum.id},
                                      "organisation": {forum.cell.uuid: forum.cell_id}}
    if forum.plan is not None:
        ids["plan"] = {forum.plan.uuid: forum.plan.id}
    status = record["forum"].get("status")
    if status not in planning_rules.STATUSES:
        raise Refusal("offline_bad_record")
    for table, model in RECORD_TABLES:
        rows = record.get(table) or []
        if not isinstance(rows, list):
            raise Refusal("offline_bad_record")
        _apply_table(forum, table, model, rows, ids, opened, outcome)
    _clause_sources(record.get("clause_source") or [], ids)
    codec.load(forum, record["forum"], ids, skip=frozenset({"cell_id", "plan_id", "secretary_id", "created_at"}))
    forum.live_version = (forum.live_version or 0) + 1
    outcome.counts["audit"] = _audit(forum, opened.data.get("audit") or [], ids)
    return outcome


def _existing(forum, table, model, ids) -> dict:
    """The forum's rows of this table already on the server, by uuid."""
    if hasattr(model, "forum_id"):
        where = model.forum_id == forum.id
    else:
        parent_col, parent_table = {"reservation": ("tally_id", "tally"),
                                    "document_section": ("document_id", "party_document"),
                                    "section_version": ("section_id", "document_section")}[table]
        where = getattr(model, parent_col).in_(list(ids.get(parent_table, {}).values()) or [-1])
    return {o.uuid: o for o in db.session.scalars(sa.select(model).where(where))}


def _apply_table(forum, table, model, rows, ids, opened, outcome) -> None:
    here = _existing(forum, table, model, ids)
    wanted = {r.get("uuid") for r in rows if isinstance(r, dict)}
    # Rows the laptop does not have: removed there (the laptop held the forum), so removed here first, so that a
    # row the laptop recreated (one attendance per member) does not collide with the old one.
    for uid, obj in here.items():
        if uid not in wanted:
            db.session.delete(obj)
    db.session.flush()
    ids[table] = {uid: obj.id for uid, obj in here.items() if uid in wanted}
    elsewhere = _by_uuid(model, [u for u in wanted if u not in here])
    if elsewhere:  # a uuid of another forum's row: never moved over
        raise Refusal("offline_bad_record")
    deferred = []
    for row in rows:
        obj = here.get(row.get("uuid")) or model()
        skip = _self_references(table)
        if table == "forum_document":
            _document_file(forum, obj, row, opened)
        codec.load(obj, row, ids, skip=skip)
        if table == "party_document":
            _renumber(forum, obj, outcome)
        db.session.add(obj)
        deferred.append((obj, row))
    db.session.flush()
    ids[table] = {obj.uuid: obj.id for obj, _row in deferred}
    for obj, row in deferred:  # references within the table (a merge, a superseded tally), now that all exist
        for column in _self_references(table):
            value = row.get(column)
            setattr(obj, column, None if value is None else codec._resolve(ids, table, value))
    outcome.counts[table] = len(rows)


def _self_references(table: str) -> frozenset[str]:
    return {"proposal": frozenset({"merged_into_id"}), "tally": frozenset({"supersedes_id"})}.get(table, frozenset())


def _document_file(forum, obj, row, opened) -> None:
    """A document attached on the laptop comes with its file; one the server sent keeps the server's file."""
    if obj.id is not None:
        row.pop("stored_name", None)
        return
    content = opened.files.get(row.get("uuid"))
    if content is None:
        raise Refusal("offline_bad_format")
    import secrets

    row["stored_name"] = secrets.token_hex(16) + "." + str(row.get("filename", "")).rsplit(".", 1)[-1][:8]
    folder = uploads(forum.id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / row["stored_name"]).write_bytes(content)


def _renumber(forum, document: PartyDocument, outcome: Outcome) -> None:
    """A number the server gave another document of the cell meanwhile: the next free one, said in a note."""
    if document.number is None:
        return
    taken = set(db.session.scalars(sa.select(PartyDocument.number).where(
        PartyDocument.organisation_id == forum.cell_id, PartyDocument.kind == document.kind,
        PartyDocument.term_start.is_(None) if document.term_start is None
        else PartyDocument.term_start == document.term_start,
        PartyDocument.number.is_not(None), PartyDocument.uuid != document.uuid)))
    number = rules.free_number(document.number, taken)
    if number != document.number:
        outcome.notes.append({"code": "renumbered", "kind": document.kind,
                              "was": doc_rules.symbol(document.number, document.kind),
                              "now": doc_rules.symbol(number, document.kind)})
        document.number = number


def _clause_sources(rows, ids) -> None:
    clauses = list(ids.get("clause", {}).values())
    if clauses:
        db.session.execute(sa.delete(ClauseSource).where(ClauseSource.clause_id.in_(clauses)))
    seen = set()
    for row in rows:
        if not isinstance(row, dict):
            raise Refusal("offline_bad_record")
        pair = (codec._resolve(ids, "clause", row.get("clause")), codec._resolve(ids, "proposal", row.get("proposal")))
        if pair not in seen:
            seen.add(pair)
            db.session.add(ClauseSource(clause_id=pair[0], proposal_id=pair[1]))


def _audit(forum, rows, ids) -> int:
    """The laptop's entries join the server's trail once each, marked as coming from the laptop."""
    if not isinstance(rows, list):
        raise Refusal("offline_bad_record")
    known = set(db.session.scalars(sa.select(AuditEntry.uuid).where(
        AuditEntry.uuid.in_([r.get("uuid") for r in rows if isinstance(r, dict)] or ["-"]))))
    added = 0
    for row in rows:
        if row.get("uuid") in known:
            continue
        entry = codec.load(AuditEntry(), {**row, "organisation_id": None}, ids, skip=frozenset({"user_id", "ip"}))
        entry.organisation_id = forum.cell_id
        table = OBJECT_TABLES.get(row.get("object_type"))
        entry.object_id = ids.get(table, {}).get(row.get("object_uuid")) if table else None
        details = dict(entry.details or {})
        if "forum_id" in details:
            details["forum_id"] = forum.id
        details["from_laptop"] = True
        entry.details = details
        entry.ip = "offline"
        db.session.add(entry)
        added += 1
    return added
