"""Live streams keep to the rights of whoever opened them (security probe F11, I1).

A console stream ends as soon as its viewer logs out (anywhere: logout changes the account's session key),
is deactivated or is no longer an operator of the forum — checked before a change is sent and at every
heartbeat — and sends nothing after. Each language has its own rendering of a change."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.members.models import Member
from forumsite.planning.models import Forum
from tests.helpers import HX, plan_forum_of_cell_a, url

from .live_streams import Listener, end_streams, logged_in  # noqa: F401  (fixture)


def member_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == name))


@pytest.fixture
def slow_heartbeat(monkeypatch):
    """No heartbeat during the test: only the arrival of a change can end the stream."""
    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 30.0)


@pytest.fixture
def quick_heartbeat(monkeypatch):
    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 0.3)


def test_a_console_stream_sends_nothing_after_logout(app, client, live, slow_heartbeat):
    listener = Listener(logged_in(app, "thuky"), url(live, "/stream"))
    assert listener.status == 200
    listener.until("event: conclusion")
    client.post("/logout")  # thuky logs out on another device: every session of the account ends
    chair = logged_in(app, "bithu")
    answer = chair.post(url(live, "/proposals"), headers=HX,
                        data={"key": "after-logout-1", "text": "gp: Ý kiến sau khi thư ký đã đăng xuất"})
    assert answer.status_code == 200
    rest = listener.rest()
    assert "event: bye" in rest
    assert "sau khi thư ký đã đăng xuất" not in rest


def test_a_console_stream_ends_at_the_heartbeat_after_logout(app, client, live, quick_heartbeat):
    listener = Listener(logged_in(app, "thuky"), url(live, "/stream"))
    listener.until("event: conclusion")
    client.post("/logout")
    assert "event: bye" in listener.rest(10)


def test_a_console_stream_ends_when_the_secretary_is_unappointed(app, demo, slow_heartbeat):
    forum_id = plan_forum_of_cell_a(app, demo)  # published: the chair may still change the secretary
    listener = Listener(logged_in(app, "thuky"), url(forum_id, "/stream"))
    assert listener.status == 200
    listener.until("event: conclusion")
    with app.app_context():  # the chair appoints somebody else
        db.session.get(Forum, forum_id).secretary_id = member_id(app, "Trần Thị Lan")
        db.session.commit()
    chair = logged_in(app, "bithu")
    absent = member_id(app, "Võ Thị Mai")
    answer = chair.post(url(forum_id, f"/attendance/{absent}"), headers=HX,
                        data={"status": "absent_excused", "reason": "Đang điều trị tại bệnh viện tỉnh"})
    assert answer.status_code == 200
    rest = listener.rest()
    assert "event: bye" in rest and "bệnh viện tỉnh" not in rest


def test_a_console_stream_ends_when_the_account_is_deactivated(app, live, quick_heartbeat):
    from forumsite.accounts import actions
    from forumsite.accounts.models import User

    listener = Listener(logged_in(app, "thuky"), url(live, "/stream"))
    listener.until("event: conclusion")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "thuky"))
        actions.update_user(user, display_name=user.display_name, is_admin=False, active=False,
                            member_id=user.member_id, oversight_org_id=None)
        db.session.commit()
    assert "event: bye" in listener.rest(10)


def test_a_phone_stream_ends_after_logout(app, live, quick_heartbeat):
    phone = logged_in(app, "dangvien")
    listener = Listener(phone, f"/forums/{live}/follow/stream")
    listener.until("event: speaker")
    phone.post("/logout")
    assert "event: bye" in listener.rest(10)


def test_each_language_gets_its_own_rendering_of_a_change(app, client, live, slow_heartbeat):
    vietnamese = Listener(logged_in(app, "dangvien", "vi"), f"/forums/{live}/follow/stream")
    english = Listener(logged_in(app, "dangvien", "en"), f"/forums/{live}/follow/stream")
    vietnamese.until("event: speaker")
    english.until("event: speaker")
    client.post(url(live, "/attendance/rest-present"), headers=HX)
    client.post(url(live, "/speakers"), headers=HX, data={"name": "Trần Thị Lan"})
    client.post(url(live, "/speakers/next"), headers=HX)
    heard_vi = vietnamese.until("Đang phát biểu")  # Trần Thị Lan is speaking
    heard_en = english.until("Speaking")
    assert "Trần Thị Lan" in heard_vi and "Speaking" not in heard_vi
    assert "Trần Thị Lan" in heard_en and "Đang phát biểu" not in heard_en
