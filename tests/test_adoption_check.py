"""Adoption is checked, confirmed and correctable (issue 14 item 5), and its count is questioned (item 3)."""
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.followup.models import DocumentCorrection, PartyDocument, SectionVersion
from forumsite.meeting.models import Tally
from forumsite.rules import documents as doc_rules
from forumsite.rules import figures as fig
from tests.helpers import draft, ready


def _record(app, forum_id):
    from forumsite.followup.record import load
    from forumsite.planning.models import Forum

    with app.app_context():
        return load(db.session.get(Forum, forum_id))


def _resolution(app, forum_id):
    with app.app_context():
        doc = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum_id,
                                                               PartyDocument.kind == "NQ"))
        return doc.status, doc.number, {s.key: s for s in doc.sections}


def _set_section(app, forum_id, key, text):
    with app.app_context():
        doc = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum_id,
                                                               PartyDocument.kind == "NQ"))
        next(s for s in doc.sections if s.key == key).text = text
        db.session.commit()


def _all_hands(app, forum_id, **extra):
    a = _record(app, forum_id).attendance
    return {"votes_for": a.present_voters, "against": 0, "not_voting": 0, "confirm": "y", **extra}


def test_placeholders_a_missing_place_and_empty_sections_block_adoption(client, auth, app, held):
    auth.login("bithu")
    draft(client, held)  # no clauses yet: "- …" under the objectives and tasks; the cell has no place name
    _set_section(app, held, "to_chuc", "   ")
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert "Kiểm tra trước khi thông qua" in page and "Chưa khai báo địa danh" in page
    refused = client.post(f"/forums/{held}/documents/NQ/adopt", data=_all_hands(app, held))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Chưa khai báo địa danh" in html and "còn chỗ chưa điền" in html and "đang trống" in html
    assert _resolution(app, held)[:2] == ("draft", None)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Tally.id)).where(Tally.subject_kind == "resolution")) == 0


def test_a_figure_the_record_does_not_state_blocks_adoption(client, auth, app, held):
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    a = _record(app, held).attendance
    wrong = f"Dự diễn đàn có {a.present}/{a.members + 1} đảng viên (tỷ lệ 92,9%)."
    _set_section(app, held, "danh_gia", wrong)
    refused = client.post(f"/forums/{held}/documents/NQ/adopt", data=_all_hands(app, held))
    assert refused.status_code == 422 and "Số liệu không khớp với hồ sơ diễn đàn" in refused.get_data(as_text=True)
    # The record's fraction with a percentage that is not its own is refused as well.
    _set_section(app, held, "danh_gia", f"Dự diễn đàn có {a.present_expected}/{a.expected} đảng viên (tỷ lệ 1,0%).")
    assert client.post(f"/forums/{held}/documents/NQ/adopt", data=_all_hands(app, held)).status_code == 422
    _set_section(app, held, "danh_gia", f"Dự diễn đàn có {fig.attendance_phrase(a)}.")
    assert client.post(f"/forums/{held}/documents/NQ/adopt", data=_all_hands(app, held)).status_code == 303


def test_adoption_asks_for_the_confirmation_that_it_locks_and_numbers(client, auth, app, held):
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert "văn bản sẽ bị khóa và được đánh số" in page and 'name="confirm"' in page
    unconfirmed = client.post(f"/forums/{held}/documents/NQ/adopt", data=_all_hands(app, held, confirm=""))
    assert unconfirmed.status_code == 422 and "Hãy đánh dấu ô xác nhận" in unconfirmed.get_data(as_text=True)
    assert _resolution(app, held)[:2] == ("draft", None)
    assert client.post(f"/forums/{held}/documents/NQ/adopt", data=_all_hands(app, held)).status_code == 303
    assert _resolution(app, held)[:2] == ("adopted", 1)
    # The minutes and the report pass the same check and confirmation.
    client.post(f"/forums/{held}/documents/BB/draft")
    ready(client, held, "BB")
    assert client.post(f"/forums/{held}/documents/BB/approve", data={"on": "20/11/2026"}).status_code == 422
    assert client.post(f"/forums/{held}/documents/BB/approve", data={"on": "20/11/2026", "confirm": "y"}
                       ).status_code == 303


