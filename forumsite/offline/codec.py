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


# How each column is read back: by kind, worked out once per table (a record holds thousands of rows).
_PLANS: dict[str, list[tuple]] = {}


def _kind(column) -> str:
    for kind, types in (("datetime", sa.DateTime), ("date", sa.Date), ("time", sa.Time), ("int", sa.Integer),
                        ("bool", sa.Boolean), ("str", sa.String)):
        if isinstance(column.type, types):
            return kind
    return "any"


_PARSE = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat, "time": dt.time.fromisoformat}
_TYPES = {"int": (int,), "bool": (bool, int), "str": (str,)}


def _plan(table) -> list[tuple]:
    plan = _PLANS.get(table.name)
    if plan is None:
        plan = []
        for column in table.columns:
            target = _target(column)
            if column.name in LOCAL or target in UNTRAVELLED:
                continue
            listed = ID_LISTS.get((table.name, column.name))
            plan.append((column.name, column.key, _kind(column), target, listed, column.nullable))
        _PLANS[table.name] = plan
    return plan


def _decode(kind: str, value):
    if value is None:
        return None
    try:
        if kind in _PARSE:
            return _PARSE[kind](value)
        if kind in _TYPES and (not isinstance(value, _TYPES[kind]) or kind == "int" and isinstance(value, bool)):
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
    for name, key, kind, target, listed, nullable in _plan(obj.__table__):
        if name in skip or name not in data:
            continue
        value = data[name]
        if target is not None:
            value = None if value is None else _resolve(ids, target, value)
        elif listed is not None:
            if not isinstance(value or [], list):
                raise Refusal("offline_bad_record")
            value = [_resolve(ids, listed, v) for v in value or []]
        else:
            value = _decode(kind, value)
        if value is None and not nullable:
            raise Refusal("offline_bad_record")
        setattr(obj, key, value)
    return obj


def _resolve(ids, table: str, uid) -> int:
    found = ids.get(table, {}).get(uid) if isinstance(uid, str) else None
    if found is None:
        raise Refusal("offline_unknown_member" if table == "member" else "offline_bad_record")
    return found
