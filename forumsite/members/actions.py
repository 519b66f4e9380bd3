"""State changes of members: one small named function each, every one audited."""
from __future__ import annotations

import datetime as dt

from ..audit.models import record
from ..extensions import db
from ..org.models import Organisation
from .models import FLAGS, Member, MemberTransfer

FIELDS = ("full_name", "gender", "birth_year", "joined_on", "official_on", "status", "role", *FLAGS)


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
    """Chuyển sinh hoạt đảng: the member leaves this cell's roll (and its leadership) for another."""
    transfer = MemberTransfer(member=member, from_cell_id=member.cell_id, to_cell_id=to_cell.id,
                              transferred_on=on, note=note, by_user_id=getattr(actor, "id", None))
    db.session.add(transfer)
    old_cell = member.cell_id
    member.cell_id = to_cell.id
    member.role = "dang_vien"
    record("member.transfer", member, organisation_id=old_cell, actor=actor, to_cell_id=to_cell.id, on=on)
    record("member.transfer_in", member, organisation_id=to_cell.id, actor=actor, from_cell_id=old_cell, on=on)
    return transfer


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
