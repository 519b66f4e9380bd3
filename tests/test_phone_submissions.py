"""Written proposals from the members' phones (issue 16.6): sent with a kind and codes, accepted (a proposal
authored by the member), merged or declined with a reason at the console; scoped to the cell's members, refused
once the record is frozen, bad input refused in Vietnamese."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.meeting.models import SUBMISSION_MAX, Proposal, Submission
from forumsite.planning.models import Forum
from tests.helpers import AuthActions, csrf_token, make_app, plan_forum_of_cell_a

HX = {"HX-Request": "true"}
TEXT = "Gửi tài liệu sinh hoạt chi bộ qua nhóm Zalo trước ba ngày"


@pytest.fixture
def live(app, demo):
    return plan_forum_of_cell_a(app, demo, open_it=True)


def login(app, username):
    client = app.test_client()
    assert AuthActions(client).login(username).status_code in (302, 303)
    return client


def send(client, forum_id, text=TEXT, kind="giai_phap", codes=("BH5",)):
    return client.post(f"/forums/{forum_id}/speak/written", headers=HX,
                       data={"text": text, "kind": kind, "codes": list(codes)})


def submissions(app, forum_id):
    with app.app_context():
        rows = db.session.scalars(sa.select(Submission).where(Submission.forum_id == forum_id)
                                  .order_by(Submission.id)).all()
        return [(s.id, s.member.full_name, s.state, s.kind, s.codes, s.reason, s.proposal_id) for s in rows]


def console(app, forum_id, verb, submission_id, **data):
    return login(app, "thuky").post(f"/forums/{forum_id}/console/submissions/{submission_id}/{verb}", headers=HX,
                                    data=data)


def audited(app, action):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry.details).where(AuditEntry.action == action)).all()


def test_a_member_sends_a_written_proposal_and_reads_it_waiting(app, live):
    phone = login(app, "dangvien")
    answer = send(phone, live, codes=("BH5", "NV2", "ZZ99"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="my-part"' in html
    assert TEXT in html and "Chờ xử lý" in html and "BH5" in html
    [(_id, author, state, kind, codes, _r, _p)] = submissions(app, live)
    assert (author, state, kind, codes) == ("Võ Thị Mai", "pending", "giai_phap", ["BH5", "NV2"])  # unknown dropped
    assert audited(app, "submission.send")[0]["text"] == TEXT
    # The secretary's console lists it in its own region, with the three decisions.
    page = login(app, "thuky").get(f"/forums/{live}/console").get_data(as_text=True)
    region = page.split('id="console-submissions"')[1].split("</section>")[0]
    assert TEXT in region and "Võ Thị Mai" in region
    assert "Nhận" in region and "Gộp vào ý kiến" not in region  # nothing captured yet to merge into
    assert 'name="reason"' in region and "required" in region


def test_the_phone_page_shows_presence_and_the_form(app, live):
    phone = login(app, "dangvien")
    page = phone.get(f"/forums/{live}/follow").get_data(as_text=True)
    assert "Gửi ý kiến bằng văn bản" in page and f'maxlength="{SUBMISSION_MAX}"' in page
    assert 'name="codes" value="BH5"' in page and "Mô hình hay" in page
    part = phone.get(f"/forums/{live}/speak/mine", headers=HX).get_data(as_text=True)
    assert "Bạn chưa được điểm danh." in part
    login(app, "thuky").post(f"/forums/{live}/console/attendance/{_member_id(app, 'Võ Thị Mai')}", headers=HX,
                             data={"status": "present"})
    part = phone.get(f"/forums/{live}/speak/mine", headers=HX).get_data(as_text=True)
    assert "Bạn đã được điểm danh: Có mặt." in part


def _member_id(app, name):
    from forumsite.members.models import Member

    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == name))


def test_accepting_makes_a_proposal_authored_by_the_member(app, live):
    send(login(app, "dangvien"), live, kind="mo_hinh")
    [(sid, *_rest)] = submissions(app, live)
    answer = console(app, live, "accept", sid)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'id="console-submissions"' in html and 'id="console-proposals"' in html and TEXT in html
    with app.app_context():
        forum = db.session.get(Forum, live)
        proposal = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == live))
        assert (proposal.text, proposal.kind, proposal.codes) == (TEXT, "mo_hinh", ["BH5"])
        assert (proposal.author_name, proposal.author_member_id) == ("Võ Thị Mai", _member_id(app, "Võ Thị Mai"))
        assert proposal.agenda_item_id == forum.current_item_id and proposal.live
        from forumsite.meeting import queries

        assert [p.id for p in queries.proposals(forum)] == [proposal.id]  # it counts like a typed one
    assert submissions(app, live)[0][2] == "accepted" and submissions(app, live)[0][6] == proposal.id
    assert audited(app, "submission.accept")[0]["proposal_id"] == proposal.id
    # Decided once: a second press (another operator) is told, and nothing is made twice.
    again = console(app, live, "accept", sid)
    assert again.status_code == 409 and "đã được xử lý" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Proposal.id)).where(Proposal.forum_id == live)) == 1
    # The member reads it on the phone.
    assert "Đã nhận" in login(app, "dangvien").get(f"/forums/{live}/speak/mine", headers=HX).get_data(as_text=True)


def test_merging_appends_the_words_and_credits_the_member(app, live):
    operator = login(app, "thuky")
    operator.post(f"/forums/{live}/console/proposals", headers=HX,
                  data={"key": "merge-target-1", "text": "gp: Gửi tài liệu trước buổi sinh hoạt NV2", "kind": "khac"})
    send(login(app, "dangvien"), live, text="Gửi qua Zalo cho đảng viên lớn tuổi")
    [(sid, *_rest)] = submissions(app, live)
    with app.app_context():
        target = db.session.scalar(sa.select(Proposal.id).where(Proposal.forum_id == live))
    assert console(app, live, "merge", sid, into=str(target)).status_code == 200
    with app.app_context():
        merged = db.session.get(Proposal, target)
        assert merged.text == "Gửi tài liệu trước buổi sinh hoạt\nGửi qua Zalo cho đảng viên lớn tuổi"
        assert merged.codes == ["NV2", "BH5"]
        credit = db.session.scalar(sa.select(Proposal).where(Proposal.merged_into_id == target))
        assert credit.author_name == "Võ Thị Mai" and not credit.live
    assert submissions(app, live)[0][2:3] == ("merged",) and submissions(app, live)[0][6] == target
    # Into a proposal of another forum, or none: refused, nothing decided.
    send(login(app, "dangvien"), live, text="Một ý nữa")
    second = submissions(app, live)[1][0]
    refused = console(app, live, "merge", second, into="999999")
    assert refused.status_code == 422 and "Chọn một ý kiến đã ghi để gộp vào." in refused.get_data(as_text=True)
    assert submissions(app, live)[1][2] == "pending"


def test_declining_needs_a_reason_the_member_reads(app, live):
    send(login(app, "dangvien"), live)
    [(sid, *_rest)] = submissions(app, live)
    refused = console(app, live, "decline", sid, reason="   ")
    assert refused.status_code == 422 and "Vui lòng ghi lý do không nhận ý kiến." in refused.get_data(as_text=True)
    assert submissions(app, live)[0][2] == "pending"
    assert console(app, live, "decline", sid, reason="Trùng với ý kiến đã nêu").status_code == 200
    assert submissions(app, live)[0][2:6] == ("declined", "giai_phap", ["BH5"], "Trùng với ý kiến đã nêu")
    part = login(app, "dangvien").get(f"/forums/{live}/speak/mine", headers=HX).get_data(as_text=True)
    assert "Không nhận" in part and "Lý do: Trùng với ý kiến đã nêu" in part
    assert audited(app, "submission.decline")[0]["reason"] == "Trùng với ý kiến đã nêu"


@pytest.mark.parametrize(("text", "kind", "message"), [
    ("   ", "giai_phap", "Vui lòng nhập nội dung ý kiến."),
    ("x" * (SUBMISSION_MAX + 1), "giai_phap", f"Ý kiến dài quá {SUBMISSION_MAX} ký tự"),
    (TEXT, "khong_co", "Loại ý kiến không hợp lệ."),
])
def test_bad_input_is_refused_in_vietnamese(app, live, text, kind, message):
    answer = send(login(app, "dangvien"), live, text=text, kind=kind)
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert submissions(app, live) == []


def test_a_plain_form_is_answered_with_a_redirect(app, live):
    phone = login(app, "dangvien")
    answer = phone.post(f"/forums/{live}/speak/written", data={"text": TEXT, "kind": "kien_nghi"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/forums/{live}/speak/mine")
    page = phone.get(f"/forums/{live}/speak/mine").get_data(as_text=True)
    assert "Đã gửi ý kiến; thư ký sẽ xem xét." in page and TEXT in page and "<html" in page


def test_only_the_cells_current_members_send_and_each_reads_only_their_own(app, live):
    outsider = login(app, "bithu2")  # a member (the chair) of another cell
    assert send(outsider, live).status_code in (403, 404)
    assert outsider.get(f"/forums/{live}/speak/mine", headers=HX).status_code in (403, 404)
    admin = login(app, "admin")  # not a member at all
    assert send(admin, live).status_code in (403, 404)
    assert submissions(app, live) == []
    send(login(app, "thuky"), live, text="Ý kiến riêng của thư ký")
    mine = login(app, "dangvien").get(f"/forums/{live}/speak/mine", headers=HX).get_data(as_text=True)
    assert "Ý kiến riêng của thư ký" not in mine
    # A member suspended is no longer taking part.
    from forumsite.members.models import Member

    with app.app_context():
        db.session.get(Member, _member_id(app, "Võ Thị Mai")).suspended = True
        db.session.commit()
    assert send(login(app, "dangvien"), live).status_code in (403, 404)
    assert len(submissions(app, live)) == 1


def test_before_the_forum_members_send_and_the_console_declines_but_cannot_accept(app, demo):
    forum_id = plan_forum_of_cell_a(app, demo)  # published, not opened
    phone = login(app, "dangvien")
    part = phone.get(f"/forums/{forum_id}/speak/mine", headers=HX).get_data(as_text=True)
    assert "Xem chương trình và tài liệu của diễn đàn" in part
    assert send(phone, forum_id).status_code == 200
    [(sid, *_rest)] = submissions(app, forum_id)
    refused = console(app, forum_id, "accept", sid)
    assert refused.status_code == 409 and "Diễn đàn chưa mở" in refused.get_data(as_text=True)
    assert console(app, forum_id, "decline", sid, reason="Ngoài nội dung diễn đàn").status_code == 200


def test_the_frozen_record_refuses_sending_and_deciding(app, live):
    send(login(app, "dangvien"), live)
    [(sid, *_rest)] = submissions(app, live)
    from forumsite.meeting import actions

    with app.app_context():
        actions.conclude(db.session.get(Forum, live))
        db.session.commit()
    refused = send(login(app, "dangvien"), live)
    assert refused.status_code == 409 and "Diễn đàn đã kết thúc" in refused.get_data(as_text=True)
    for verb, data in (("accept", {}), ("decline", {"reason": "Muộn"})):
        assert console(app, live, verb, sid, **data).status_code == 409
    assert [s[2] for s in submissions(app, live)] == ["pending"]
    # Still readable afterwards, with no form.
    part = login(app, "dangvien").get(f"/forums/{live}/speak/mine").get_data(as_text=True)
    assert TEXT in part and "Gửi ý kiến bằng văn bản" not in part


def test_the_minutes_name_the_authors_of_written_proposals(app, live):
    send(login(app, "dangvien"), live, text="Mời Đoàn thanh niên dự phần thảo luận")
    send(login(app, "thuky"), live, text="Không liên quan")
    first, second = (s[0] for s in submissions(app, live))
    console(app, live, "accept", first)
    console(app, live, "decline", second, reason="Ngoài chủ đề")
    from forumsite.followup.drafting import minutes_sections

    with app.test_request_context():
        sections = dict((key, text) for key, _title, text in minutes_sections(db.session.get(Forum, live)))
    assert "Đồng chí Võ Thị Mai (ý kiến bằng văn bản): Mời Đoàn thanh niên dự phần thảo luận" in sections["dien_bien"]
    assert "Không liên quan" not in sections["dien_bien"]


def test_without_the_csrf_token_nothing_is_sent(tmp_path, pg_ready):
    from forumsite.demo import load_demo

    guarded = make_app(tmp_path, pg_ready, WTF_CSRF_ENABLED=True)
    with guarded.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        from forumsite.org.models import Organisation

        cell = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
    forum_id = plan_forum_of_cell_a(guarded, {"cell_a": cell}, open_it=True)
    phone = guarded.test_client()
    token = csrf_token(phone.get("/login").get_data(as_text=True))
    phone.post("/login", data={"username": "dangvien", "password": "demo12345", "csrf_token": token})
    refused = phone.post(f"/forums/{forum_id}/speak/written", headers=HX, data={"text": TEXT, "kind": "giai_phap"})
    assert refused.status_code == 400 and "Vui lòng tải lại trang" in refused.get_data(as_text=True)
    token = csrf_token(phone.get(f"/forums/{forum_id}/follow").get_data(as_text=True))
    sent = phone.post(f"/forums/{forum_id}/speak/written", headers={**HX, "X-CSRFToken": token},
                      data={"text": TEXT, "kind": "giai_phap"})
    assert sent.status_code == 200
    assert len(submissions(guarded, forum_id)) == 1


def test_written_proposals_share_the_phones_allowance(tmp_path, pg_ready):
    from forumsite.demo import load_demo
    from forumsite.org.models import Organisation

    limited = make_app(tmp_path, pg_ready, RATELIMIT_ENABLED=True)
    with limited.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        cell = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
    forum_id = plan_forum_of_cell_a(limited, {"cell_a": cell}, open_it=True)
    phone = login(limited, "dangvien")
    allowance = int(limited.config["PHONE_RATE_LIMIT"].split()[0])
    for i in range(allowance):
        assert send(phone, forum_id, text=f"Ý kiến {i}").status_code == 200, i
    answer = send(phone, forum_id, text="Một ý kiến quá nhiều")
    assert answer.status_code == 429 and "Bạn bấm quá nhanh" in answer.get_data(as_text=True)
    assert phone.post(f"/forums/{forum_id}/speak/", headers=HX).status_code == 429  # the same allowance
    assert len(submissions(limited, forum_id)) == allowance


def test_after_the_forum_the_member_reads_the_resolution_and_its_tasks(tmp_path, pg_ready):
    from forumsite.demo import load_demo
    from forumsite.org.models import Organisation

    full = make_app(tmp_path, pg_ready)
    with full.app_context():
        load_demo()  # with the forum of cell A held in September and its resolution adopted
        db.session.commit()
        cell = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
        held = db.session.scalar(sa.select(Forum.id).where(Forum.cell_id == cell,
                                                           Forum.status == "resolution_adopted"))
    phone = login(full, "dangvien")
    forum_page = phone.get(f"/forums/{held}").get_data(as_text=True)
    assert f"/forums/{held}/speak/mine" in forum_page and "Ý kiến của tôi" in forum_page
    page = phone.get(f"/forums/{held}/speak/mine").get_data(as_text=True)
    assert f"/forums/{held}/documents/NQ" in page and f"/cells/{cell}/tasks" in page
    assert "Gửi ý kiến bằng văn bản" not in page and "Bạn đã được điểm danh" not in page
    refused = send(phone, held)
    assert refused.status_code == 409 and "Diễn đàn đã kết thúc" in refused.get_data(as_text=True)
