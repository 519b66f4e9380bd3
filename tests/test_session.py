"""The live session: each action with its permission, the rules' verdicts, the record it leaves."""
import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.meeting.models import Attendance, Proposal, Speaker, Tally
from forumsite.members.models import Member
from forumsite.planning.models import Forum
from tests.helpers import (
    EARLY,
    FORUM,
    HX,
    close,
    mark_all_but,
    member_id,
    open_tally,
    plan_forum,
    publish,
    region,
    url,
)


def forum(app, forum_id):
    with app.app_context():
        f = db.session.get(Forum, forum_id)
        db.session.expunge(f)
        return f


def test_the_chair_or_the_secretary_opens_and_the_first_item_starts(client, auth, app, demo):
    auth.login("bithu")
    forum_id = plan_forum(client, demo["cell_a"], secretary_id=str(member_id(app, "Phạm Thị Hương")))
    publish(client, forum_id)
    auth.logout()
    auth.login("dangvien")
    assert client.post(url(forum_id, "/open"), headers=HX).status_code == 403
    auth.logout()
    auth.login("thuky")
    response = client.post(url(forum_id, "/open"), headers=HX, data=EARLY)
    assert response.status_code == 200 and response.headers["HX-Refresh"] == "true"  # the page changes whole
    f = forum(app, forum_id)
    assert f.status == "in_session" and f.opened_at is not None and f.current_item_id is not None
    assert client.post(url(forum_id, "/open"), headers=HX).status_code == 422  # not twice


@pytest.mark.parametrize("username, status", [("dangvien", 403), ("bithu2", 404), ("tuyengiao", 403)])
def test_only_chairs_and_the_secretary_operate(client, auth, app, live, username, status):
    auth.logout()
    auth.login(username)
    assert client.get(url(live)).status_code == status
    assert client.post(url(live, "/agenda/next"), headers=HX).status_code == status
    assert client.post(url(live, "/proposals"), headers=HX, data={"key": "k" * 12, "text": "x"}).status_code == status
    assert client.post(url(live, "/attendance/rest-present"), headers=HX).status_code == status


def test_the_console_page(client, live):
    html = client.get(url(live)).get_data(as_text=True)
    for region_id in ("console-agenda", "console-speakers", "console-proposals", "console-attendance",
                   "console-tally", "console-opening", "console-conclusion"):
        assert f'id="{region_id}"' in html
    assert 'id="capture-text"' in html and "data-shortcut=\"n\"" in html and 'id="shortcut-sheet"' in html


def test_opening_steps(client, app, live):
    client.post(url(live, "/steps/ly_do"), headers=HX, data={"done": "1"})
    client.post(url(live, "/steps/thu_ky"), headers=HX, data={"done": "1"})
    client.post(url(live, "/steps/thu_ky"), headers=HX, data={"done": "0"})
    assert forum(app, live).opening_steps == ["ly_do"]
    assert client.post(url(live, "/steps/bogus"), headers=HX).status_code == 404


def test_attendance_and_the_eligible_count(client, app, live):
    # Ngô Văn Bình is exempt: absent, he leaves the denominator. Two more are absent with reason.
    mark_all_but(client, app, live, absent=["Ngô Văn Bình", "Bùi Thị Thu"])
    client.post(url(live, f"/attendance/{member_id(app, 'Đặng Văn Long')}"), headers=HX,
                data={"status": "absent_unexcused"})
    html = client.get(url(live, "/regions/attendance")).get_data(as_text=True)
    figure = lambda label: html.split(f"<dt>{label}</dt><dd>")[1].split("</dd>")[0]  # noqa: E731
    assert figure("Đảng viên") == "15" and figure("Chính thức") == "12" and figure("Dự bị") == "3"
    assert figure("Có mặt") == "12" and figure("Vắng không lý do") == "1"
    assert figure("Số đảng viên tính biểu quyết") == "11"  # 12 official − the absent exempt member
    assert figure("Được biểu quyết, có mặt") == "9"  # present official members; dự bị never vote
    assert figure("Cần để thông qua") == "≥ 6"
    with app.app_context():
        mark = db.session.scalar(sa.select(Attendance).where(Attendance.member_id == member_id(app, "Bùi Thị Thu")))
        assert mark.status == "absent_excused" and mark.reason == "Ốm"
    bad = client.post(url(live, f"/attendance/{member_id(app, 'Võ Thị Mai')}"), headers=HX, data={"status": "x"})
    assert bad.status_code == 422 and "Trạng thái điểm danh không hợp lệ." in bad.get_data(as_text=True)
    other_cell = member_id(app, "Lê Thị Hoa")
    assert client.post(url(live, f"/attendance/{other_cell}"), headers=HX,
                       data={"status": "present"}).status_code == 404


