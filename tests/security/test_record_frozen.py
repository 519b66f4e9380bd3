"""F3 (security probe 2026-12): once the forum has ended, its session record (attendance, speeches,
proposals, tallies and reserved opinions, guests, documents) is frozen: every POST of the console, the
member's phone and the planning page's guests and documents is refused and changes nothing. A
recommendation the upper unit has answered keeps the text it answered, even while the forum is in session."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.meeting.models import Proposal, Speaker, Tally
from forumsite.members.models import Member
from forumsite.planning.models import Forum, ForumDocument, Guest
from forumsite.rules.planning import HELD
from tests.helpers import plan_forum_of_cell_a

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n%\xe2\xe3\n"
CLOSED = "Diễn đàn đã kết thúc"


def _member(name: str) -> Member:
    return db.session.scalar(sa.select(Member).where(Member.full_name == name))


def content(app) -> dict:
    """Every row of every table but the trail itself and the login times."""
    with app.app_context(), db.engine.connect() as conn:
        return {t.name: sorted(repr(sorted((k, v) for k, v in r._mapping.items() if k != "last_login_at"))
                               for r in conn.execute(sa.select(t)))
                for t in db.metadata.sorted_tables if t.name != "audit_entry"}


@pytest.fixture
def ended(app, demo, tmp_path):
    """A forum of cell A with a full record, then concluded: ids of what the console's URLs name."""
    from forumsite.meeting import actions as live
    from forumsite.planning import actions as planning

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        guest = planning.invite_guest(forum, "Đồng chí Khách Mời", "Phó Bí thư", "Đảng ủy xã", "upper_committee")
        document = planning.attach_document(forum, tmp_path, PDF, "other", "Tài liệu", "tai-lieu.pdf",
                                            "application/pdf", ".pdf")
        live.mark_rest_present(forum)
        lan, duc, anh = _member("Trần Thị Lan"), _member("Hoàng Văn Đức"), _member("Đỗ Thị Ngọc Ánh")
        spoke = live.add_speaker(forum, member=lan)
        live.start_speech(forum, spoke)
        first, _ = live.capture_proposal(forum, "frozen-0001", "kn: Đề nghị Đảng ủy xã mở lớp bồi dưỡng", "khac",
                                         frozenset())
        second, _ = live.capture_proposal(forum, "frozen-0002", "gp: Sinh hoạt chuyên đề hằng tháng", "khac",
                                          frozenset())
        live.end_speech(forum, spoke)
        waiting = live.add_speaker(forum, member=duc)
        live.add_speaker(forum, member=anh)
        tally = live.open_tally(forum, "other", "Thông qua chương trình")
        live.close_tally(forum, tally, 10, 0, 0, confirm_gap=True)  # the rest did not vote
        live.save_conclusion(forum, "Chi bộ thống nhất các giải pháp.")
        live.conclude(forum)
        db.session.commit()
        ids = {"forum": forum_id, "guest": guest.id, "document": document.id, "spoke": spoke.id,
               "waiting": waiting.id, "first": first.id, "second": second.id, "tally": tally.id,
               "member": lan.id, "item": forum.agenda[0].id}
    return ids


