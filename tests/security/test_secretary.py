"""The forum secretary (security probe F2): operator rights last only while the secretary is a member of the
forum's cell, and the chair can replace or withdraw the secretary at any status until the record is closed."""
from __future__ import annotations

import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.members.models import Member
from forumsite.planning.models import Forum
from tests.helpers import plan_forum_of_cell_a


def _secretary(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == "Phạm Thị Hương"))


def _draft_of_cell_a(app, demo, secretary_id: int) -> int:
    import datetime as dt

    from forumsite.clock import today_local
    from forumsite.org.models import Organisation
    from forumsite.planning import actions

    with app.app_context():
        forum = actions.plan_forum(db.session.get(Organisation, demo["cell_a"]),
                                   {"title": "Dự thảo", "held_on": today_local(), "starts_at": dt.time(8, 0),
                                    "place": "Hội trường", "mode": "standalone", "secretary_id": secretary_id,
                                    "plan_id": None}, ["thao_luan"])
        db.session.commit()
        return forum.id


def test_a_secretary_who_left_the_cell_operates_nothing(app, client, auth, demo):
    live = plan_forum_of_cell_a(app, demo, open_it=True)
    secretary = _secretary(app)
    draft = _draft_of_cell_a(app, demo, secretary)
    auth.login("thuky")
    assert client.get(f"/forums/{live}/console").status_code == 200
    assert client.get(f"/forums/{draft}").status_code == 200
    with app.app_context():
        # The member now belongs to cell B (an accepted transfer); the forums still name them.
        db.session.get(Member, secretary).cell_id = demo["cell_b"]
        db.session.commit()
    assert client.get(f"/forums/{live}/console").status_code in (403, 404)
    assert client.get(f"/forums/{draft}").status_code == 404  # a draft of a cell they no longer belong to
    assert client.post(f"/forums/{live}/console/proposals",
                       data={"key": "exsec-0001", "text": "gp: ý kiến sau khi chuyển đi"}).status_code in (403, 404)
    auth.logout()
    auth.login("bithu")
    assert "không còn sinh hoạt tại chi bộ: cần cử thư ký khác" in client.get(f"/forums/{live}").get_data(as_text=True)


def test_the_chair_withdraws_the_secretary_during_the_session(app, client, auth, demo):
    live = plan_forum_of_cell_a(app, demo, open_it=True)
    auth.login("bithu")
    page = client.get(f"/forums/{live}").get_data(as_text=True)
    assert f"/forums/{live}/secretary" in page and "Thôi cử thư ký" in page
    response = client.post(f"/forums/{live}/secretary", data={"secretary_id": "0"})
    assert response.status_code == 303
    assert "Đã thôi cử thư ký diễn đàn" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, live).secretary_id is None
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "forum.secretary"))
        assert entry.username == "bithu" and entry.object_id == live and entry.details["new"] is None
    auth.logout()
    auth.login("thuky")
    assert client.get(f"/forums/{live}/console").status_code == 403


def test_the_chair_replaces_the_secretary_during_the_session(app, client, auth, demo):
    live = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        other = db.session.scalar(sa.select(Member.id).where(Member.full_name == "Võ Thị Mai"))
    auth.login("bithu")
    assert client.post(f"/forums/{live}/secretary", data={"secretary_id": str(other)}).status_code == 303
    with app.app_context():
        assert db.session.get(Forum, live).secretary_id == other
    auth.logout()
    auth.login("dangvien")  # Võ Thị Mai
    assert client.get(f"/forums/{live}/console").status_code == 200


def test_only_a_member_of_the_cell_can_be_appointed(app, client, auth, demo):
    live = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        outsider = db.session.scalar(sa.select(Member.id).where(Member.cell_id == demo["cell_b"]))
    auth.login("bithu")
    client.post(f"/forums/{live}/secretary", data={"secretary_id": str(outsider)})
    with app.app_context():
        assert db.session.get(Forum, live).secretary_id == _secretary(app)


def test_another_cells_chair_cannot_touch_the_secretary(app, client, auth, demo):
    live = plan_forum_of_cell_a(app, demo, open_it=True)
    auth.login("bithu2")
    assert client.post(f"/forums/{live}/secretary", data={"secretary_id": "0"}).status_code in (403, 404)
    with app.app_context():
        assert db.session.get(Forum, live).secretary_id == _secretary(app)


def test_a_closed_record_keeps_its_secretary(app, client, auth, demo):
    live = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        db.session.get(Forum, live).status = "closed"
        db.session.commit()
    auth.login("bithu")
    assert "Thôi cử thư ký" not in client.get(f"/forums/{live}").get_data(as_text=True)
    response = client.post(f"/forums/{live}/secretary", data={"secretary_id": "0"})
    assert response.status_code == 303
    assert "không thay đổi thư ký được nữa" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, live).secretary_id == _secretary(app)
