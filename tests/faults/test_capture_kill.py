"""The server killed (SIGKILL) in the middle of 50 captured proposals: after a restart and a resend of
everything not acknowledged, each proposal is stored exactly once — none lost, none doubled."""
from __future__ import annotations

import threading
import uuid

import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.meeting.models import Proposal

from .helpers import Client, Server, open_forum

COUNT = 50


def submit(client: Client, token: str, forum_id: int, key: str, text: str) -> int | None:
    """One capture as the console sends it; the proposal's id when the server acknowledged it, else None."""
    try:
        answer = client.post(f"/forums/{forum_id}/console/proposals",
                             {"key": key, "text": text, "kind": "giai_phap", "csrf_token": token},
                             headers={"HX-Request": "true"}, timeout=5)
    except OSError:  # connection refused or reset: the server is gone
        return None
    assert answer.status == 200, answer.text[:300]
    trigger = answer.headers.get("HX-Trigger", "")
    assert f'"key": "{key}"' in trigger, trigger
    return int(trigger.rsplit(":", 1)[1].strip(" }"))


def test_sigkill_in_the_middle_of_fifty_submissions_loses_and_doubles_nothing(app, demo, tmp_path):
    forum_id = open_forum(app, demo)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        db.engine.dispose()
    lines = [(uuid.uuid4().hex, f"gp: Giải pháp số {i + 1} về sinh hoạt chi bộ BH3") for i in range(COUNT)]
    acked: dict[str, int] = {}
    half = threading.Event()

    server = Server(url, tmp_path / "server.log").start()
    try:
        client = Client(server.base)
        token = client.login("thuky")

        def secretary():
            for key, text in lines:
                pid = submit(client, token, forum_id, key, text)
                if pid is not None:
                    acked[key] = pid
                if len(acked) >= COUNT // 2:
                    half.set()

        worker = threading.Thread(target=secretary)
        worker.start()
        assert half.wait(60), "the first half was never acknowledged"
        server.kill()  # while the thread keeps submitting
        worker.join(60)
        assert not worker.is_alive()
        assert COUNT // 2 <= len(acked) < COUNT, "the kill did not land in the middle"

        server.start()  # same database, same secret: the console's session is still valid
        resent = [(k, t) for k, t in lines if k not in acked]
        for key, text in lines:  # the browser resends what it has no acknowledgement for …
            if key not in acked:
                pid = submit(client, token, forum_id, key, text)
                assert pid is not None
                acked[key] = pid
        for key, text in lines[:3]:  # … and a resend of something already acknowledged changes nothing
            assert submit(client, token, forum_id, key, text) == acked[key]
    finally:
        server.stop()

    assert resent
    with app.app_context():
        rows = db.session.execute(sa.select(Proposal.idempotency_key, Proposal.id, Proposal.text)
                                  .where(Proposal.forum_id == forum_id)).all()
        db.session.remove()
    by_key: dict[str, list] = {}
    for key, pid, text in rows:
        by_key.setdefault(key, []).append((pid, text))
    assert len(rows) == COUNT
    assert all(len(v) == 1 for v in by_key.values())
    for key, text in lines:
        assert by_key[key] == [(acked[key], text.split(": ", 1)[1])]