def console_posts(ids: dict) -> list[tuple[str, dict]]:
    """Every POST of the console, each with what an operator would send."""
    f = f"/forums/{ids['forum']}/console"
    return [
        (f"{f}/open", {}),
        (f"{f}/steps/ly_do", {"done": "1"}),
        (f"{f}/attendance/{ids['member']}", {"status": "absent_excused", "reason": "Sửa sau diễn đàn"}),
        (f"{f}/attendance/{ids['member']}", {"status": "unmarked"}),
        (f"{f}/attendance/rest-present", {}),
        (f"{f}/guests/{ids['guest']}", {"present": "0"}),
        (f"{f}/agenda/{ids['item']}/start", {}),
        (f"{f}/agenda/next", {}),
        (f"{f}/speakers", {"name": "Người Thêm Sau"}),
        (f"{f}/speakers/next", {}),
        (f"{f}/speakers/current/end", {}),
        (f"{f}/speakers/current/pause", {}),
        (f"{f}/speakers/{ids['spoke']}/note", {"note": "Ghi thêm sau diễn đàn", "codes": "BH1"}),
        (f"{f}/speakers/{ids['spoke']}/readd", {}),
        (f"{f}/speakers/{ids['waiting']}/withdraw", {}),
        (f"{f}/speakers/{ids['waiting']}/down", {}),
        (f"{f}/limit", {"minutes": "9"}),
        (f"{f}/proposals", {"key": "frozen-0003", "text": "gp: Thêm sau"}),
        (f"{f}/proposals/{ids['first']}/edit", {"text": "kn: Đề nghị Đảng ủy xã KHÔNG cần mở lớp", "kind": "khac"}),
        (f"{f}/proposals/{ids['second']}/delete", {}),
        (f"{f}/proposals/merge", {"selected": [str(ids["first"]), str(ids["second"])]}),
        (f"{f}/tally", {"subject_kind": "other", "subject": "Biểu quyết sau"}),
        (f"{f}/tally/{ids['tally']}/close", {"votes_for": "3"}),
        (f"{f}/tally/{ids['tally']}/correct", {"reason": "Đếm lại"}),
        (f"{f}/tally/{ids['tally']}/reserve", {"member_id": str(ids["member"]), "text": "Bảo lưu thêm"}),
        (f"{f}/conclusion", {"text": "Kết luận viết lại"}),
        (f"{f}/conclude", {}),
    ]


def _set_status(app, forum_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Forum, forum_id).status = status
        db.session.commit()


@pytest.mark.parametrize("status", sorted(HELD))
def test_no_console_post_changes_the_record_of_an_ended_forum(client, auth, app, ended, status):
    _set_status(app, ended["forum"], status)
    auth.login("thuky")
    before = content(app)
    for path, data in console_posts(ended):
        response = client.post(path, data=data, headers=HX)
        assert response.status_code == 409, (path, response.status_code)
        assert CLOSED in response.get_data(as_text=True), path
        assert content(app) == before, path


def test_the_chair_is_refused_too_and_a_plain_form_goes_back_with_the_reason(client, auth, app, ended):
    _set_status(app, ended["forum"], "resolution_adopted")
    auth.login("bithu")
    before = content(app)
    for path, data in console_posts(ended):
        response = client.post(path, data=data)
        assert response.status_code == 303, (path, response.status_code)
        assert response.headers["Location"] == f"/forums/{ended['forum']}"
    assert content(app) == before
    assert CLOSED in client.get(f"/forums/{ended['forum']}").get_data(as_text=True)


def test_guests_and_documents_of_an_ended_forum_stay(client, auth, app, ended):
    forum_id = ended["forum"]
    auth.login("bithu")
    page = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    # The page no longer offers what would be refused.
    assert f"/forums/{forum_id}/guests/{ended['guest']}/delete" not in page
    assert f'action="/forums/{forum_id}/documents"' not in page
    assert f"/documents/{ended['document']}/delete" not in page
    before = content(app)
    posts = [
        (f"/forums/{forum_id}/guests", {"name": "Khách Thêm Sau", "position": "", "organisation": "",
                                        "category": "other"}, "#guests"),
        (f"/forums/{forum_id}/guests/{ended['guest']}/delete", {}, "#guests"),
        (f"/forums/{forum_id}/documents/{ended['document']}/delete", {}, "#documents"),
    ]
    for path, data, anchor in posts:
        response = client.post(path, data=data)
        assert response.status_code == 303 and response.headers["Location"].endswith(anchor), path
    import io

    response = client.post(f"/forums/{forum_id}/documents", content_type="multipart/form-data",
                           data={"kind": "other", "title": "Thêm sau", "file": (io.BytesIO(PDF), "sau.pdf")})
    assert response.status_code == 303
    assert content(app) == before
    assert CLOSED in client.get(f"/forums/{forum_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Guest, ended["guest"]) is not None
        assert db.session.get(ForumDocument, ended["document"]) is not None


def test_a_member_still_waiting_at_the_end_stays_on_the_record(client, auth, app, demo):
    from forumsite.meeting import actions as live

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        live.mark_rest_present(db.session.get(Forum, forum_id))
        db.session.commit()
    auth.login("dangvien")
    assert client.post(f"/forums/{forum_id}/speak/", headers=HX).status_code == 200
    with app.app_context():
        live.conclude(db.session.get(Forum, forum_id))
        db.session.commit()
    response = client.post(f"/forums/{forum_id}/speak/withdraw", headers=HX)
    assert response.status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Speaker.id)).where(Speaker.forum_id == forum_id)) == 1


