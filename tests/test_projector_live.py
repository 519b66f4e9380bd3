"""The projector follows everything live (issue 16.2): attendance, the theme, the chair's conclusion, and
while a vote is open "ĐANG BIỂU QUYẾT" with the needed and present counts of the record."""
import pytest

from forumsite.extensions import db
from forumsite.meeting import queries
from forumsite.planning.models import Forum
from forumsite.rules import voting
from forumsite.screen import stream
from tests.helpers import HX, Reader, make_link, mark_all_but, member_id, open_tally, url


@pytest.fixture(autouse=True)
def quick_heartbeat(monkeypatch):
    monkeypatch.setattr(stream, "HEARTBEAT", 0.3)


@pytest.mark.parametrize("console, screen", [("attendance", {"header", "tally"}), ("conclusion", {"proposals"}),
                                             ("screen", {"overlay"})])
def test_each_console_change_reaches_the_screen_regions_that_show_it(console, screen):
    assert screen <= set(stream._screen_regions({console}))


def _figures(app, forum_id):
    with app.app_context():
        return queries.figures(db.session.get(Forum, forum_id))


def test_marking_attendance_streams_the_header_count(client, app, live):
    token = make_link(client, app, live)
    reader = Reader(app, f"/display/{token}/stream")
    reader.until("event: overlay")
    client.post(url(live, "/attendance/rest-present"), headers=HX)
    update = reader.until("event: header")
    figures = _figures(app, live)
    assert figures.present_expected > 0
    assert f"Có mặt {figures.present_expected}/{figures.expected} đảng viên phải dự" in update
    reader.close()


def test_an_open_vote_shows_the_needed_and_present_counts_and_follows_attendance(client, app, live):
    token = make_link(client, app, live)
    mark_all_but(client, app, live, absent=["Ngô Văn Bình", "Bùi Thị Thu"])
    open_tally(client, app, live)
    html = client.get(f"/display/{token}/poll").get_data(as_text=True)
    figures = _figures(app, live)
    assert '<p class="verdict voting">Đang biểu quyết</p>' in html  # in capitals by the style sheet
    assert f"cần ≥ {voting.needed_to_pass(figures.eligible)} / có mặt {figures.present_voters}" in html
    # A late arrival is marked while the vote is open: the screen's present count follows.
    reader = Reader(app, f"/display/{token}/stream")
    reader.until("event: overlay")
    client.post(url(live, f"/attendance/{member_id(app, 'Bùi Thị Thu')}"), headers=HX, data={"status": "present"})
    update = reader.until("event: tally")
    later = _figures(app, live)
    assert later.present_voters == figures.present_voters + 1
    assert f"cần ≥ {voting.needed_to_pass(later.eligible)} / có mặt {later.present_voters}" in update
    reader.close()


def test_the_chairs_conclusion_is_projected_when_saved(client, app, live):
    token = make_link(client, app, live)
    reader = Reader(app, f"/display/{token}/stream")
    reader.until("event: overlay")
    client.post(url(live, "/conclusion"), headers=HX, data={"text": "Chi bộ thống nhất ba nhóm giải pháp."})
    update = reader.until("event: proposals")
    assert "Kết luận của chủ trì" in update and "Chi bộ thống nhất ba nhóm giải pháp." in update
    reader.close()


def test_the_theme_travels_with_the_overlay_region_unless_the_display_chose_its_own(client, app, live):
    token = make_link(client, app, live)
    reader = Reader(app, f"/display/{token}/stream")
    opening = reader.until("event: overlay")
    assert 'data-screen-theme="light"' in opening
    client.post(f"/forums/{live}/display/overlay", data={"mode": "", "theme": "dark"})
    assert 'data-screen-theme="dark"' in reader.until("event: overlay")
    reader.close()
    assert "data-theme-fixed" not in client.get(f"/display/{token}").get_data(as_text=True)
    assert "data-theme-fixed" in client.get(f"/display/{token}?theme=light").get_data(as_text=True)
