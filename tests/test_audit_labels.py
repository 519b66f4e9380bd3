"""The audit trail reads as Vietnamese sentences, not codes: every code the code can write has a label."""
from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from forumsite.audit.labels import ACTIONS, OBJECTS
from forumsite.audit.models import AuditEntry
from forumsite.extensions import db

SOURCE = Path(__file__).resolve().parent.parent / "forumsite"
# record("…"), and the areas' own wrappers around it: _audit("…") and _done("…").
CALL = re.compile(r"\b(?:record|_audit|_done)\(\s*[\"']([a-z_]+\.[a-z_]+)[\"']")


def codes_in_source() -> set[str]:
    return {m.group(1) for path in SOURCE.rglob("*.py") for m in CALL.finditer(path.read_text(encoding="utf-8"))}


def test_every_action_code_written_in_the_source_has_a_label():
    codes = codes_in_source()
    assert len(codes) > 60  # the scan finds the calls (it would find none if the pattern broke)
    assert sorted(codes - ACTIONS.keys()) == []


def test_every_code_and_object_of_a_whole_forum_has_a_label(app):
    from forumsite.demo import load_demo

    with app.app_context():
        load_demo(finished_forum=True)
        db.session.commit()
        rows = db.session.execute(sa.select(AuditEntry.action, AuditEntry.object_type).distinct()).all()
    assert rows
    assert sorted({a for a, _ in rows} - ACTIONS.keys()) == []
    assert sorted({o for _, o in rows if o} - OBJECTS.keys()) == []


def test_the_chair_reads_labels_not_codes(client, auth, demo):
    auth.login("bithu")
    html = client.get("/audit/").get_data(as_text=True)
    shown = re.findall(r'<td title="([a-z_.]+)">([^<]+)</td>', html)
    assert shown, "the cell's trail is empty or not labelled"
    for code, label in shown:
        assert label == str(ACTIONS[code]) and label != code
    client.post("/lang", data={"lang": "en"})
    english = client.get("/audit/").get_data(as_text=True)
    assert re.findall(r'<td title="([a-z_.]+)">([^<]+)</td>', english) != shown
