"""The committee's review page, the composer, adoption and the DOCX, through the web."""
import io

import pytest
import sqlalchemy as sa
from docx import Document

from forumsite.extensions import db
from forumsite.followup.models import PartyDocument
from forumsite.meeting.models import Proposal
from tests.helpers import draft, ready


@pytest.mark.parametrize("username, status", [("bithu", 200), ("thuky", 403), ("dangvien", 403), ("bithu2", 404)])
def test_only_the_committee_reviews(client, auth, held, username, status):
    auth.login(username)
    assert client.get(f"/forums/{held}/review").status_code == status
    composed = 303 if status == 200 else status  # the committee's post lands back on the page
    assert client.post(f"/forums/{held}/clauses", data={"text": "x"}).status_code == composed


def test_compose_clauses_with_provenance_then_draft(client, auth, app, held):
    auth.login("bithu")
    with app.app_context():
        ids = [p.id for p in db.session.scalars(sa.select(Proposal).where(Proposal.kind == "giai_phap"))]
    response = client.post(f"/forums/{held}/clauses", data={
        "selected": [str(i) for i in ids], "text": "Mỗi quý một buổi sinh hoạt chuyên đề",
        "section": "task", "owner": "Chi ủy", "deadline": "31/3/2027"})
    assert response.status_code == 303
    page = client.get(f"/forums/{held}/review").get_data(as_text=True)
    assert "Mỗi quý một buổi sinh hoạt chuyên đề" in page and "Từ 2 ý kiến của: Nguyễn Văn Hùng, Trần Thị Lan" in page
    bad = client.post(f"/forums/{held}/clauses", data={"text": "x", "deadline": "32/13/2027"}, follow_redirects=True)
    assert "Ngày không hợp lệ" in bad.get_data(as_text=True)
    composer = draft(client, held)
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam" in composer and "a) Mỗi quý một buổi sinh hoạt chuyên đề" in composer
    again = client.post(f"/forums/{held}/documents/NQ/draft", follow_redirects=True)
    assert "Đã có dự thảo" in again.get_data(as_text=True)


def test_the_second_editor_sees_a_conflict_and_both_texts(client, auth, app, held):
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    with app.app_context():
        section = db.session.scalar(sa.select(PartyDocument)).sections[1]
        url, version = f"/forums/{held}/documents/NQ/sections/{section.id}", section.version
    first = client.post(url, headers={"HX-Request": "true"}, data={"text": "Bản thứ nhất", "version": version})
    assert first.status_code == 200 and "Đã lưu phiên bản 2" in first.get_data(as_text=True)
    second = client.post(url, headers={"HX-Request": "true"}, data={"text": "Bản thứ hai", "version": version})
    html = second.get_data(as_text=True)
    assert second.status_code == 409 and "Bản thứ nhất" in html and "Bản thứ hai" in html
    with app.app_context():
        assert db.session.get(type(section), section.id).text == "Bản thứ nhất"  # nothing overwritten


def test_adoption_numbers_locks_and_opens_the_text_to_members(client, auth, app, held):
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    failed = client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": "6", "against": "5", "not_voting": "1", "confirm": "y",
        "on": "5/12/2026"}, follow_redirects=True)
    assert "không thông qua" in failed.get_data(as_text=True)
    impossible = client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": "13", "against": "0", "not_voting": "0", "confirm": "y"},
        follow_redirects=True)
    assert "Số phiếu không hợp lệ" in impossible.get_data(as_text=True)
    adopted = client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": "10", "against": "1", "not_voting": "1", "confirm": "y",
        "on": "5/12/2026"}, follow_redirects=True)
    html = adopted.get_data(as_text=True)
    assert "Số 01-NQ/CB" in html and "đã khóa" in html
    assert "với 10/12 đảng viên chính thức tán thành (83,3%)" in html
    with app.app_context():
        doc = db.session.scalar(sa.select(PartyDocument))
        assert (doc.status, doc.number, str(doc.issued_on)) == ("adopted", 1, "2026-12-05")
        section = doc.sections[1]
    locked = client.post(f"/forums/{held}/documents/NQ/sections/{section.id}", headers={"HX-Request": "true"},
                         data={"text": "sửa sau khi thông qua", "version": section.version})
    assert locked.status_code == 409
    auth.logout()
    auth.login("dangvien")
    assert client.get(f"/forums/{held}/documents/NQ").status_code == 200
    assert "Nghị quyết chuyên đề đã thông qua" in client.get(f"/forums/{held}").get_data(as_text=True)


def test_a_member_cannot_read_a_draft(client, auth, held):
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    auth.logout()
    auth.login("dangvien")
    assert client.get(f"/forums/{held}/documents/NQ").status_code == 404
    assert client.get(f"/forums/{held}/documents/NQ.docx").status_code == 404