def test_agenda_progress_keeps_actual_times(client, app, live):
    first = forum(app, live).current_item_id
    client.post(url(live, "/agenda/next"), headers=HX)
    client.post(url(live, "/agenda/next"), headers=HX)
    client.post(url(live, "/agenda/back"), headers=HX)
    with app.app_context():
        f = db.session.get(Forum, live)
        assert f.agenda[0].id == first and f.agenda[0].ended_at is not None
        assert f.current_item_id == f.agenda[1].id and f.agenda[1].ended_at is None
        assert f.agenda[2].started_at is not None and f.agenda[2].ended_at is not None
    for _ in range(3):
        client.post(url(live, "/agenda/back"), headers=HX)
    edge = client.post(url(live, "/agenda/back"), headers=HX)
    assert edge.status_code == 422 and "Đã ở mục đầu hoặc mục cuối" in edge.get_data(as_text=True)


def test_speaker_queue_from_start_to_readd(client, app, live):
    mark_all_but(client, app, live)
    for name in ("Trần Thị Lan", "Võ Thị Mai", "Khách Nguyễn Văn Ngoài"):
        assert client.post(url(live, "/speakers"), headers=HX, data={"name": name}).status_code == 200
    dup = client.post(url(live, "/speakers"), headers=HX, data={"name": "Trần Thị Lan"})
    assert dup.status_code == 422 and "đã có trong danh sách chờ" in dup.get_data(as_text=True)
    with app.app_context():
        lan = db.session.scalar(sa.select(Speaker).where(Speaker.name == "Trần Thị Lan"))
        assert lan.member_id == member_id(app, "Trần Thị Lan")  # matched to the member
        outsider = db.session.scalar(sa.select(Speaker).where(Speaker.name == "Khách Nguyễn Văn Ngoài"))
        assert outsider.member_id is None
    client.post(url(live, f"/speakers/{outsider.id}/up"), headers=HX)
    client.post(url(live, "/speakers/next"), headers=HX)          # Lan starts
    client.post(url(live, "/speakers/current/pause"), headers=HX)
    client.post(url(live, "/speakers/current/pause"), headers=HX)  # resumes
    client.post(url(live, "/speakers/next"), headers=HX)          # Lan ends, the outsider starts
    with app.app_context():
        lan = db.session.get(Speaker, lan.id)
        assert lan.state == "done" and lan.end_time >= lan.begin_time
        assert db.session.get(Speaker, outsider.id).state == "speaking"
    again = client.post(url(live, f"/speakers/{lan.id}/start"), headers=HX)
    assert again.status_code == 409  # a speech is started once
    client.post(url(live, "/speakers/current/end"), headers=HX)
    client.post(url(live, f"/speakers/{outsider.id}/readd"), headers=HX)
    client.post(url(live, f"/speakers/{lan.id}/note"), headers=HX,
                data={"note": "Nêu việc nể nang trong phê bình", "codes": "bh5 nv3 xx99"})
    with app.app_context():
        waiting = db.session.scalars(sa.select(Speaker).where(Speaker.begin_time.is_(None))
                                     .order_by(Speaker.weight)).all()
        assert [s.name for s in waiting] == ["Khách Nguyễn Văn Ngoài", "Võ Thị Mai"]
        assert db.session.get(Speaker, lan.id).codes == ["BH5", "NV3"]
    html = client.get(url(live, "/regions/speakers")).get_data(as_text=True)
    assert "Có mặt nhưng chưa phát biểu" in html and "Võ Thị Mai" in html.split("chưa phát biểu")[1]
    client.post(url(live, f"/speakers/{waiting[1].id}/withdraw"), headers=HX)
    with app.app_context():
        assert db.session.get(Speaker, waiting[1].id) is None


def test_speaking_limit(client, app, live):
    assert client.post(url(live, "/limit"), headers=HX, data={"minutes": "3"}).status_code == 200
    assert forum(app, live).speaking_limit == 180
    assert client.post(url(live, "/limit"), headers=HX, data={"minutes": "0"}).status_code == 422
    assert client.post(url(live, "/limit"), headers=HX, data={"minutes": "abc"}).status_code == 422


