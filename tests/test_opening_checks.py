"""Opening checks (issue 16.7): a forum dated another day, or opened long after its planned start, asks
first and says why; the answer works without script (a form with a confirm field) and under htmx."""
import datetime as dt

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.clock import VIETNAM, today_local
from forumsite.extensions import db
from forumsite.planning.models import Forum
from forumsite.rules import opening
from tests.helpers import plan_forum_of_cell_a

HX = {"HX-Request": "true"}
DAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("held_on, starts_at, now, codes", [
    (DAY, dt.time(7, 30), dt.datetime(2026, 11, 26, 7, 0), []),            # early on the day: the room is ready
    (DAY, dt.time(7, 30), dt.datetime(2026, 11, 26, 8, 30), []),           # exactly an hour late
    (DAY, dt.time(7, 30), dt.datetime(2026, 11, 26, 8, 31), ["late"]),
    (DAY, dt.time(7, 30), dt.datetime(2026, 11, 26, 12, 30), ["late"]),     # five hours late
    (DAY, dt.time(7, 30), dt.datetime(2026, 11, 25, 23, 0), ["early_day"]),  # the evening before
    (DAY, dt.time(7, 30), dt.datetime(2026, 11, 27, 7, 0), ["past_day"]),
])
def test_the_rule(held_on, starts_at, now, codes):
    assert [w.code for w in opening.warnings(held_on, starts_at, now)] == codes


def test_five_hours_late_counts_the_minutes():
    assert opening.warnings(DAY, dt.time(7, 30), dt.datetime(2026, 11, 26, 12, 45))[0].minutes_late == 315


def _forum_at(app, demo, held_on, starts_at) -> int:
    forum_id = plan_forum_of_cell_a(app, demo)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.held_on, forum.starts_at = held_on, starts_at
        db.session.commit()
    return forum_id


def _status(app, forum_id) -> str:
    with app.app_context():
        return db.session.get(Forum, forum_id).status


def test_a_forum_dated_tomorrow_asks_without_script_and_opens_when_confirmed(client, auth, app, demo):
    tomorrow = today_local() + dt.timedelta(days=1)
    forum_id = _forum_at(app, demo, tomorrow, dt.time(7, 30))
    auth.login("thuky")
    response = client.post(f"/forums/{forum_id}/console/open")
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "<html" in html
    assert f"dự kiến tổ chức ngày {tomorrow:%d/%m/%Y} — chưa đến ngày" in html
    assert "Vẫn mở diễn đàn" in html and 'name="confirm" value="early_day"' in html
    assert _status(app, forum_id) == "published"

    response = client.post(f"/forums/{forum_id}/console/open", data={"confirm": "early_day"})
    assert response.status_code == 303 and _status(app, forum_id) == "in_session"
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "forum.open"))
        assert entry.details["confirmed"] == ["early_day"] and entry.username == "thuky"


def test_five_hours_late_asks_under_htmx_and_a_confirmation_of_another_reason_does_not_open(client, auth, app,
                                                                                           demo):
    now = dt.datetime.now(VIETNAM)
    if now.hour < 6:
        pytest.skip("five hours before now is another day")
    forum_id = _forum_at(app, demo, now.date(), dt.time(now.hour - 5, now.minute))
    auth.login("thuky")
    response = client.post(f"/forums/{forum_id}/console/open", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "<html" not in html  # the question, swapped in place
    assert "đã quá giờ 5 giờ" in html and 'value="late"' in html and "Vẫn mở diễn đàn" in html
    assert 'hx-post="/forums/%d/console/open"' % forum_id in html

    # Confirmed for another reason (a stale page): asked again, not opened.
    assert client.post(f"/forums/{forum_id}/console/open", headers=HX,
                       data={"confirm": "early_day"}).status_code == 409
    assert _status(app, forum_id) == "published"
    response = client.post(f"/forums/{forum_id}/console/open", headers=HX, data={"confirm": "late"})
    assert response.status_code == 200 and response.headers["HX-Refresh"] == "true"
    assert _status(app, forum_id) == "in_session"


def test_a_forum_of_a_past_day_says_so(client, auth, app, demo):
    yesterday = today_local() - dt.timedelta(days=1)
    forum_id = _forum_at(app, demo, yesterday, dt.time(19, 0))
    auth.login("thuky")
    html = client.post(f"/forums/{forum_id}/console/open").get_data(as_text=True)
    assert f"ngày {yesterday:%d/%m/%Y} — ngày đó đã qua" in html


def test_on_time_it_opens_at_once_and_the_console_has_the_place_for_the_question(client, auth, app, demo):
    forum_id = plan_forum_of_cell_a(app, demo)
    auth.login("thuky")
    console = client.get(f"/forums/{forum_id}/console").get_data(as_text=True)
    assert 'id="open-check"' in console and 'hx-target="#open-check"' in console
    response = client.post(f"/forums/{forum_id}/console/open", headers=HX)
    assert response.status_code == 200 and _status(app, forum_id) == "in_session"
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "forum.open"))
        assert "confirmed" not in entry.details


def test_someone_who_may_not_open_is_refused_before_any_question(client, auth, app, demo):
    forum_id = _forum_at(app, demo, today_local() + dt.timedelta(days=3), dt.time(7, 30))
    auth.login("dangvien")
    assert client.post(f"/forums/{forum_id}/console/open", headers=HX).status_code == 403
