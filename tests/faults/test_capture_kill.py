"""The server killed (SIGKILL) in the middle of 50 captured proposals: after a restart and a resend of
everything not acknowledged, each proposal is stored exactly once — none lost, none doubled.
The long variant (--runslow) kills it five times during 250."""
from __future__ import annotations

import threading
import uuid

import pytest
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


@pytest.mark.parametrize("count, kills", [
    pytest.param(COUNT, 1, id="50-submissions-1-kill"),
    pytest.param(250, 5, id="250-submissions-5-kills", marks=pytest.mark.slow),
])
def test_sigkill_in_the_middle_of_the_submissions_loses_and_doubles_nothing(app, demo, tmp_path, count, kills):
    forum_id = open_forum(app, demo)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        db.engine.dispose()
    lines = [(uuid.uuid4().hex, f"gp: Giải pháp số {i + 1} về sinh hoạt chi bộ BH3") for i in range(count)]
    acked: dict[str, int] = {}

    server = Server(url, tmp_path / "server.log").start()
    try:
        client = Client(server.base)
        token = client.login("thuky")
        for round_ in range(kills):
            # The browser first resends what it has no acknowledgement for, then goes on typing.
            pending = [(k, t) for k, t in lines if k not in acked]
            kill_after = len(acked) + max(1, len(pending) // (kills - round_ + 1))
            enough = threading.Event()

            def secretary(pending=pending, kill_after=kill_after, enough=enough):
                for key, text in pending:
                    pid = submit(client, token, forum_id, key, text)
                    if pid is not None:
                        acked[key] = pid
                    if len(acked) >= kill_after:
                        enough.set()

            worker = threading.Thread(target=secretary)
            worker.start()
            assert enough.wait(60), "the server stopped acknowledging before the kill"
            server.kill()  # while the thread keeps submitting
            worker.join(60)
            assert not worker.is_alive()
            assert len(acked) < count, "the kill did not land before the end"
            server.start()  # same database, same secret: the console's session is still valid
        unacked = [(k, t) for k, t in lines if k not in acked]
        for key, text in unacked:
            pid = submit(client, token, forum_id, key, text)
            assert pid is not None
            acked[key] = pid
        for key, text in lines[:3]:  # a resend of something already acknowledged changes nothing
            assert submit(client, token, forum_id, key, text) == acked[key]
    finally:
        server.stop()

    assert unacked
    with app.app_context():
        rows = db.session.execute(sa.select(Proposal.idempotency_key, Proposal.id, Proposal.text)
                                  .where(Proposal.forum_id == forum_id)).all()
        db.session.remove()
    by_key: dict[str, list] = {}
    for key, pid, text in rows:
        by_key.setdefault(key, []).append((pid, text))
    assert len(rows) == count
    assert all(len(v) == 1 for v in by_key.values())
    for key, text in lines:
        assert by_key[key] == [(acked[key], text.split(": ", 1)[1].removesuffix(" BH3"))]  # the code is a tag
