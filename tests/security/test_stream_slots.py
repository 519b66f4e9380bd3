"""Stream slots are shared out per client (security probe F14): one projector link (anonymous) or one
account holds at most STREAMS_PER_CLIENT streams, so the room's other screens and the console keep theirs.
Beyond its share a screen gets 503 and polls, as it does when the whole process is full."""
from __future__ import annotations

import pytest

from forumsite.extensions import db
from forumsite.planning.models import Forum
from tests.helpers import url

from .live_streams import Listener, end_streams, logged_in  # noqa: F401  (fixture)

SHARE = 3
SLOTS = 5  # the process: fewer than two clients' shares


@pytest.fixture
def slots(app, monkeypatch):
    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 0.3)
    app.config.update(MAX_STREAMS=SLOTS + stream.active_streams(), STREAMS_PER_CLIENT=SHARE)


def link(client, app, forum_id) -> str:
    assert client.post(f"/forums/{forum_id}/display/link").status_code == 303
    with app.app_context():
        return db.session.get(Forum, forum_id).display_token


def test_the_default_share_fits_a_browser(app):
    assert 1 <= app.config["STREAMS_PER_CLIENT"] <= 6  # a browser holds six connections per host at most


def test_one_projector_link_cannot_take_every_slot(app, client, live, slots):
    token = link(client, app, live)
    projectors = [Listener(app.test_client(), f"/display/{token}/stream") for _ in range(SHARE + 2)]
    assert [p.status for p in projectors] == [200] * SHARE + [503, 503]
    assert Listener(logged_in(app, "dangvien"), f"/forums/{live}/follow/stream").status == 200
    assert Listener(logged_in(app, "thuky"), url(live, "/stream")).status == 200


def test_one_member_cannot_take_every_slot(app, live, slots):
    phones = [Listener(logged_in(app, "dangvien"), f"/forums/{live}/follow/stream") for _ in range(SHARE + 2)]
    assert [p.status for p in phones] == [200] * SHARE + [503, 503]
    assert Listener(logged_in(app, "thuky"), url(live, "/stream")).status == 200
    assert Listener(logged_in(app, "bithu"), url(live, "/stream")).status == 200


def test_a_clients_share_comes_back_when_its_streams_end(app, live, slots):
    phone = logged_in(app, "dangvien")
    phones = [Listener(phone, f"/forums/{live}/follow/stream") for _ in range(SHARE)]
    for p in phones:
        p.until("event: speaker")
    assert Listener(phone, f"/forums/{live}/follow/stream").status == 503
    phone.post("/logout")  # ends the account's streams
    for p in phones:
        assert "event: bye" in p.rest(10)  # ended at the next heartbeat: generous for a loaded machine
    phone = logged_in(app, "dangvien")
    again = [Listener(phone, f"/forums/{live}/follow/stream") for _ in range(SHARE)]
    assert [p.status for p in again] == [200] * SHARE
