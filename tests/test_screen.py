"""The session screens: display links, the stream (whole screen on connect, changes after commit),
the polling fallback, the phone view, the chair's overlay — on the in-process hub and on Redis."""
import datetime as dt
import os

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.live.hub import InProcessHub, RedisHub
from forumsite.planning.models import Forum
from forumsite.screen.rules import display_valid
from tests.helpers import HX, Reader, make_link, url

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
    yield redis_hub
    redis_hub.close()


def drain(q, count, timeout=3.0):
    got = []
    for _ in range(count):
        got.append(q.get(timeout=timeout))
    return got


# --- the hub ------------------------------------------------------------------------------------------

def test_hub_keeps_order_per_forum_and_never_leaks_across_forums(hub):
    mine, other = hub.subscribe(1), hub.subscribe(2)
    for i in range(50):
        hub.publish(1, [f"r{i}"])
    hub.publish(2, ["theirs"])
    assert drain(mine, 50) == [[f"r{i}"] for i in range(50)]
    assert drain(other, 1) == [["theirs"]]
    assert mine.empty()
    hub.unsubscribe(1, mine)
    hub.publish(1, ["after"])
    hub.publish(2, ["sync"])
    assert drain(other, 1) == [["sync"]] and mine.empty()


def test_a_redis_outage_still_reaches_this_process():
    broken = RedisHub("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        q = broken.subscribe(7)
        broken.publish(7, ["proposals"])
        assert q.get(timeout=2) == ["proposals"]
        assert not broken.healthy
    finally:
        broken.close()


@pytest.mark.parametrize("status, concluded_ago, valid", [
    ("draft", None, False), ("published", None, True), ("in_session", None, True),
    ("concluded", dt.timedelta(hours=1), True), ("concluded", dt.timedelta(hours=7), False),
    ("closed", None, False),
])
def test_when_a_display_link_works(status, concluded_ago, valid):
    now = dt.datetime(2026, 12, 1, 12)
    concluded = now - concluded_ago if concluded_ago else None
    assert display_valid(True, status, concluded, now) is valid
    assert display_valid(False, "in_session", None, now) is False


# --- display links ------------------------------------------------------------------------------------


def test_the_projector_needs_only_its_link(client, auth, app, live):
    token = make_link(client, app, live)
    assert len(token) >= 32
    auth.logout()
    page = client.get(f"/display/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Chi bộ Thôn Phú Hưng" in html
    assert 'sse-connect="/display/' in html and 'src="data:image/svg+xml;charset=utf-8,' in html
    for region in ("header", "agenda", "speaker", "proposals", "tally", "overlay"):
        assert f'id="screen-{region}"' in html
    assert client.get("/display/not-the-token").status_code == 404
    assert client.get(f"/display/{token}x/stream").status_code == 404


def test_a_new_link_revokes_the_old_one_and_revoke_ends_both(client, auth, app, live):
    first = make_link(client, app, live)
    second = make_link(client, app, live)
    assert client.get(f"/display/{first}").status_code == 404
    assert client.get(f"/display/{second}").status_code == 200
    client.post(f"/forums/{live}/display/revoke")
    assert client.get(f"/display/{second}").status_code == 404


def test_the_link_expires_after_the_forum(client, auth, app, live):
    token = make_link(client, app, live)
    with app.app_context():
        forum = db.session.get(Forum, live)
        forum.status = "concluded"
        forum.concluded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=7)
        db.session.commit()
    # The page says the forum ended (410, and nothing of its record: tests/test_home.py); the screen's own
    # requests stop as before.
    ended = client.get(f"/display/{token}")
    assert ended.status_code == 410 and "Diễn đàn đã kết thúc" in ended.get_data(as_text=True)
    assert client.get(f"/display/{token}/poll").status_code == 404
    assert client.get(f"/display/{token}/stream").status_code == 404


def test_only_operators_make_links(client, auth, app, live):
    auth.logout()
    auth.login("dangvien")
    assert client.post(f"/forums/{live}/display/link").status_code == 403
    auth.logout()
    auth.login("bithu2")
    assert client.post(f"/forums/{live}/display/link").status_code == 404


# --- the stream ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def quick_heartbeat(monkeypatch):
    """Streams wake up often in tests, so that readers stop promptly."""
    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 0.3)


def test_the_stream_sends_the_whole_screen_then_what_changes(client, auth, app, live, hub):
    app.extensions["forumsite_hub"] = hub
    token = make_link(client, app, live)
    reader = Reader(app, f"/display/{token}/stream")
    assert reader.mimetype == "text/event-stream"
    opening = reader.next()
    assert opening.startswith("retry: 2000") and "event: clock" in opening and "event: version" in opening
    for region in ("header", "agenda", "speaker", "proposals", "tally", "overlay"):
        assert f"event: {region}\n" in opening  # the whole screen at once
    # The stream waits holding no database connection.
    with app.app_context():
        assert db.engine.pool.checkedout() == 0

    client.post(url(live, "/proposals"), headers=HX,
                data={"key": "stream-key-1", "text": "gp: Hiện ngay trên màn hình"})
    update = reader.until("event: proposals")
    assert "Hiện ngay trên màn hình" in update
    assert "event: agenda" not in update.split("event: version")[-1]  # only what changed
    reader.close()


