"""The "Hôm nay" home (issue 16.4): each person's forums with the one step they need; a finished forum's old follow
link leads to its outcome; a display link after the forum says it ended and nothing more."""
import datetime as dt

import pytest

from forumsite.clock import today_local
from forumsite.extensions import db
from forumsite.meeting import actions as meeting
from forumsite.org.models import Organisation
from forumsite.planning import actions as planning
from forumsite.planning.models import Forum
from tests.helpers import plan_forum_of_cell_a

CONCLUSION = "Chi bộ thống nhất sinh hoạt chuyên đề hằng quý."


def page(client, auth, username, path="/"):
    auth.logout()
    auth.login(username)
    response = client.get(path)
    return response, response.get_data(as_text=True)


def _draft(app, demo, days: int) -> int:
    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        forum = planning.plan_forum(cell, {"title": "Diễn đàn chi bộ Thôn Phú Hưng", "held_on": today_local()
                                           + dt.timedelta(days=days), "starts_at": dt.time(8), "place": "",
                                           "mode": "standalone", "secretary_id": None, "plan_id": None}, ["de_dan"])
        db.session.commit()
        return forum.id


def _finish(app, forum_id: int, status: str = "concluded", token: str | None = None) -> None:
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        meeting.save_conclusion(forum, CONCLUSION)
        meeting.conclude(forum)
        forum.status = status
        if token:
            forum.display_token = token
        db.session.commit()


@pytest.mark.parametrize("username, action, target", [
    ("thuky", "Mở bảng điều hành", "/forums/{f}/console"),    # the forum's secretary
    ("bithu", "Mở bảng điều hành", "/forums/{f}/console"),    # the chair, on the day
    ("dangvien", "Xem chương trình", "/forums/{f}"),          # a member, before it opens
])
def test_todays_forum_with_each_persons_step(client, auth, app, demo, username, action, target):
    forum_id = plan_forum_of_cell_a(app, demo)
    response, html = page(client, auth, username)
    assert response.status_code == 200
    assert "Hôm nay" in html and "Diễn đàn hôm nay" in html
    main = html.split('class="today-now"')[1].split("</section>")[0]
    assert f'href="{target.format(f=forum_id)}">{action}' in main


def test_the_session_open_members_follow_and_the_secretary_runs_it(client, auth, app, demo):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    _, html = page(client, auth, "dangvien")
    assert f'href="/forums/{forum_id}/follow">Theo dõi' in html
    _, html = page(client, auth, "thuky")
    assert f'href="/forums/{forum_id}/console">Mở bảng điều hành' in html
    assert "Bạn là thư ký diễn đàn" in html


def test_the_chair_finishes_drafts_and_reviews_after_the_forum(client, auth, app, demo):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    _finish(app, forum_id)
    draft = _draft(app, demo, days=20)
    _, html = page(client, auth, "bithu")
    now = html.split('class="today-now"')[1].split("</section>")[0]
    assert f'href="/forums/{forum_id}/review">Họp chi ủy' in now  # today's forum, over: the review
    todo = html.split('id="todo-title"')[1].split("</section>")[0]
    assert f'href="/forums/{draft}">Hoàn thiện kế hoạch' in todo
    # Another day: the forum held waits for its review among the chair's tasks, the next forum on top.
    with app.app_context():
        db.session.get(Forum, forum_id).held_on = today_local() - dt.timedelta(days=2)
        db.session.commit()
    _, html = page(client, auth, "bithu")
    assert "Diễn đàn sắp tới" in html
    now = html.split('class="today-now"')[1].split("</section>")[0]
    assert f'href="/forums/{draft}">Hoàn thiện kế hoạch' in now
    todo = html.split('id="todo-title"')[1].split("</section>")[0]
    assert f'href="/forums/{forum_id}/review">Họp chi ủy' in todo
    # A member sees neither the draft nor the review, and reads the outcome of the forum held.
    _, html = page(client, auth, "dangvien")
    assert f"/forums/{draft}" not in html and "/review" not in html
    assert f'href="/forums/{forum_id}/follow">Xem kết quả' in html
    assert "Chi bộ chưa có diễn đàn nào sắp tới." in html


def test_dates_are_said_in_vietnamese(client, auth, app, demo):
    _draft(app, demo, days=1)
    _, html = page(client, auth, "bithu")
    assert "Ngày mai, " + (today_local() + dt.timedelta(days=1)).strftime("%d/%m/%Y") in html


