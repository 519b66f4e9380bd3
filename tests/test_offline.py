"""Issue 17: a forum checked out of the server (the `app` fixture's database: PostgreSQL in CI), held on a
laptop that is its own process with its own SQLite — killed mid-forum, restarted — and its record checked in
twice: applied once, with the laptop's figures, proposals and audit trail."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from forumsite.extensions import db

from .helpers import documents_of, frozen_now_env, plan_forum_of_cell_a

ROOT = Path(__file__).resolve().parent.parent
KEY = "test-province-offline-key"  # tests/offline_laptop.py signs with the same
PROPOSALS = 12


@pytest.fixture
def server(app, demo, auth):
    app.config["OFFLINE_SIGNING_KEY"] = KEY
    app.config["OFFLINE_SOURCE_NAME"] = "may-chu-tinh"
    forum_id = plan_forum_of_cell_a(app, demo)
    auth.login("bithu")
    return app, forum_id


def _laptop(folder: Path, *args: str, wait: bool = True):
    command = [sys.executable, str(ROOT / "tests" / "frozen_run.py"), str(ROOT / "tests" / "offline_laptop.py"),
               str(folder), *args]
    env = {**os.environ, **frozen_now_env(), "PYTHONPATH": str(ROOT)}
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                cwd=ROOT)
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _check_out(client, forum_id: int) -> bytes:
    answer = client.post(f"/forums/{forum_id}/offline/checkout", data={"destination": "Nhà văn hóa thôn Phú Hưng"})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    assert answer.mimetype == "application/zip"
    return answer.data


def _check_in(client, forum_id: int, content: bytes, **extra):
    from io import BytesIO

    return client.post(f"/forums/{forum_id}/offline/checkin", data={"record": (BytesIO(content), "bien-ban.zip"),
                                                                     **extra},
                       content_type="multipart/form-data", follow_redirects=True)


def test_forum_held_on_a_laptop_comes_back_once(server, client, tmp_path):
    from forumsite.audit.models import AuditEntry
    from forumsite.meeting import queries
    from forumsite.meeting.models import Proposal
    from forumsite.planning.models import Forum

    app, forum_id = server
    with app.app_context():  # a document attached on the server travels to the laptop with the package
        from forumsite.planning import actions as planning

        forum = db.session.get(Forum, forum_id)
        planning.attach_document(forum, Path(app.instance_path) / "uploads" / str(forum_id),
                                 b"%PDF-1.4\nbao cao de dan\n", "bao_cao_de_dan", "Báo cáo đề dẫn", "de-dan.pdf",
                                 "application/pdf", ".pdf")
        db.session.commit()
    package = tmp_path / "goi.zip"
    package.write_bytes(_check_out(client, forum_id))
    # While it is away the server refuses live changes, saying where it is.
    refused = client.post(f"/forums/{forum_id}/console/open", headers={"HX-Request": "true"})
    assert refused.status_code == 409
    assert "Nhà văn hóa thôn Phú Hưng" in refused.get_data(as_text=True)

    laptop = tmp_path / "laptop"
    laptop.mkdir()
    _laptop(laptop, "setup", str(package))
    child = _laptop(laptop, "hold", str(PROPOSALS), wait=False)
    captured = 0
    for line in child.stdout:
        if json.loads(line).get("captured") is not None:
            captured += 1
        if captured == PROPOSALS // 2:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    record_file = tmp_path / "bien-ban.zip"
    events = _laptop(laptop, "finish", str(PROPOSALS), str(record_file))
    resent = [e for e in events if "captured" in e and not e["created"]]
    assert len(resent) == PROPOSALS // 2  # the half captured before the kill was kept, not captured twice
    summary = events[-1]
    assert summary["status"] == "concluded" and len(summary["proposals"]) == PROPOSALS

    content = record_file.read_bytes()
    first = _check_in(client, forum_id, content)
    assert "Đã nhận biên bản diễn đàn từ máy họp" in first.get_data(as_text=True)
    second = _check_in(client, forum_id, content)
    assert "đã nhận trước đó" in second.get_data(as_text=True)

    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert forum.status == "concluded" and forum.checkout_id is None
        texts = sorted(db.session.scalars(sa.select(Proposal.text).where(Proposal.forum_id == forum_id)))
        assert texts == summary["proposals"]
        figures = queries.figures(forum)
        assert [figures.members, figures.present, figures.eligible, figures.present_voters] == summary["figures"]
        assert documents_of(forum) == {"documents": summary["documents"], "attachments": summary["attachments"]}
        assert len(summary["attachments"]) == 2 and summary["documents"][0][:3] == ["BB", 1, "adopted"]
        carried = db.session.execute(sa.select(AuditEntry.uuid, AuditEntry.action).where(
            AuditEntry.uuid.in_(summary["audit"]))).all()
        assert sorted(u for u, _a in carried) == summary["audit"]  # each of the laptop's entries, once
        assert sorted(a for _u, a in carried) == summary["actions"]
        marked = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.uuid.in_(summary["audit"]))).all()
        assert all(e.details.get("from_laptop") and e.organisation_id == forum.cell_id for e in marked)
        server_side = set(db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.object_type == "Forum", AuditEntry.object_id == forum_id)))
        assert {"offline.checkout", "offline.checkin"} <= server_side
    # Back on the server the record is the forum's: the page shows it held and the console answers.
    page = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "may-hop-thon" in page
