"""A poll that finds nothing changed is answered 204 without the database (issue 20.3): the forum's
version is what the hub last published (this process's memory; Redis in scale-out), and the caller (a
display link, a login session) passed the full checks a moment ago. A change is still seen at once, and a
caller that never passed the checks goes the whole way."""
import os
from contextlib import contextmanager

import pytest
from flask import request_started
from sqlalchemy import event

from forumsite.extensions import db
from forumsite.live import changed
from forumsite.live.hub import InProcessHub, RedisHub
from forumsite.planning.models import Forum
from forumsite.screen import actions

from .helpers import plan_forum_of_cell_a

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture(params=["memory", "redis"])
def hub(request):
    if request.param == "memory":
        yield InProcessHub()
        return
    if not REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL must be set in CI")
        pytest.skip("TEST_REDIS_URL not set")
    redis_hub = RedisHub(REDIS_URL)
    if not redis_hub.healthy:
        redis_hub.close()
        pytest.fail(f"Redis does not answer at {REDIS_URL}")
    redis_hub.forget_versions()  # those an earlier test's database left (its forums had the same ids)
    yield redis_hub
    redis_hub.close()


@pytest.fixture
def forum(app, demo, hub):
    """Cell A's forum in session with a projector link, the hub under test serving it."""
    app.extensions["forumsite_hub"] = hub
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        token = actions.new_display_link(db.session.get(Forum, forum_id))
        db.session.commit()
    return forum_id, token


@contextmanager
def statements(app):
    """The SQL statements sent while the block runs."""
    sent: list[str] = []

    def hook(conn, cursor, statement, *args):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", hook)


def version(app, forum_id) -> int:
    with app.app_context():
        return db.session.get(Forum, forum_id).live_version


def change(app, forum_id) -> None:
    """A change of the session as any action makes it: the version goes up, the hub hears after the commit."""
    with app.app_context():
        changed(db.session.get(Forum, forum_id), "proposals")
        db.session.commit()


POLLS = {  # who polls, and where
    "projector": (None, "/display/{token}/poll"),
    "phone": ("dangvien", "/forums/{forum}/follow/poll"),
    "console": ("thuky", "/forums/{forum}/console/poll"),
}


@pytest.mark.parametrize("screen", sorted(POLLS))
def test_an_unchanged_poll_sends_no_sql_and_a_change_is_still_seen(client, auth, app, forum, screen):
    forum_id, token = forum
    user, path = POLLS[screen]
    path = path.format(token=token, forum=forum_id)
    if user:
        auth.login(user)
    first = client.get(f"{path}?v=-1")  # the full checks, and the regions (the console: the version)
    assert first.status_code == 200
    now = version(app, forum_id)

    assert client.get(f"{path}?v={now}").status_code == 204
    started = []
    request_started.connect(started.append, app)
    try:
        with statements(app) as sent:
            unchanged = client.get(f"{path}?v={now}")
    finally:
        request_started.disconnect(started.append, app)
    assert unchanged.status_code == 204
    assert sent == [] and started == []  # answered in front of Flask (screen/shortcut.py) …
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert header in unchanged.headers  # … with the headers Flask gives the same answer

    change(app, forum_id)
    with statements(app) as sent:
        after = client.get(f"{path}?v={now}")
    assert after.status_code == 200 and sent  # the change is seen, through the database
    assert str(now + 1) in after.get_data(as_text=True)
    assert client.get(f"{path}?v={now + 1}").status_code == 204


def test_a_caller_never_checked_goes_the_whole_way(client, auth, app, forum):
    forum_id, _token = forum
    auth.login("dangvien")
    assert client.get(f"/forums/{forum_id}/follow/poll?v=-1").status_code == 200
    now = version(app, forum_id)
    # Another browser: not logged in, then logged in as the chair of another cell — neither learns anything.
    other = app.test_client()
    assert other.get(f"/forums/{forum_id}/follow/poll?v={now}").status_code in (302, 401)
    other.post("/login", data={"username": "bithu2", "password": "demo12345"})
    with statements(app) as sent:
        assert other.get(f"/forums/{forum_id}/follow/poll?v={now}").status_code == 404
    assert sent
    # A wrong display link is checked against the database and refused.
    assert other.get(f"/display/{'x' * 32}/poll?v={now}").status_code == 404


def test_a_version_written_outside_the_hub_is_seen_once_the_memory_expires(client, app, forum, hub, monkeypatch):
    import importlib

    hub_module = importlib.import_module("forumsite.live.hub")  # the module, not live.hub() the function
    if isinstance(hub, RedisHub):
        pytest.skip("Redis forgets the version by itself (EX), not by VERSION_TTL read at each call")
    forum_id, token = forum
    assert client.get(f"/display/{token}/poll?v=-1").status_code == 200
    now = version(app, forum_id)
    with app.app_context():  # another program (a CLI command) bumps the version: no publication here
        db.session.get(Forum, forum_id).live_version = now + 1
        db.session.commit()
    assert client.get(f"/display/{token}/poll?v={now}").status_code == 204  # from memory, for now
    monkeypatch.setattr(hub_module, "VERSION_TTL", -1.0)  # … which is trusted for VERSION_TTL seconds
    assert client.get(f"/display/{token}/poll?v={now}").status_code == 200


@pytest.mark.parametrize("screen", ["projector", "phone"])
def test_a_change_rendered_for_one_poll_is_answered_to_the_next_without_sql(client, auth, app, forum, screen):
    forum_id, token = forum
    user, path = POLLS[screen]
    path = path.format(token=token, forum=forum_id)
    if user:
        auth.login(user)
    assert client.get(f"{path}?v=-1").status_code == 200
    before = version(app, forum_id)
    change(app, forum_id)
    first = client.get(f"{path}?v={before}")  # renders the regions once for this version …
    with statements(app) as sent:
        second = client.get(f"{path}?v={before}")  # … which the next screen polling gets from memory
    assert sent == []
    assert second.status_code == 200 and second.get_data(as_text=True) != ""
    assert f'id="screen-version" hx-swap-oob="innerHTML">{before + 1}<' in second.get_data(as_text=True)
    assert f'hx-swap-oob="innerHTML">{before + 1}<' in first.get_data(as_text=True)


def test_a_revoked_display_link_gets_no_regions_from_memory(client, app, forum):
    forum_id, token = forum
    assert client.get(f"/display/{token}/poll?v=-1").status_code == 200
    before = version(app, forum_id)
    with app.app_context():
        new = actions.new_display_link(db.session.get(Forum, forum_id))  # the old link stops working
        db.session.commit()
    assert client.get(f"/display/{new}/poll?v={before}").status_code == 200  # rendered for the new link
    assert client.get(f"/display/{token}/poll?v={before}").status_code == 404
