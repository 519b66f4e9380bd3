"""State changes of members: one small named function each, every one audited."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..audit.models import current_actor, record
from ..clock import utcnow
from ..extensions import db
from ..org.models import Organisation
from .models import FLAGS, Member, MemberTransfer, TransferRequest

FIELDS = ("full_name", "gender", "birth_year", "joined_on", "official_on", "status", "role", "email", "phone", *FLAGS)


def _apply(member: Member, data: dict) -> dict:
    changed = {}
    for key in FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "full_name":
            value = " ".join(value.split())
        if key == "gender":
            value = value or None
        old = getattr(member, key)
        if old != value:
            changed[key] = [old, value]
            if key == "full_name":
                member.set_name(value)
            else:
                setattr(member, key, value)
    return changed


def create_member(cell: Organisation, data: dict, actor=None) -> Member:
    member = Member(cell_id=cell.id)
    member.set_name(data["full_name"])
    _apply(member, data)
    db.session.add(member)
    record("member.create", member, organisation_id=cell.id, actor=actor, name=member.full_name)
    return member


def update_member(member: Member, data: dict, actor=None) -> dict:
    changed = _apply(member, data)
    if changed:
        record("member.update", member, organisation_id=member.cell_id, actor=actor, changed=changed)
    return changed


def transfer_member(member: Member, to_cell: Organisation, on: dt.date, note: str = "", actor=None) -> MemberTransfer:
    """Chuyển sinh hoạt đảng: the member leaves this cell's roll (and its leadership) for another.

    Only through accept_transfer (the receiving side's consent) or the administrator's CLI: a sending chair
    alone must not change another cell's roll."""
    transfer = MemberTransfer(member=member, from_cell_id=member.cell_id, to_cell_id=to_cell.id,
                              transferred_on=on, note=note, by_user_id=getattr(current_actor(actor), "id", None))
    db.session.add(transfer)
    old_cell = member.cell_id
    member.cell_id = to_cell.id
    member.role = "dang_vien"
    record("member.transfer", member, organisation_id=old_cell, actor=actor, to_cell_id=to_cell.id, on=on)
    record("member.transfer_in", member, organisation_id=to_cell.id, actor=actor, from_cell_id=old_cell, on=on)
    return transfer


class TransferError(Exception):
    """A transfer step that cannot be taken in the request's present state; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def pending_request(member: Member) -> TransferRequest | None:
    return db.session.scalar(sa.select(TransferRequest).where(TransferRequest.member_id == member.id,
                                                              TransferRequest.status == "pending"))


def request_transfer(member: Member, to_cell: Organisation, on: dt.date, note: str = "",
                     actor=None) -> TransferRequest:
    """The sending cell asks: the member stays on its roll until the receiving side accepts."""
    if not to_cell.is_cell or to_cell.id == member.cell_id:
        raise TransferError("bad_cell")
    if pending_request(member) is not None:
        raise TransferError("already_pending")
    actor = current_actor(actor)
    req = TransferRequest(member=member, from_cell_id=member.cell_id, to_cell_id=to_cell.id, transferred_on=on,
                          note=note, status="pending", requested_by_id=getattr(actor, "id", None))
    db.session.add(req)
    record("transfer.request", req, organisation_id=member.cell_id, actor=actor, member_id=member.id,
           to_cell_id=to_cell.id, on=on)
    return req


def _decide(req: TransferRequest, status: str, actor) -> None:
    if not req.is_pending:
        raise TransferError("not_pending")
    req.status = status
    req.decided_by_id = getattr(current_actor(actor), "id", None)
    req.decided_at = utcnow()


def accept_transfer(req: TransferRequest, actor=None) -> MemberTransfer:
    """The receiving side accepts: the member moves now, and the history keeps the transfer."""
    if req.is_pending and req.member.cell_id != req.from_cell_id:
        raise TransferError("stale")  # moved meanwhile (by an administrator): nothing to accept any more
    _decide(req, "accepted", actor)
    record("transfer.accept", req, organisation_id=req.to_cell_id, actor=actor, member_id=req.member_id,
           from_cell_id=req.from_cell_id)
    transfer = transfer_member(req.member, req.to_cell, req.transferred_on, req.note, actor=actor)
    db.session.flush()
    req.transfer_id = transfer.id
    return transfer


def decline_transfer(req: TransferRequest, actor=None) -> None:
    _decide(req, "declined", actor)
    record("transfer.decline", req, organisation_id=req.to_cell_id, actor=actor, member_id=req.member_id,
           from_cell_id=req.from_cell_id)


def cancel_transfer(req: TransferRequest, actor=None) -> None:
    """The sender withdraws a request not yet decided."""
    _decide(req, "cancelled", actor)
    record("transfer.cancel", req, organisation_id=req.from_cell_id, actor=actor, member_id=req.member_id,
           to_cell_id=req.to_cell_id)


def import_members(cell: Organisation, records: list[dict], filename: str, actor=None, progress=None) -> int:
    """Add a validated batch in one transaction: all rows or none."""
    for i, data in enumerate(records, 1):
        member = Member(cell_id=cell.id)
        member.set_name(data["full_name"])
        _apply(member, data)
        db.session.add(member)
        if progress and i % 500 == 0:
            progress(i)
    record("member.import", None, organisation_id=cell.id, actor=actor, file=filename, rows=len(records))
    return len(records)
