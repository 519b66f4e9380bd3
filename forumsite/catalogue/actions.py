"""Changes to the catalogue: every one kept in its history and in the audit trail."""
from __future__ import annotations

import sqlalchemy as sa

from ..audit.models import actor_name, record
from ..extensions import db
from . import data, wording
from .models import CatalogueChange, CatalogueGroup, CatalogueItem


def seed_catalogue() -> int:
    """Load the shipped catalogue into an empty database; returns the number of items added. A database
    that already has one gets the shipped corrections instead (see refresh_from_shipped)."""
    if db.session.scalar(sa.select(sa.func.count(CatalogueItem.id))):
        return refresh_from_shipped()
    shipped = data.load_shipped()
    _upsert_groups(shipped["groups"])
    for position, item in enumerate(shipped["items"]):
        db.session.add(_new_item(item, position))
    return len(shipped["items"])


def refresh_from_shipped() -> int:
    """Bring an installed catalogue up to the shipped reference.yaml (run by init-db at each deploy):
    items no administrator has edited or imported take the shipped wording, certainty and sources
    (history kept, reason "shipped"); items an administrator changed keep the administrator's version;
    new items are added. Returns the number of items changed or added."""
    shipped = data.load_shipped()
    groups = {g.code: g for g in db.session.scalars(sa.select(CatalogueGroup))}
    for position, g in enumerate(shipped["groups"]):
        group = groups.get(g["code"])
        if group is None:
            db.session.add(CatalogueGroup(code=g["code"], label=g["label"], position=position, note=g["note"],
                                          sources=g["sources"]))
        elif not group.note and not group.sources:
            group.note, group.sources = g["note"], g["sources"]
    db.session.flush()
    items = {i.code: i for i in db.session.scalars(sa.select(CatalogueItem))}
    by_admin = set(db.session.scalars(sa.select(CatalogueChange.item_id).where(
        CatalogueChange.reason.in_(("edit", "import")))))
    counts = {"updated": 0, "added": 0}
    for position, entry in enumerate(shipped["items"]):
        item = items.get(entry["code"])
        if item is None:
            db.session.add(_new_item(entry, len(items) + position))
            counts["added"] += 1
        elif item.id not in by_admin and edit_item(
                item, subject=entry["subject"], text=entry["text"], certainty=entry["certainty"],
                source=entry["source"], sources=entry["sources"], note=entry["note"], reason="shipped"):
            counts["updated"] += 1
    if any(counts.values()):
        record("catalogue.import", None, source="reference.yaml", **counts)
    return sum(counts.values())


def _upsert_groups(groups: list[dict]) -> None:
    existing = {g.code: g for g in db.session.scalars(sa.select(CatalogueGroup))}
    for position, g in enumerate(groups):
        group = existing.get(g["code"]) or CatalogueGroup(code=g["code"])
        group.label, group.position = g["label"], position
        group.note, group.sources = g.get("note") or "", g.get("sources") or []
        db.session.add(group)
    db.session.flush()


def _new_item(item: dict, position: int) -> CatalogueItem:
    return CatalogueItem(code=item["code"], kind=item["kind"], number=item["number"],
                         group_code=item["group"], subject=item["subject"].strip(),
                         text=item["text"], certainty=item["certainty"], source=item["source"],
                         sources=item["sources"], note=item["note"], position=position)


def edit_item(item: CatalogueItem, *, subject: str, text: str, certainty: str, source: str, sources: list[dict],
              note: str = "", actor=None, reason: str = "edit") -> bool:
    """Replace an item's wording or its certainty; the previous version stays in the item's history."""
    before = item.snapshot()
    item.subject, item.text, item.certainty = subject.strip(), text.strip(), certainty
    item.source, item.sources, item.note = source.strip(), wording.clean_sources(sources), note.strip()
    after = item.snapshot()
    if before == after:
        return False
    db.session.add(CatalogueChange(item=item, username=actor_name(actor), reason=reason, before=before,
                                   after=after))
    record("catalogue.edit", item, actor=actor, code=item.code,
           changed=[k for k in before if before[k] != after[k]])
    return True


def import_catalogue(document: dict, actor=None) -> dict:
    """Apply an imported catalogue: update items by code (history kept), add new ones."""
    _upsert_groups(document["groups"])
    items = {i.code: i for i in db.session.scalars(sa.select(CatalogueItem))}
    counts = {"updated": 0, "added": 0, "unchanged": 0}
    for position, entry in enumerate(document["items"]):
        item = items.get(entry["code"])
        if item is None:
            db.session.add(_new_item(entry, position))
            counts["added"] += 1
            continue
        changed = edit_item(item, subject=entry["subject"], text=entry["text"], certainty=entry["certainty"],
                            source=entry["source"], sources=entry["sources"], note=entry["note"],
                            actor=actor, reason="import")
        counts["updated" if changed else "unchanged"] += 1
    record("catalogue.import", None, actor=actor, **counts)
    return counts


def export_catalogue() -> str:
    groups = [{"code": g.code, "label": g.label, "note": g.note, "sources": g.sources}
              for g in db.session.scalars(sa.select(CatalogueGroup).order_by(CatalogueGroup.position))]
    items = [{"code": i.code, "kind": i.kind, "number": i.number, "group": i.group_code, "subject": i.subject,
              "text": i.text, "certainty": i.certainty, "source": i.source, "sources": i.sources, "note": i.note}
             for i in db.session.scalars(sa.select(CatalogueItem).order_by(CatalogueItem.position))]
    return data.dump(groups, items)
