"""State changes of the organisation tree."""
from __future__ import annotations

import sqlalchemy as sa

from ..audit.models import record
from ..extensions import db
from .models import GrassrootsType, Organisation


def _place(org: Organisation, parent: Organisation | None) -> None:
    db.session.flush()
    org.path = (parent.path if parent else "/") + f"{org.id}/"
    org.depth = (parent.depth + 1) if parent else 0


def create_organisation(parent: Organisation | None, *, name: str, kind: str, grassroots_type_id: int | None,
                        is_pilot: bool = False, has_committee: bool = False, actor=None) -> Organisation:
    org = Organisation(parent=parent, name=name, kind=kind, grassroots_type_id=grassroots_type_id,
                       is_pilot=is_pilot, has_committee=has_committee)
    db.session.add(org)
    _place(org, parent)
    record("organisation.create", org, organisation_id=org.id, actor=actor, name=name, kind=kind,
           parent_id=parent.id if parent else None)
    return org


def update_organisation(org: Organisation, *, name: str, kind: str, grassroots_type_id: int | None,
                        is_pilot: bool, has_committee: bool, actor=None) -> None:
    before = {"name": org.name, "kind": org.kind, "grassroots_type_id": org.grassroots_type_id,
              "is_pilot": org.is_pilot, "has_committee": org.has_committee}
    org.name, org.kind, org.grassroots_type_id = name, kind, grassroots_type_id
    org.is_pilot, org.has_committee = is_pilot, has_committee
    after = {"name": name, "kind": kind, "grassroots_type_id": grassroots_type_id,
             "is_pilot": is_pilot, "has_committee": has_committee}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    record("organisation.update", org, organisation_id=org.id, actor=actor, changed=changed)


def move_organisation(org: Organisation, new_parent: Organisation | None, actor=None) -> None:
    """Re-hang a subtree (units merge and split): every descendant's path follows."""
    old_path = org.path
    new_path = (new_parent.path if new_parent else "/") + f"{org.id}/"
    shift = (new_parent.depth + 1 if new_parent else 0) - org.depth
    db.session.execute(
        sa.update(Organisation)
        .where(Organisation.path.startswith(old_path, autoescape=True))
        .values(path=sa.literal(new_path, sa.String) + sa.func.substr(Organisation.path, len(old_path) + 1),
                depth=Organisation.depth + shift)
        .execution_options(synchronize_session=False))
    org.parent_id = new_parent.id if new_parent else None
    db.session.expire(org, ["path", "depth"])
    record("organisation.move", org, organisation_id=org.id, actor=actor,
           from_parent=old_path, to_parent=new_parent.id if new_parent else None)


def save_grassroots_type(gtype: GrassrootsType | None, *, code: str, name: str, rural: bool, position: int,
                         actor=None) -> GrassrootsType:
    created = gtype is None
    if created:
        gtype = GrassrootsType()
        db.session.add(gtype)
    gtype.code, gtype.name, gtype.rural, gtype.position = code, name, rural, position
    record("grassroots_type.create" if created else "grassroots_type.update", gtype, actor=actor,
           code=code, name=name, rural=rural)
    return gtype