def test_the_committee_review_goes_on_after_the_forum(client, auth, app, ended):
    """What freezes is the session's record, not the follow-up: the chair still composes clauses."""
    auth.login("bithu")
    response = client.post(f"/forums/{ended['forum']}/clauses",
                           data={"selected": [str(ended["second"])], "text": "Sinh hoạt chuyên đề hằng tháng",
                                 "section": "task", "owner": "Chi ủy", "deadline": ""})
    assert response.status_code == 303, response.status_code
    with app.app_context():
        assert db.session.get(Forum, ended["forum"]).status == "in_review"


# --- a recommendation the upper unit answered -----------------------------------------------------------

def test_an_answered_recommendation_keeps_the_text_it_was_answered_on(client, auth, app, demo):
    """The oversight inbox's answer route takes any kiến nghị of its subtree, a live forum's included."""
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    console = f"/forums/{forum_id}/console"
    auth.login("thuky")
    for key, text in (("answered-01", "kn: Đề nghị hỗ trợ kinh phí sinh hoạt"),
                      ("answered-02", "kn: Đề nghị Đảng ủy xã mở lớp bồi dưỡng"),
                      ("answered-03", "kn: Đề nghị hỗ trợ kinh phí sinh hoạt chi bộ")):
        assert client.post(f"{console}/proposals", headers=HX, data={"key": key, "text": text}).status_code == 200
    with app.app_context():
        other, answered, duplicate = db.session.scalars(
            sa.select(Proposal.id).where(Proposal.forum_id == forum_id).order_by(Proposal.id)).all()
    auth.logout()
    auth.login("tuyengiao")
    response = client.post(f"/org/{demo['province']}/oversight/recommendations/{answered}",
                           data={"text": "Đảng ủy xã sẽ mở lớp trong quý tới."})
    assert response.status_code in (200, 303)
    auth.logout()
    auth.login("thuky")
    before = content(app)
    refused = [
        (f"{console}/proposals/{answered}/edit", {"text": "kn: Đề nghị KHÔNG cần mở lớp", "kind": "khac"}),
        (f"{console}/proposals/{answered}/delete", {}),
        # merged into the first checked (the lowest id): the answered one would leave the inbox
        (f"{console}/proposals/merge", {"selected": [str(other), str(answered)]}),
    ]
    for path, data in refused:
        response = client.post(path, data=data, headers=HX)
        assert response.status_code == 409, path
        assert "Cấp trên đã trả lời" in response.get_data(as_text=True)
        assert content(app) == before, path
    # The others are still the secretary's to tidy while the forum is in session.
    assert client.post(f"{console}/proposals/merge", headers=HX,
                       data={"selected": [str(other), str(duplicate)]}).status_code == 200
    assert client.post(f"{console}/proposals/{other}/edit", headers=HX,
                       data={"text": "kn: Đề nghị hỗ trợ kinh phí", "kind": "khac"}).status_code == 200
    with app.app_context():
        assert db.session.get(Proposal, answered).text == "Đề nghị Đảng ủy xã mở lớp bồi dưỡng"
        assert db.session.get(Proposal, duplicate).merged_into_id == other
        assert db.session.scalar(sa.select(sa.func.count(Tally.id))) == 0