def test_heartbeat_notices_a_lost_message(client, app, live):
    token = make_link(client, app, live)
    reader = Reader(app, f"/display/{token}/stream")
    reader.until("event: overlay")
    with app.app_context():  # a change whose message never reaches the hub
        forum = db.session.get(Forum, live)
        forum.live_version += 1
        forum.overlay_mode, forum.overlay_message = "message", "Nghỉ giải lao 10 phút"
        db.session.commit()
    update = reader.until("Nghỉ giải lao 10 phút")
    assert "event: overlay" in update
    reader.close()


def test_a_full_process_answers_503_so_the_screen_polls(client, app, live):
    token = make_link(client, app, live)
    app.config["MAX_STREAMS"] = 0
    assert app.test_client().get(f"/display/{token}/stream").status_code == 503


def test_polling_answers_204_until_something_changes(client, app, live):
    token = make_link(client, app, live)
    with app.app_context():
        version = db.session.get(Forum, live).live_version
    assert client.get(f"/display/{token}/poll?v={version}").status_code == 204
    client.post(url(live, "/proposals"), headers=HX, data={"key": "poll-key-1", "text": "kn: Qua đường thăm dò"})
    response = client.get(f"/display/{token}/poll?v={version}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="screen-proposals" hx-swap-oob="innerHTML"' in html
    assert "Qua đường thăm dò" in html and f'id="screen-version" hx-swap-oob="innerHTML">{version + 1}<' in html


def test_the_chairs_overlay_reaches_the_screen(client, app, live):
    token = make_link(client, app, live)
    client.post(f"/forums/{live}/display/overlay",
                data={"mode": "message", "message": "Nghỉ giải lao", "theme": "dark"})
    html = client.get(f"/display/{token}").get_data(as_text=True)
    assert "Nghỉ giải lao" in html and "theme-dark" in html
    client.post(f"/forums/{live}/display/overlay", data={"mode": "blank"})
    assert 'class="overlay blank"' in client.get(f"/display/{token}").get_data(as_text=True)
    assert client.post(f"/forums/{live}/display/overlay", data={"mode": "fireworks"}).status_code == 400


# --- the phone ----------------------------------------------------------------------------------------

def test_members_follow_on_their_phones(client, auth, app, live):
    auth.logout()
    auth.login("dangvien")
    html = client.get(f"/forums/{live}/follow").get_data(as_text=True)
    assert 'sse-connect="/forums/' in html and 'id="screen-speaker"' in html
    assert "participation" not in html and "/speak/" in html  # the request-to-speak box
    reader = Reader(app, f"/forums/{live}/follow/stream", login="dangvien")
    opening = reader.next()
    assert reader.status == 200 and "event: clock" in opening and "event: speaker" in opening
    # The secretary starts a speech: the phone hears of it.
    operator = app.test_client()
    operator.post("/login", data={"username": "thuky", "password": "demo12345"})
    operator.post(url(live, "/attendance/rest-present"), headers=HX)
    operator.post(url(live, "/speakers"), headers=HX, data={"name": "Trần Thị Lan"})
    operator.post(url(live, "/speakers/next"), headers=HX)
    assert "Trần Thị Lan" in reader.until("Đang phát biểu")
    reader.close()
    assert Reader(app, f"/forums/{live}/follow/stream").status == 302  # not logged in
    auth.logout()
    auth.login("bithu2")
    assert client.get(f"/forums/{live}/follow").status_code == 404
    assert client.get(f"/forums/{live}/follow/stream").status_code == 404
    auth.logout()
    assert client.get(f"/forums/{live}/follow").status_code == 302


def test_stream_threads_end_cleanly(client, app, live):
    token = make_link(client, app, live)
    from forumsite.screen import stream

    before = stream.active_streams()
    readers = [Reader(app, f"/display/{token}/stream") for _ in range(5)]
    for r in readers:
        r.until("event: overlay")
    assert stream.active_streams() == before + 5
    for r in readers:
        r.close()
    assert stream.active_streams() == before  # every stream released its place (and its thread ended)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Forum.id))) == 1


def test_the_console_hears_a_members_request_and_members_cannot_listen(client, auth, app, live):
    client.post(url(live, f"/attendance/{_member(app, 'Võ Thị Mai')}"), headers=HX, data={"status": "present"})
    reader = Reader(app, url(live, "/stream"), login="thuky")
    assert reader.status == 200
    reader.until("event: conclusion")
    member = app.test_client()
    member.post("/login", data={"username": "dangvien", "password": "demo12345"})
    member.post(f"/forums/{live}/speak/", headers=HX)
    update = reader.until("Võ Thị Mai")
    assert "event: speakers" in update and 'sse-swap="speakers"' in update
    reader.close()
    assert Reader(app, url(live, "/stream"), login="dangvien").status == 403


def _member(app, name):
    from forumsite.members.models import Member

    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == name))


def test_the_projector_says_the_forum_is_over_once_concluded(client, app, live):
    token = make_link(client, app, live)
    assert "Nội dung đang thảo luận" in client.get(f"/display/{token}").get_data(as_text=True)
    client.post(url(live, "/conclude"), headers=HX)
    screen = client.get(f"/display/{token}").get_data(as_text=True)
    assert "Diễn đàn đã kết thúc" in screen and "Nội dung đang thảo luận" not in screen
    console = client.get(url(live)).get_data(as_text=True)
    assert 'aria-current="step"' not in console  # no item is still running on the console either