def test_the_docx_is_laid_out_per_hd36(client, auth, app, held):
    from forumsite.planning.models import Forum

    with app.app_context():
        db.session.get(Forum, held).cell.place_name = "Hải Phú"
        db.session.commit()
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": "10", "against": "1", "not_voting": "1", "confirm": "y",
        "on": "5/2/2027"})
    response = client.get(f"/forums/{held}/documents/NQ.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ XÃ HẢI PHÚ", "CHI BỘ THÔN PHÚ HƯNG", "*", "Số 01-NQ/CB"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    title = right.paragraphs[0].runs[0]
    assert title.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and title.bold and title.font.size.pt == 15
    assert "w:bottom" in right.paragraphs[0]._p.xml  # the rule under the title
    dated = right.paragraphs[1].runs[0]
    assert dated.text == "Hải Phú, ngày 05 tháng 02 năm 2027" and dated.italic and dated.font.size.pt == 14
    body = [p for p in document.paragraphs if p.text]
    assert body[0].text == "NGHỊ QUYẾT" and body[0].runs[0].font.size.pt == 16 and body[0].runs[0].bold
    assert body[1].text.startswith("về vai trò") or body[1].text.startswith("về diễn đàn")
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}
    signature = document.tables[1].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs if p.text] == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn Hùng"]
    assert "Nơi nhận:" in document.tables[1].rows[0].cells[0].paragraphs[0].text


def test_the_minutes_write_themselves_and_are_approved_as_bb(client, auth, app, held):
    auth.login("bithu")
    assert client.post(f"/forums/{held}/documents/BB/draft").status_code == 303
    ready(client, held, "BB")
    html = client.get(f"/forums/{held}/documents/BB").get_data(as_text=True)
    # A list of the minutes: each item closed by ";", the last by "."; no "vắng … 0" (issue 14 item 8).
    assert "Tổng số đảng viên: 15 (chính thức 12, dự bị 3); miễn sinh hoạt 1;" in html
    assert "Có mặt: 15; không có đảng viên vắng mặt;" in html
    assert "Đồng chí Nguyễn Văn Hùng: Sinh hoạt chuyên đề hằng quý; Chưa thường xuyên tự phê bình;" in html
    assert "Kết luận của chủ trì: Chi bộ thống nhất các giải pháp." in html
    assert "biên bản đã được đọc lại và thông qua trước chi bộ" in html
    approved = client.post(f"/forums/{held}/documents/BB/approve", data={"on": "20/11/2026", "confirm": "y"},
                           follow_redirects=True)
    assert "Số 01-BB/CB" in approved.get_data(as_text=True)
    document = Document(io.BytesIO(client.get(f"/forums/{held}/documents/BB.docx").data))
    assert [p.text for p in document.paragraphs if p.text][0] == "BIÊN BẢN"
    signatures = [c.paragraphs[0].text for c in document.tables[1].rows[0].cells]
    assert signatures == ["THƯ KÝ", "CHỦ TRÌ"]


def test_adopted_clauses_become_tasks_that_open_the_next_forum(client, auth, app, demo, held):
    from tests.helpers import FORUM

    auth.login("bithu")
    client.post(f"/forums/{held}/clauses", data={"text": "Mỗi quý một buổi sinh hoạt chuyên đề", "owner": "Chi ủy",
                                                  "deadline": "1/1/2026", "section": "task"})
    client.post(f"/forums/{held}/clauses", data={"text": "Phấn đấu 100% đảng viên hoàn thành nhiệm vụ",
                                                  "section": "objective"})
    draft(client, held)
    ready(client, held)
    client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": "10", "against": "1", "not_voting": "1", "confirm": "y"})
    page = client.get(f"/cells/{demo['cell_a']}/tasks").get_data(as_text=True)
    assert "Mỗi quý một buổi sinh hoạt chuyên đề" in page and "quá hạn" in page
    assert "Phấn đấu 100%" not in page  # objectives are not tasks
    response = client.post(f"/cells/{demo['cell_a']}/forums/new", data=FORUM)
    forum_id = int(response.headers["Location"].rsplit("/", 1)[1])
    agenda = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    first_items = agenda[agenda.index("Khai mạc"):agenda.index("Khai mạc") + 600]
    assert "Kiểm điểm việc thực hiện nghị quyết: 1 nhiệm vụ đang thực hiện" in first_items
    from forumsite.followup.models import Task

    with app.app_context():
        task_id = db.session.scalar(sa.select(Task.id))
    client.post(f"/tasks/{task_id}", data={"status": "done", "note": "Đã tổ chức buổi đầu tiên"})
    page = client.get(f"/cells/{demo['cell_a']}/tasks").get_data(as_text=True)
    assert "đã hoàn thành" in page and "Đã tổ chức buổi đầu tiên" in page
    assert client.post(f"/tasks/{task_id}", data={"status": "lost"}, follow_redirects=True).status_code == 200
    auth.logout()
    auth.login("dangvien")
    assert client.get(f"/cells/{demo['cell_a']}/tasks").status_code == 200
    assert client.post(f"/tasks/{task_id}", data={"status": "open"}).status_code == 403