def test_capture_tags_item_speaker_kind_and_codes_exactly_once(client, app, live):
    mark_all_but(client, app, live)
    client.post(url(live, "/speakers"), headers=HX, data={"name": "Hoàng Văn Đức"})
    client.post(url(live, "/speakers/next"), headers=HX)
    data = {"key": "0f1e2d3c-aaaa-bbbb", "text": "gp: Mỗi tháng một buổi sinh hoạt chuyên đề BH3 NV2", "kind": "khac"}
    first = client.post(url(live, "/proposals"), headers=HX, data=data)
    assert first.status_code == 200 and "proposal-saved" in first.headers["HX-Trigger"]
    assert "0f1e2d3c-aaaa-bbbb" in first.headers["HX-Trigger"]
    again = client.post(url(live, "/proposals"), headers=HX, data=data)  # the answer was lost: resent
    assert again.status_code == 200
    with app.app_context():
        rows = db.session.scalars(sa.select(Proposal)).all()
        assert len(rows) == 1
        p = rows[0]
        assert (p.kind, p.codes, p.author_name) == ("giai_phap", ["BH3", "NV2"], "Hoàng Văn Đức")
        assert p.text == "Mỗi tháng một buổi sinh hoạt chuyên đề"  # the codes are its tags, not its words
        assert p.agenda_item_id == db.session.get(Forum, live).current_item_id
    empty = client.post(url(live, "/proposals"), headers=HX, data={"key": "abcdefgh-1", "text": "  ", "kind": "khac"})
    assert empty.status_code == 422 and "Nội dung đang trống." in empty.get_data(as_text=True)
    assert client.post(url(live, "/proposals"), headers=HX, data={"key": "bad key!", "text": "x"}).status_code == 400


def test_edit_delete_merge_and_filters(client, app, live):
    ids = []
    for i, text in enumerate(["mh: Mô hình dân vận khéo BH14", "kn: Đề nghị mở lớp bồi dưỡng",
                              "kn: Đề nghị mở lớp bồi dưỡng lý luận", "nn: Chưa thường xuyên tự phê bình BH5"]):
        client.post(url(live, "/proposals"), headers=HX, data={"key": f"key-000{i}-x", "text": text, "kind": "khac"})
    with app.app_context():
        ids = [p.id for p in db.session.scalars(sa.select(Proposal).order_by(Proposal.id))]
    client.post(url(live, f"/proposals/{ids[0]}/edit"), headers=HX, data={"text": "Mô hình “Dân vận khéo” BH14 BH15",
                                                                          "kind": "mo_hinh"})
    client.post(url(live, f"/proposals/{ids[3]}/delete"), headers=HX)
    client.post(url(live, "/proposals/merge"), headers=HX, data={"selected": [str(ids[1]), str(ids[2])]})
    with app.app_context():
        edited = db.session.get(Proposal, ids[0])
        assert edited.codes == ["BH14", "BH15"] and edited.edited_at is not None
        assert db.session.get(Proposal, ids[3]).deleted_at is not None
        assert db.session.get(Proposal, ids[2]).merged_into_id == ids[1]
        deleted = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "proposal.delete"))
        assert "Chưa thường xuyên tự phê bình" in deleted.details["text"]  # kept in the audit trail
    listing = client.get(url(live, "/regions/proposals")).get_data(as_text=True)
    assert "Mô hình “Dân vận khéo”" in listing and "Chưa thường xuyên" not in listing
    assert "lớp bồi dưỡng lý luận" not in listing
    by_kind = client.get(url(live, "/regions/proposals?kind=kien_nghi")).get_data(as_text=True)
    assert "Đề nghị mở lớp bồi dưỡng" in by_kind and "Dân vận" not in by_kind
    by_code = client.get(url(live, "/regions/proposals?code=BH15")).get_data(as_text=True)
    assert "Dân vận" in by_code and "bồi dưỡng" not in by_code
    one = client.post(url(live, "/proposals/merge"), headers=HX, data={"selected": [str(ids[0])]})
    assert one.status_code == 422