def test_a_count_that_leaves_members_out_is_questioned_then_recorded_as_not_voting(client, auth, app,
                                                                                     held):
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    a = _record(app, held).attendance
    data = {"votes_for": a.present_voters - 2, "against": 0, "not_voting": 0, "confirm": "y"}
    questioned = client.post(f"/forums/{held}/documents/NQ/adopt", data=data)
    html = questioned.get_data(as_text=True)
    assert questioned.status_code == 422 and "xác nhận 2 đồng chí không biểu quyết" in html
    assert f'value="{a.present_voters - 2}"' in html  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Tally.id)).where(Tally.subject_kind == "resolution")) == 0
    assert client.post(f"/forums/{held}/documents/NQ/adopt", data={**data, "confirm_gap": "y"}).status_code == 303
    with app.app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.subject_kind == "resolution"))
        assert (tally.votes_for, tally.votes_against, tally.not_voting, tally.present_voters, tally.eligible) == (
            a.present_voters - 2, 0, 2, a.present_voters, a.eligible)
    line = _resolution(app, held)[2]["thong_qua"].text
    assert line == fig.adoption_line(a.present_voters - 2, a.eligible)


def _adopted(client, app, forum_id):
    draft(client, forum_id)
    ready(client, forum_id)
    assert client.post(f"/forums/{forum_id}/documents/NQ/adopt", data=_all_hands(app, forum_id)).status_code == 303


def test_the_chair_corrects_an_adopted_resolution_keeping_its_number(client, auth, app, demo, held):
    auth.login("bithu")
    _adopted(client, app, held)
    _status, number, sections = _resolution(app, held)
    section = sections["to_chuc"]
    url = f"/forums/{held}/documents/NQ/sections/{section.id}/correct"
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert "Đính chính phần này" in page and "Lý do đính chính" in page
    no_reason = client.post(url, data={"text": section.text + "\n- Bổ sung", "reason": " "}, follow_redirects=True)
    assert "Vui lòng ghi lý do đính chính" in no_reason.get_data(as_text=True)
    placeholder = client.post(url, data={"text": section.text + "\n- …", "reason": "Bổ sung"})
    assert placeholder.status_code == 422 and "còn chỗ chưa điền" in placeholder.get_data(as_text=True)
    corrected = client.post(url, data={"text": section.text + "\n- Chi ủy báo cáo kết quả mỗi quý.",
                                       "reason": "Bổ sung nhiệm vụ báo cáo đã thống nhất tại cuộc họp"})
    assert corrected.status_code == 303
    status, kept, sections = _resolution(app, held)
    assert (status, kept) == ("adopted", number)  # the number stays
    assert sections["to_chuc"].text.endswith("Chi ủy báo cáo kết quả mỗi quý.")
    with app.app_context():
        versions = db.session.scalars(sa.select(SectionVersion.text).where(SectionVersion.section_id == section.id)
                                      .order_by(SectionVersion.version)).all()
        assert versions[0] == section.text and len(versions) == 2  # every version kept
        correction = db.session.scalar(sa.select(DocumentCorrection))
        assert correction.reason.startswith("Bổ sung nhiệm vụ") and correction.username == "bithu"
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "document.correct"))
        assert entry is not None and entry.username == "bithu"
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert "Bổ sung nhiệm vụ báo cáo đã thống nhất" in page and doc_rules.symbol(number, "NQ") in page
    auth.logout()
    # The upper committee sees it on its reports page.
    auth.login("tuyengiao")
    reports = client.get(f"/org/{demo['commune']}/reports/").get_data(as_text=True)
    assert "Đính chính văn bản đã thông qua" in reports and "Bổ sung nhiệm vụ báo cáo đã thống nhất" in reports
    auth.logout()
    # A member reads the correction but cannot make one.
    auth.login("dangvien")
    assert "Bổ sung nhiệm vụ báo cáo" in client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert client.post(url, data={"text": "x", "reason": "y"}).status_code in (403, 404)


def test_a_draft_is_edited_not_corrected(client, auth, app, held):
    auth.login("bithu")
    draft(client, held)
    section = _resolution(app, held)[2]["to_chuc"]
    refused = client.post(f"/forums/{held}/documents/NQ/sections/{section.id}/correct",
                          data={"text": "Khác", "reason": "Thử"}, follow_redirects=True)
    assert "Chỉ đính chính văn bản đã được thông qua" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DocumentCorrection.id))) == 0
