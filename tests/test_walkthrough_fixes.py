"""What walking a whole forum in Chromium found (tests/browser/test_scenario.py), each fixed and held here:
every figure is refreshed by the action that changes it, the screens say when the forum is over, the draft
reads right."""
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.meeting.models import Proposal, Tally

from .test_planning import member_id, plan_forum
from .test_screen import make_link
from .test_session import EARLY, HX, close, live, open_tally, url  # noqa: F401  (fixture)


def region(html: str, name: str) -> str:
    """The out-of-band region ``console-<name>`` of an htmx answer ('' when it is not there)."""
    marker = f'id="console-{name}"'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def test_attendance_refreshes_the_opening_count_and_the_tally_figures(client, app, live):  # noqa: F811
    open_tally(client, app, live)
    absent = client.post(url(live, f"/attendance/{member_id(app, 'Đỗ Thị Ngọc Ánh')}"), headers=HX,
                         data={"status": "absent_excused", "reason": "Đi công tác"}).get_data(as_text=True)
    assert "0/14 đảng viên phải dự có mặt" in region(absent, "opening")
    html = client.post(url(live, "/attendance/rest-present"), headers=HX).get_data(as_text=True)
    assert "13/14 đảng viên phải dự có mặt" in region(html, "opening")
    # 12 official members, Ánh absent: 11 of them may raise a hand in the count now open.
    assert "Có mặt được biểu quyết: 11" in region(html, "tally")
    assert 'max="11"' in region(html, "tally")
    assert "Được biểu quyết, có mặt" in region(html, "attendance")


def test_the_cells_own_vote_at_the_forum_refreshes_the_conclusion(client, auth, app, demo):
    auth.login("bithu2")  # cell B has no chi ủy: the cell adopts the chair's selection at the forum
    forum_id = plan_forum(client, demo["cell_b"])
    client.post(f"/forums/{forum_id}/approve", data={"by": "bi_thu", "on": "1/12/2026"})
    client.post(f"/forums/{forum_id}/publish")
    client.post(url(forum_id, "/open"), headers=HX, data=EARLY)
    client.post(url(forum_id, "/attendance/rest-present"), headers=HX)
    client.post(url(forum_id, "/proposals"), headers=HX,
                data={"key": "conclusion-1", "text": "gp: Kèm cặp đảng viên trẻ"})
    with app.app_context():
        chosen = db.session.scalar(sa.select(Proposal.id).where(Proposal.forum_id == forum_id))
    client.post(url(forum_id, "/tally"), headers=HX, data={"subject_kind": "tasks", "selected": [chosen]})
    with app.app_context():
        tally_id = db.session.scalar(sa.select(Tally.id).where(Tally.forum_id == forum_id))
    html = close(client, forum_id, tally_id, votes_for="5", against="1", not_voting="0").get_data(as_text=True)
    conclusion = region(html, "conclusion")
    assert "Nhiệm vụ, giải pháp đã biểu quyết thông qua" in conclusion and "Kèm cặp đảng viên trẻ" in conclusion


def test_the_projector_says_the_forum_is_over_once_concluded(client, app, live):  # noqa: F811
    token = make_link(client, app, live)
    assert "Nội dung đang thảo luận" in client.get(f"/display/{token}").get_data(as_text=True)
    client.post(url(live, "/conclude"), headers=HX)
    screen = client.get(f"/display/{token}").get_data(as_text=True)
    assert "Diễn đàn đã kết thúc" in screen and "Nội dung đang thảo luận" not in screen
    console = client.get(url(live)).get_data(as_text=True)
    assert 'aria-current="step"' not in console  # no item is still running on the console either


def test_the_drafts_assessment_keeps_its_full_stops(app, demo):
    from forumsite.followup import drafting

    from .test_followup import concluded_forum

    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"])
        sections = {k: t for k, _title, t in drafting.resolution_sections(forum)}
    # The decimal comma is for the rate alone: the sentence after the title still starts after a full stop.
    # The count and its rate are one fraction (issue 14): those expected, and the exempt member who came.
    assert ("chi bộ tổ chức diễn đàn “Diễn đàn chi bộ”. Dự diễn đàn có 14/14 đảng viên phải dự (tỷ lệ 100,0%) "
            "và 1 đảng viên được miễn hoặc sinh hoạt tạm thời nơi khác.") in sections["danh_gia"]
    assert "0 đại biểu" not in sections["danh_gia"]  # no guest came: nothing said of guests (issue 14 item 8)


def test_a_missing_place_name_is_asked_for_on_the_draft_and_saved_back_there(client, auth, app, demo):
    from .test_followup import concluded_forum

    with app.test_request_context():
        held = concluded_forum(demo["cell_a"]).id
    auth.login("bithu")
    assert client.post(f"/forums/{held}/documents/NQ/draft").status_code == 303
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert "Chưa khai báo địa danh" in page and 'id="doc-place-name"' in page
    saved = client.post(f"/org/{demo['cell_a']}/document-settings",
                        data={"place_name": "Hải Phú", "forum_id": str(held), "kind": "NQ"})
    assert saved.status_code == 303 and saved.headers["Location"] == f"/forums/{held}/documents/NQ"
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert "Chưa khai báo địa danh" not in page and "Hải Phú, ngày … tháng … năm ……" in page
    # A forum of another cell, or an unknown kind, never steers the answer: back to the cell's page.
    for extra in ({"forum_id": "999999", "kind": "NQ"}, {"forum_id": str(held), "kind": "XX"}):
        other = client.post(f"/org/{demo['cell_a']}/document-settings", data={"place_name": "Hải Phú", **extra})
        assert other.headers["Location"] == f"/org/{demo['cell_a']}#document-settings"


def test_the_members_own_request_follows_the_queue(client, auth, app, live):  # noqa: F811
    client.post(url(live, "/attendance/rest-present"), headers=HX)
    auth.logout()
    auth.login("dangvien")
    assert "thứ tự 1" in client.post(f"/forums/{live}/speak/", headers=HX).get_data(as_text=True)
    auth.logout()
    auth.login("thuky")
    client.post(url(live, "/speakers/next"), headers=HX)

    def mine():
        auth.logout()
        auth.login("dangvien")
        html = client.get(f"/forums/{live}/speak/", headers=HX).get_data(as_text=True)
        auth.logout()
        auth.login("thuky")
        return html

    speaking = mine()
    assert "Bạn đang phát biểu." in speaking and "Đăng ký phát biểu" not in speaking and "Rút đăng ký" not in speaking
    client.post(url(live, "/speakers/current/end"), headers=HX)
    spoken = mine()
    assert "Bạn đã phát biểu." in spoken and "Đăng ký phát biểu</button>" in spoken and " hidden>" not in spoken
    client.post(url(live, "/conclude"), headers=HX)
    over = mine()
    assert "Đăng ký phát biểu</button>" not in over and " hidden>" in over