def test_pdf_export_shows_the_header_block(client, auth, app, held, tmp_path):
    import subprocess

    from tests.helpers import need_tool

    pdftoppm, pdftotext = need_tool("pdftoppm"), need_tool("pdftotext")
    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": "10", "against": "1", "not_voting": "1", "confirm": "y"})
    response = client.get(f"/forums/{held}/documents/NQ.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "nq.pdf"
    path.write_bytes(response.data)
    text = subprocess.run([pdftotext, "-layout", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                          text=True).stdout
    header = text[:600]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "CHI BỘ THÔN PHÚ HƯNG" in header and "Số 01-NQ/CB" in header
    subprocess.run([pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_cli_lists_forums_and_exports(runner, app, demo, held, tmp_path):
    from forumsite.followup import actions, drafting

    result = runner.invoke(args=["forums"])
    assert result.exit_code == 0 and "concluded" in result.output and "Chi bộ Thôn Phú Hưng" in result.output
    missing = runner.invoke(args=["export", str(held), "--what", "minutes", "-o", str(tmp_path / "x.docx")])
    assert missing.exit_code != 0 and "chưa có biên bản" in missing.output
    from forumsite.planning.models import Forum

    with app.test_request_context():
        forum = db.session.get(Forum, held)
        actions.create_document(forum, "BB", drafting.minutes_sections(forum))
        db.session.commit()
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"bb.{fmt}"
        result = runner.invoke(args=["export", str(held), "--what", "minutes", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")


def test_the_demo_shows_the_end_result(tmp_path, pg_ready):
    """A newcomer sees a finished forum: adopted and numbered resolution, approved minutes, tasks."""
    from forumsite.demo import load_demo
    from forumsite.followup.models import Task
    from tests.helpers import make_app

    app = make_app(tmp_path, pg_ready)
    with app.test_request_context():
        load_demo()
        db.session.commit()
        from forumsite.org.models import Organisation

        cell_a = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
        documents = {d.kind: d for d in db.session.scalars(sa.select(PartyDocument)
                                                           .where(PartyDocument.organisation_id == cell_a))}
        assert (documents["NQ"].status, documents["NQ"].number) == ("adopted", 1)
        assert (documents["BB"].status, documents["BB"].number) == ("adopted", 1)
        assert db.session.scalar(sa.select(sa.func.count(Task.id))
                                 .where(Task.organisation_id == cell_a)) == 3  # two tasks and the good model
        # Beside it, the cell without a chi ủy: decided at the forum, its resolution citing that vote.
        other = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.organisation_id != cell_a))
        assert (other.kind, other.status, other.number) == ("NQ", "adopted", 1)
        assert "biểu quyết thông qua tại diễn đàn ngày 20/10/2026" in next(
            s.text for s in other.sections if s.key == "thong_qua")
    client = app.test_client()
    client.post("/login", data={"username": "dangvien", "password": "demo12345"})
    forum_id = documents["NQ"].forum_id
    html = client.get(f"/forums/{forum_id}/documents/NQ").get_data(as_text=True)
    assert "Số 01-NQ/CB" in html and "Hải Phú, ngày 05 tháng 10 năm 2025" not in html
    assert "Hải Phú, ngày 05 tháng 10 năm 2026" in html
    # The demo's resolution states its own record's figures (it once printed "14/15 (92,9%)").
    from forumsite.followup.record import load
    from forumsite.rules import documents as doc_rules
    from forumsite.rules import figures as fig

    with app.test_request_context():
        from forumsite.planning.models import Forum

        resolution = db.session.get(PartyDocument, documents["NQ"].id)
        record = load(db.session.get(Forum, resolution.forum_id))
        sections = [(s.key, s.title, s.text) for s in resolution.sections]
    assert fig.attendance_phrase(record.attendance) in html
    v = record.adoption
    assert v is not None and (v.eligible, v.present_voters) == (record.attendance.eligible,
                                                                 record.attendance.present_voters)
    assert fig.adoption_line(v.votes_for, v.eligible) in html
    assert [p for _k, _t, text in sections for p in doc_rules.figure_problems(text, record.fractions())] == []


def test_the_report_goes_up_is_received_and_answered(client, auth, app, demo, held):
    from forumsite.accounts.actions import create_user
    from forumsite.meeting import actions as live_actions
    from forumsite.planning.models import Forum

    with app.test_request_context():
        forum = db.session.get(Forum, held)
        forum.status = "in_session"  # one more recommendation, captured as at the forum
        live_actions.capture_proposal(forum, "kn-1", "kn: Đề nghị Đảng ủy xã mở lớp bồi dưỡng lý luận", "khac",
                                      frozenset())
        forum.status = "concluded"
        create_user("huyenuy", "demo12345", oversight_org_id=demo["district"])
        db.session.commit()
    auth.login("bithu")
    assert client.post(f"/forums/{held}/documents/BC/draft").status_code == 303
    ready(client, held, "BC")
    html = client.get(f"/forums/{held}/documents/BC").get_data(as_text=True)
    assert "II. KIẾN NGHỊ, ĐỀ XUẤT VỚI CẤP ỦY CẤP TRÊN" in html and "1. Đề nghị Đảng ủy xã mở lớp" in html
    sent = client.post(f"/forums/{held}/documents/BC/send", data={"confirm": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Số 01-BC/CB" in sent and "chờ cấp trên xác nhận" in sent
    auth.logout()

    auth.login("huyenuy")
    inbox = client.get(f"/org/{demo['district']}/reports/").get_data(as_text=True)
    assert "Chi bộ Thôn Phú Hưng" in inbox and "Đề nghị Đảng ủy xã mở lớp bồi dưỡng lý luận" in inbox
    with app.app_context():
        report = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.kind == "BC"))
        proposal_id = db.session.scalar(sa.select(Proposal.id).where(Proposal.kind == "kien_nghi"))
    client.post(f"/org/{demo['district']}/reports/{report.id}/received")
    client.post(f"/org/{demo['district']}/reports/recommendations/{proposal_id}",
                data={"text": "Huyện ủy sẽ mở lớp vào quý I năm 2027."})
    inbox = client.get(f"/org/{demo['district']}/reports/").get_data(as_text=True)
    assert "Đã nhận" in inbox and "Huyện ủy sẽ mở lớp vào quý I năm 2027." in inbox
    empty = client.post(f"/org/{demo['district']}/reports/recommendations/{proposal_id}", data={"text": " "},
                        follow_redirects=True)
    assert "Nội dung đang trống." in empty.get_data(as_text=True)
    auth.logout()

    auth.login("bithu")
    review = client.get(f"/forums/{held}/review").get_data(as_text=True)
    assert "Cấp trên trả lời" in review and "Huyện ủy sẽ mở lớp vào quý I năm 2027." in review
    assert client.get(f"/org/{demo['district']}/reports/").status_code == 404  # a cell's chair is not the upper level
    auth.logout()
    auth.login("bithu2")
    assert client.post(f"/org/{demo['district']}/reports/recommendations/{proposal_id}",
                       data={"text": "x"}).status_code == 404


def test_the_chair_sets_place_name_and_terms_then_prints(client, auth, app, demo, held):
    auth.login("bithu")
    response = client.post(f"/org/{demo['cell_a']}/document-settings",
                           data={"place_name": "Hải Phú", "term_start": "20/7/2025", "term_label": "2025–2030"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "từ 20/07/2025 · 2025–2030" in html
    again = client.post(f"/org/{demo['cell_a']}/document-settings", data={"term_start": "20/7/2025"},
                        follow_redirects=True)
    assert "đã có" in again.get_data(as_text=True)
    bad = client.post(f"/org/{demo['cell_a']}/document-settings", data={"term_start": "hôm qua"}, follow_redirects=True)
    assert "Ngày không hợp lệ" in bad.get_data(as_text=True)
    draft(client, held)
    ready(client, held)
    section_id = None
    with app.app_context():
        section = db.session.scalar(sa.select(PartyDocument)).sections[1]
        section_id, version = section.id, section.version
    client.post(f"/forums/{held}/documents/NQ/sections/{section_id}", headers={"HX-Request": "true"},
                data={"text": "Dòng mới thay thế", "version": version})
    composer = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert 'class="diff-add">+ Dòng mới thay thế' in composer  # the change from the previous version
    printed = client.get(f"/forums/{held}/documents/NQ/print").get_data(as_text=True)
    assert "Hải Phú, ngày … tháng … năm ……" in printed and "ĐẢNG CỘNG SẢN VIỆT NAM" in printed
    auth.logout()
    auth.login("dangvien")
    assert client.post(f"/org/{demo['cell_a']}/document-settings", data={"place_name": "X"}).status_code == 403