def test_another_cell_sees_none_of_it(client, auth, app, demo):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    response, html = page(client, auth, "bithu2")
    assert response.status_code == 200 and f"/forums/{forum_id}" not in html


@pytest.mark.parametrize("username, landing", [("admin", "/org/"), ("tuyengiao", "/org/{province}/oversight/")])
def test_administrators_and_oversight_keep_their_pages(client, auth, demo, username, landing):
    response, _ = page(client, auth, username)
    assert response.status_code == 302 and response.headers["Location"] == landing.format(**demo)


# --- after the forum ------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["concluded", "in_review", "closed"])
def test_an_old_follow_link_opens_the_outcome(client, auth, app, demo, status):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    _finish(app, forum_id, status)
    response, html = page(client, auth, "dangvien", f"/f/{forum_id}")
    assert response.status_code == 302
    response = client.get(response.headers["Location"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Diễn đàn đã kết thúc" in html and CONCLUSION in html
    assert "chưa được thông qua" in html and "/documents/NQ" not in html
    # Still the cell's own: another cell's member gets the 404 of anything foreign.
    response, _ = page(client, auth, "bithu2", f"/forums/{forum_id}/follow")
    assert response.status_code == 404


def test_the_outcome_links_the_adopted_resolution(client, auth, app, demo):
    from forumsite.followup.models import PartyDocument

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    _finish(app, forum_id, "resolution_adopted")
    with app.app_context():
        db.session.add(PartyDocument(forum_id=forum_id, organisation_id=demo["cell_a"], kind="NQ", status="adopted"))
        db.session.commit()
    _, html = page(client, auth, "dangvien", f"/forums/{forum_id}/follow")
    assert f'href="/forums/{forum_id}/documents/NQ"' in html and "Đọc nghị quyết chuyên đề đã thông qua" in html
    _, home = page(client, auth, "dangvien")
    assert f'href="/forums/{forum_id}/documents/NQ">Đọc nghị quyết' in home


def test_a_display_link_after_the_forum_says_it_ended_and_no_more(client, auth, app, demo):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    _finish(app, forum_id, "in_review", token="old-display-link-0123456789")
    auth.logout()
    response = client.get("/display/old-display-link-0123456789")
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "Diễn đàn đã kết thúc" in html and "Chi bộ Thôn Phú Hưng" in html
    assert CONCLUSION not in html and "/documents/" not in html and f"/forums/{forum_id}" not in html
    assert client.get("/display/not-a-link-of-any-forum").status_code == 404


def test_the_forum_list_tells_forums_apart(client, auth, app, demo):
    theme = "Vai trò của chi bộ Đảng trong việc giáo dục, quản lý cán bộ, đảng viên"
    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        for day, extra in ((dt.date(2026, 3, 5), ""), (dt.date(2026, 11, 5), " – lần 2"), (dt.date(2026, 11, 20), "")):
            planning.plan_forum(cell, {"title": theme + extra, "held_on": day, "starts_at": dt.time(8), "place": "",
                                       "mode": "standalone", "secretary_id": None, "plan_id": None}, ["de_dan"])
        db.session.commit()
    _, html = page(client, auth, "bithu", f"/cells/{demo['cell_a']}/forums?year=2026")
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Diễn đàn 03/2026 · Chi bộ Thôn Phú Hưng" in rows
    assert "Diễn đàn 05/11/2026 · Chi bộ Thôn Phú Hưng" in rows and "Diễn đàn 20/11/2026" in rows
    assert rows.count('class="forum-name-part"') == 1 and "… lần 2" in rows
    assert rows.count(theme) == 3  # the whole title only in each link's tooltip


def test_a_paired_displays_own_link_after_the_forum_says_it_ended_too(client, auth, app, demo):
    from forumsite.planning.models import Forum
    from forumsite.screen import actions as screen

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        token = screen.new_display(db.session.get(Forum, forum_id), "code").token
        db.session.commit()
    auth.logout()
    assert client.get(f"/display/{token}").status_code == 200  # the session, while it lasts
    _finish(app, forum_id, "closed")
    response = client.get(f"/display/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 410 and "Diễn đàn đã kết thúc" in html and CONCLUSION not in html