def test_tally_verdict_follows_the_rules(client, app, live):
    mark_all_but(client, app, live, absent=["Ngô Văn Bình"])  # eligible 11, present voters 11
    tally_id = open_tally(client, app, live)
    assert client.post(url(live, "/tally"), headers=HX, data={"subject": "Khác"}).status_code == 409  # one at a time
    too_many = close(client, live, tally_id, votes_for="12", against="0", not_voting="0")
    assert too_many.status_code == 422 and "vượt quá" in too_many.get_data(as_text=True)
    response = close(client, live, tally_id, votes_for="5", against="4", not_voting="2")
    assert response.status_code == 200 and "KHÔNG THÔNG QUA" in response.get_data(as_text=True)
    with app.app_context():
        t = db.session.get(Tally, tally_id)
        assert (t.eligible, t.present_voters, t.passed) == (11, 11, False)
        dubi = {member_id(app, n) for n in ("Lý Văn Phúc", "Trương Thị Yến", "Dương Văn Khánh")}
        assert not dubi & set(t.electorate)   # dự bị members are not in the electorate
    assert close(client, live, tally_id, votes_for="6").status_code == 409  # a closed tally is never edited

    # A correction is a new tally that supersedes the first.
    assert client.post(url(live, f"/tally/{tally_id}/correct"), headers=HX, data={"reason": ""}).status_code == 422
    client.post(url(live, f"/tally/{tally_id}/correct"), headers=HX, data={"reason": "Đếm nhầm một hàng"})
    with app.app_context():
        new_id = db.session.scalar(sa.select(Tally.id).where(Tally.supersedes_id == tally_id))
    close(client, live, new_id, votes_for="6", against="3", not_voting="2")
    with app.app_context():
        assert db.session.get(Tally, new_id).passed is True          # 6 of 11: more than half
        assert db.session.get(Tally, tally_id).superseded is True
        actions = [a.action for a in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action.like("tally.%")))]
        assert actions.count("tally.close") == 2


def test_a_count_that_leaves_voters_out_is_questioned_before_it_is_saved(client, app, live):
    mark_all_but(client, app, live, absent=["Ngô Văn Bình"])  # present voters 11
    tally_id = open_tally(client, app, live)
    counts = {"votes_for": "7", "against": "2", "not_voting": "0"}  # 9 hands of 11 voters in the room
    questioned = client.post(url(live, f"/tally/{tally_id}/close"), headers=HX, data=counts)
    assert questioned.status_code == 422 and "ít hơn số có mặt được biểu quyết" in questioned.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Tally, tally_id).closed_at is None  # nothing saved
    assert close(client, live, tally_id, **counts).status_code == 200  # confirmed: the two did not vote
    with app.app_context():
        t = db.session.get(Tally, tally_id)
        assert (t.votes_for, t.votes_against, t.not_voting, t.present_voters) == (7, 2, 2, 11)


def test_count_the_minority_and_reserved_opinions(client, app, live):
    mark_all_but(client, app, live, absent=["Bùi Thị Thu", "Phan Thị Hạnh"])  # 10 official present, eligible 12
    tally_id = open_tally(client, app, live, method="count_minority")
    html = close(client, live, tally_id, against="2", not_voting="1").get_data(as_text=True)
    with app.app_context():
        t = db.session.get(Tally, tally_id)
        assert (t.votes_for, t.eligible, t.passed) == (7, 12, True)  # 10 − 2 − 1 = 7 > 6
    assert "THÔNG QUA" in html
    client.post(url(live, f"/tally/{tally_id}/reserve"), headers=HX,
                data={"member_id": member_id(app, "Lê Văn Thành"), "text": "Đề nghị giữ cách làm cũ"})
    with app.app_context():
        assert db.session.get(Tally, tally_id).reservations[0].author_name == "Lê Văn Thành"
    ties = open_tally(client, app, live, subject="Hòa phiếu")
    close(client, live, ties, votes_for="6", against="4", not_voting="0")
    with app.app_context():
        assert db.session.get(Tally, ties).passed is False  # 6 of 12 is a tie: fails


