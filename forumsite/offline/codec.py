"""Rows to JSON and back, with every reference between travelling rows written as the referenced row's uuid
(ids differ between the server and the laptop; uuids do not)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..refusals import Refusal

# Columns that stay where they are: the projector's credentials and pairing, the live counter, the check-out.
LOCAL = frozenset({"id", "display_token", "pairing_code", "pairing_expires_at", "checkout_id", "live_version"})
# References to rows that never travel (accounts, the province's lists): dropped, or carried another way.
UNTRAVELLED = frozenset({"user", "grassroots_type", "forum_checkout", "catalogue_group"})
# JSON columns that hold ids of other rows.
ID_LISTS = {("tally", "proposal_ids"): "proposal", ("tally", "electorate"): "member"}


def _encode(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


def _decode(column, value):
    if value is None:
        return None
    try:
        if isinstance(column.type, sa.DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(column.type, sa.Date):
            return dt.date.fromisoformat(value)
        if isinstance(column.type, sa.Time):
            return dt.time.fromisoformat(value)
        if isinstance(column.type, (sa.Integer, sa.Boolean)) and not isinstance(value, (int, bool)):
            raise ValueError(value)
        if isinstance(column.type, sa.String) and not isinstance(value, str):
            raise ValueError(value)
    except (TypeError, ValueError):
        raise Refusal("offline_bad_record") from None
    return value


def _target(column) -> str | None:
    fks = list(column.foreign_keys)
    return fks[0].column.table.name if fks else None


def dump(obj, uuids: dict[str, dict[int, str]]) -> dict:
    """The row as JSON: references as uuids (None when the referenced row does not travel)."""
    table = obj.__table__
    out = {}
    for column in table.columns:
        if column.name in LOCAL:
            continue
        value = getattr(obj, column.key)
        target = _target(column)
        if target in UNTRAVELLED:
            continue
        if target is not None:
            out[column.name] = None if value is None else uuids.get(target, {}).get(value)
        elif (table.name, column.name) in ID_LISTS:
            known = uuids.get(ID_LISTS[(table.name, column.name)], {})
            out[column.name] = [known[i] for i in value or [] if i in known]
        else:
            out[column.name] = _encode(value)
    return out


def load(obj, data: dict, ids: dict[str, dict[str, int]], skip: frozenset[str] = frozenset()):
    """Set ``obj``'s columns from ``data``; a reference to a row that is not here is refused (a member: said so)."""
    if not isinstance(data, dict) or not isinstance(data.get("uuid"), str):
        raise Refusal("offline_bad_record")
    table = obj.__table__
    for column in table.columns:
        if column.name in LOCAL or column.name in skip or column.name not in data:
            continue
        value = data[column.name]
        target = _target(column)
        if target in UNTRAVELLED:
            continue
        if target is not None:
            value = None if value is None else _resolve(ids, target, value)
        elif (table.name, column.name) in ID_LISTS:
            value = [_resolve(ids, ID_LISTS[(table.name, column.name)], v) for v in value or []]
        else:
            value = _decode(column, value)
        if value is None and not column.nullable:
            raise Refusal("offline_bad_record")
        setattr(obj, column.key, value)
    return obj


def _resolve(ids, table: str, uid) -> int:
    found = ids.get(table, {}).get(uid)
    if found is None:
        raise Refusal("offline_unknown_member" if table == "member" else "offline_bad_record")
    return found