def test_no_chi_uy_the_cell_votes_the_chairs_selection(client, auth, app, demo):
    auth.login("bithu2")
    forum_id = plan_forum(client, demo["cell_b"])
    client.post(f"/forums/{forum_id}/approve", data={"by": "bi_thu", "on": "1/12/2026"})
    client.post(f"/forums/{forum_id}/publish")
    client.post(url(forum_id, "/open"), headers=HX, data=EARLY)
    client.post(url(forum_id, "/attendance/rest-present"), headers=HX)
    for i, text in enumerate(["gp: Sinh hoạt chuyên đề hằng quý", "gp: Kèm cặp đảng viên trẻ", "yk: Khác"]):
        client.post(url(forum_id, "/proposals"), headers=HX, data={"key": f"nochiuy-{i}", "text": text})
    with app.app_context():
        ids = [p.id for p in db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == forum_id)
                                                .order_by(Proposal.id))]
    client.post(url(forum_id, "/tally"), headers=HX, data={"subject_kind": "tasks", "selected": [ids[0], ids[1]]})
    with app.app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.forum_id == forum_id))
        assert "Sinh hoạt chuyên đề hằng quý" in tally.subject and tally.proposal_ids == ids[:2]
    close(client, forum_id, tally.id, votes_for="5", against="1", not_voting="0")  # 6 official, need 4
    with app.app_context():
        adopted = [p.adopted for p in db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == forum_id)
                                                         .order_by(Proposal.id))]
        assert adopted == [True, True, False]
    html = client.get(url(forum_id, "/regions/conclusion")).get_data(as_text=True)
    assert "Nhiệm vụ, giải pháp đã biểu quyết thông qua" in html and "Kèm cặp đảng viên trẻ" in html


def test_a_member_asks_to_speak_from_the_phone(client, auth, app, live):
    auth.logout()
    auth.login("dangvien")
    refused = client.post(f"/forums/{live}/speak/", headers=HX)
    assert refused.status_code == 422 and "cần được điểm danh có mặt" in refused.get_data(as_text=True)
    auth.logout()
    auth.login("thuky")
    client.post(url(live, f"/attendance/{member_id(app, 'Võ Thị Mai')}"), headers=HX, data={"status": "present"})
    auth.logout()
    auth.login("dangvien")
    response = client.post(f"/forums/{live}/speak/", headers=HX)
    assert "thứ tự 1" in response.get_data(as_text=True)
    with app.app_context():
        speaker = db.session.scalar(sa.select(Speaker))
        assert speaker.requested and speaker.member_id == member_id(app, "Võ Thị Mai")
    client.post(f"/forums/{live}/speak/withdraw", headers=HX)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Speaker.id))) == 0
    auth.logout()
    auth.login("bithu2")
    assert client.post(f"/forums/{live}/speak/", headers=HX).status_code == 404


def test_conclusion_closes_the_record(client, auth, app, live):
    client.post(url(live, "/conclusion"), headers=HX, data={"text": "Chi bộ thống nhất ba nhóm giải pháp."})
    auth.logout()
    auth.login("dangvien")
    assert client.post(url(live, "/conclude"), headers=HX).status_code == 403  # members never close it
    auth.logout()
    auth.login("thuky")
    tally_id = open_tally(client, app, live)
    assert client.post(url(live, "/conclude"), headers=HX).status_code == 409  # a count is still open
    client.post(url(live, f"/tally/{tally_id}/cancel"), headers=HX)
    response = client.post(url(live, "/conclude"), headers=HX)
    assert response.headers["HX-Redirect"] == f"/forums/{live}"
    f = forum(app, live)
    assert f.status == "concluded" and f.conclusion == "Chi bộ thống nhất ba nhóm giải pháp."
    late = client.post(url(live, "/proposals"), headers=HX, data={"key": "after-end-1", "text": "muộn"})
    assert late.status_code == 409


def test_every_change_is_audited_and_bumps_the_live_version(client, app, live):
    before = forum(app, live).live_version
    with app.app_context():
        audited = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    client.post(url(live, "/attendance/rest-present"), headers=HX)
    client.post(url(live, "/agenda/next"), headers=HX)
    client.post(url(live, "/proposals"), headers=HX, data={"key": "audit-key-1", "text": "yk: Một ý kiến"})
    assert forum(app, live).live_version >= before + 3
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) >= audited + 3
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "proposal.capture"))
        assert entry.username == "thuky" and entry.organisation_id == db.session.get(Forum, live).cell_id


def test_plain_form_posts_work_without_script(client, app, live):
    response = client.post(url(live, "/agenda/next"))
    assert response.status_code == 303 and response.headers["Location"] == url(live)
    response = client.post(url(live, "/proposals"), data={"key": "no-script-1", "text": "gp: Không cần JavaScript"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(Proposal.kind)) == "giai_phap"


def test_members_list_unaffected(app, demo):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 27
    assert FORUM["mode"] == "standalone"


def test_attendance_refreshes_the_opening_count_and_the_tally_figures(client, app, live):
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


def test_the_members_own_request_follows_the_queue(client, auth, app, live):
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


