"""Planning a forum: permissions, the framework agenda, guests, documents, approval and publication."""
import datetime as dt
import io
import zipfile

import pytest
import sqlalchemy as sa

from forumsite.clock import today_local
from forumsite.extensions import db
from forumsite.planning.models import Forum, Plan
from tests.helpers import FORUM, agenda_codes, docx_bytes, plan_forum


def odt_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def test_the_form_starts_from_the_plan_in_force(client, auth, demo):
    auth.login("bithu")
    html = client.get(f"/cells/{demo['cell_a']}/forums/new").get_data(as_text=True)
    assert "Vai trò của chi bộ Đảng trong việc giáo dục" in html
    assert "35-KH/HU" in html and "47-KH/TU" in html


def test_chair_plans_a_forum_from_the_framework(client, auth, app, demo, forum_a):
    codes = agenda_codes(app, forum_a)
    assert codes[0] == "khai_mac" and codes[-1] == "ket_luan"
    assert "de_dan" in codes and "bieu_hien" in codes
    assert "bieu_quyet" not in codes  # the cell has a chi ủy: it selects and votes afterwards
    with app.app_context():
        forum = db.session.get(Forum, forum_a)
        assert forum.status == "draft" and forum.planned_minutes == 145
        assert str(forum.starts_at) == "07:30:00" and str(forum.held_on) == "2026-12-15"


def test_a_cell_without_committee_votes_at_the_forum(client, auth, app, demo):
    auth.login("bithu2")
    forum_id = plan_forum(client, demo["cell_b"])
    codes = agenda_codes(app, forum_id)
    assert codes.index("bieu_quyet") == codes.index("ket_luan") - 1


def test_content_split_over_two_forums(client, auth, app, demo):
    auth.login("bithu")
    forum_id = plan_forum(client, demo["cell_a"], parts=["de_dan", "bieu_hien"])
    codes = agenda_codes(app, forum_id)
    assert "thao_luan" not in codes and "giai_phap" not in codes and "bieu_hien" in codes
    response = client.post(f"/forums/{forum_id}/edit", data={**FORUM, "parts": ["de_dan", "giai_phap"]})
    assert response.status_code == 303
    codes = agenda_codes(app, forum_id)
    assert "bieu_hien" not in codes
    assert codes.index("giai_phap") < codes.index("kien_nghi") < codes.index("tong_hop")


def test_bad_planning_input_says_why(client, auth, demo):
    auth.login("bithu")
    response = client.post(f"/cells/{demo['cell_a']}/forums/new", data={
        **FORUM, "title": "", "held_on": "31/2/2026", "starts_at": "25:00", "parts": []})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in ("Vui lòng nhập tên diễn đàn.", "Ngày không hợp lệ", "Giờ không hợp lệ",
                    "Chọn ít nhất một phần nội dung."):
        assert message in html


@pytest.mark.parametrize("username, status", [("dangvien", 403), ("thuky", 403), ("tuyengiao", 403),
                                              ("bithu2", 404)])
def test_only_the_cells_chair_plans(client, auth, demo, username, status):
    auth.login(username)
    assert client.get(f"/cells/{demo['cell_a']}/forums/new").status_code == status
    assert client.post(f"/cells/{demo['cell_a']}/forums/new", data=FORUM).status_code == status


def test_the_secretary_operates_only_their_forum(client, auth, app, demo, forum_a):
    auth.login("bithu")
    other = plan_forum(client, demo["cell_a"])  # no secretary appointed
    auth.logout()
    auth.login("thuky")
    assert client.get(f"/forums/{forum_a}").status_code == 200          # a draft, but theirs
    assert client.get(f"/forums/{other}").status_code == 404            # a draft of the same cell
    response = client.post(f"/forums/{forum_a}/documents", data={
        "kind": "de_dan", "title": "Báo cáo đề dẫn", "file": (io.BytesIO(docx_bytes()), "de-dan.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    assert client.get(f"/forums/{forum_a}/agenda").status_code == 403   # planning stays with the chair
    assert client.post(f"/forums/{forum_a}/publish").status_code == 403


def test_members_see_a_forum_only_once_published(client, auth, app, demo, forum_a):
    auth.login("dangvien")
    assert client.get(f"/forums/{forum_a}").status_code == 404
    year = client.get(f"/cells/{demo['cell_a']}/forums?year=2026").get_data(as_text=True)
    assert f"/forums/{forum_a}" not in year
    auth.logout()

    auth.login("bithu")
    client.post(f"/forums/{forum_a}/documents", data={
        "kind": "de_dan", "title": "Báo cáo đề dẫn", "file": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "de-dan.pdf")},
        content_type="multipart/form-data")
    refused = client.post(f"/forums/{forum_a}/publish")
    assert refused.status_code == 303
    with app.app_context():
        assert db.session.get(Forum, forum_a).status == "draft"  # not approved yet: not published
    client.post(f"/forums/{forum_a}/approve", data={"by": "chi_uy", "on": "10/12/2026", "note": "Họp chi ủy"})
    client.post(f"/forums/{forum_a}/publish")
    auth.logout()

    auth.login("dangvien")
    html = client.get(f"/forums/{forum_a}").get_data(as_text=True)
    assert "Đã công bố" in html and "Báo cáo đề dẫn diễn đàn" in html and "Báo cáo đề dẫn" in html
    with app.app_context():
        doc_id = db.session.get(Forum, forum_a).documents[0].id
    download = client.get(f"/forums/{forum_a}/documents/{doc_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "filename*=UTF-8''de-dan.pdf" in download.headers["Content-Disposition"]
    download.close()
    assert client.post(f"/forums/{forum_a}/documents/{doc_id}/delete").status_code == 403


def test_other_cells_never_see_the_forum(client, auth, demo, forum_a):
    auth.login("bithu2")
    assert client.get(f"/forums/{forum_a}").status_code == 404
    assert client.get(f"/forums/{forum_a}/print/agenda").status_code == 404


def test_approval_by_chi_uy_needs_a_chi_uy(client, auth, app, demo):
    auth.login("bithu2")
    forum_id = plan_forum(client, demo["cell_b"])
    client.post(f"/forums/{forum_id}/approve", data={"by": "chi_uy", "on": "1/12/2026"})
    with app.app_context():
        assert db.session.get(Forum, forum_id).approved_by is None
    client.post(f"/forums/{forum_id}/approve", data={"by": "bi_thu", "on": "1/12/2026"})
    with app.app_context():
        assert db.session.get(Forum, forum_id).approved_by == "bi_thu"


def test_publishing_late_warns(client, auth, app, demo):
    auth.login("bithu")
    tomorrow_early = (today_local() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    forum_id = plan_forum(client, demo["cell_a"], held_on=tomorrow_early, starts_at="0:05")
    client.post(f"/forums/{forum_id}/approve", data={"by": "chi_uy", "on": today_local().strftime("%d/%m/%Y")})
    response = client.post(f"/forums/{forum_id}/publish", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "ít nhất 01 ngày trước diễn đàn" in html


def test_duration_warning_on_the_forum_page(client, auth, demo):
    auth.login("bithu")
    forum_id = plan_forum(client, demo["cell_a"], parts=["de_dan"])
    html = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "dưới mức tối thiểu 90 phút" in html
    forum_id = plan_forum(client, demo["cell_a"], mode="monthly")
    html = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "dưới mức tối thiểu 120 phút" not in html  # 145 minutes


def test_guest_suggestions_by_cell_type_and_pilot(client, auth, app, demo, forum_a):
    auth.login("bithu")
    html = client.get(f"/forums/{forum_a}").get_data(as_text=True)
    assert "Ủy ban Mặt trận Tổ quốc cấp cơ sở" in html          # a commune cell is rural
    assert "Ban Tuyên giáo Tỉnh ủy" not in html.split("Theo kế hoạch, nên mời:")[1].split("</p>")[0]
    response = client.post(f"/forums/{forum_a}/guests", data={
        "name": "Trần Văn Khách", "position": "Phó Bí thư Đảng ủy xã", "organisation": "Đảng ủy xã Hải Phú",
        "category": "upper_committee"})
    assert response.status_code == 303
    html = client.get(f"/forums/{forum_a}").get_data(as_text=True)
    assert "Trần Văn Khách" in html
    auth.logout()
    auth.login("admin")
    forum_id = plan_forum(client, demo["agency"])
    html = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    suggested = html.split("Theo kế hoạch, nên mời:")[1].split("</p>")[0]
    assert "Ban Tuyên giáo Tỉnh ủy" in suggested and "Ban Tổ chức Tỉnh ủy" in suggested
    assert "Mặt trận" not in suggested


@pytest.mark.parametrize("content, name, message", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "anh.pdf", "Chỉ nhận tài liệu PDF, DOCX hoặc ODT"),
    (b"PK\x03\x04" + b"\x00" * 64, "hong.docx", "Chỉ nhận tài liệu PDF, DOCX hoặc ODT"),
    (b"", "trong.pdf", "Vui lòng chọn tệp tài liệu."),
])
def test_uploads_are_checked_by_content(client, auth, app, demo, forum_a, content, name, message):
    auth.login("bithu")
    response = client.post(f"/forums/{forum_a}/documents", data={
        "kind": "khac", "title": "", "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data", follow_redirects=True)
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, forum_a).documents == []


def test_docx_and_odt_are_accepted_and_oversize_refused(client, auth, app, demo, forum_a):
    app.config["DOCUMENT_MAX_BYTES"] = 60000
    auth.login("bithu")
    for content, name in ((docx_bytes(), "bao-cao.docx"), (odt_bytes(), "tai-lieu.odt")):
        client.post(f"/forums/{forum_a}/documents", data={"kind": "khac", "file": (io.BytesIO(content), name)},
                    content_type="multipart/form-data")
    big = client.post(f"/forums/{forum_a}/documents", data={
        "kind": "khac", "file": (io.BytesIO(b"%PDF-" + b"0" * 70000), "to.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "Tài liệu quá lớn" in big.get_data(as_text=True)
    with app.app_context():
        kinds = [d.content_type for d in db.session.get(Forum, forum_a).documents]
    assert kinds == ["application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "application/vnd.oasis.opendocument.text"]


def test_year_view_counts_against_the_plan(client, auth, demo, forum_a):
    auth.login("bithu")
    html = client.get(f"/cells/{demo['cell_a']}/forums?year=2026").get_data(as_text=True)
    assert "35-KH/HU" in html and "Dự thảo" in html
    assert "chưa lập đủ" not in html
    for _ in range(2):
        plan_forum(client, demo["cell_a"])
    html = client.get(f"/cells/{demo['cell_a']}/forums?year=2026").get_data(as_text=True)
    assert "nhiều hơn số diễn đàn tối đa" in html
    empty = client.get(f"/cells/{demo['cell_a']}/forums?year=2025").get_data(as_text=True)
    assert "chưa lập đủ số diễn đàn tối thiểu" in empty
    assert client.get(f"/cells/{demo['cell_a']}/forums?year=99999").status_code == 404


def test_print_versions(client, auth, demo, forum_a):
    auth.login("bithu")
    agenda = client.get(f"/forums/{forum_a}/print/agenda").get_data(as_text=True)
    assert "CHƯƠNG TRÌNH" in agenda and "ĐẢNG CỘNG SẢN VIỆT NAM" in agenda and "07:30" in agenda
    sheet = client.get(f"/forums/{forum_a}/print/attendance").get_data(as_text=True)
    assert "Nguyễn Văn Hùng" in sheet and "Trương Thị Yến" in sheet
    assert "GIẤY MỜI" in client.get(f"/forums/{forum_a}/print/invitation").get_data(as_text=True)
    assert client.get(f"/forums/{forum_a}/print/other").status_code == 404


def test_delete_only_drafts(client, auth, app, demo, forum_a):
    auth.login("bithu")
    assert client.post(f"/forums/{forum_a}/delete").status_code == 303
    with app.app_context():
        assert db.session.get(Forum, forum_a) is None


# --- plans -----------------------------------------------------------------------------------------

PLAN = {"number": "12-KH/TU", "issued_on": "10/1/2027", "issuer": "Ban Thường vụ Tỉnh ủy",
        "theme": "Chủ đề diễn đàn", "pilot_from": "1/2/2027", "evaluation_by": "30/4/2027",
        "rollout_from": "1/5/2027", "min_forums": "1", "max_forums": "2", "pilot_per_type": "y"}


def test_oversight_records_a_plan(client, auth, app, demo):
    auth.login("tuyengiao")
    response = client.post("/plans/new", data={**PLAN, "organisation_id": demo["province"]})
    assert response.status_code == 303
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.number == "12-KH/TU"))
        assert plan.organisation_id == demo["province"] and plan.max_forums == 2
    auth.logout()
    auth.login("bithu")
    assert "12-KH/TU" in client.get("/plans").get_data(as_text=True)  # plans from above reach the cell
    assert client.get("/plans/new").status_code == 404


def test_plan_dates_and_counts_are_checked(client, auth, demo):
    auth.login("tuyengiao")
    response = client.post("/plans/new", data={
        **PLAN, "organisation_id": demo["province"], "min_forums": "3", "max_forums": "2",
        "evaluation_by": "1/1/2027", "rollout_from": "1/12/2026"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Số tối đa không được nhỏ hơn số tối thiểu." in html
    assert "Ngày đánh giá phải sau ngày bắt đầu chỉ đạo điểm." in html


def test_oversight_cannot_issue_for_a_unit_outside_its_subtree(client, auth, app, demo):
    from forumsite.accounts.actions import create_user

    with app.app_context():
        create_user("huyenuy", "demo12345", oversight_org_id=demo["district"])
        db.session.commit()
    auth.login("huyenuy")
    response = client.post("/plans/new", data={**PLAN, "organisation_id": demo["province"]})
    assert response.status_code == 422
    assert "trong phạm vi của bạn" in response.get_data(as_text=True)


def test_pdf_versions_render_in_vietnamese(client, auth, demo, forum_a, tmp_path):
    import subprocess

    from tests.helpers import need_tool

    pdftotext = need_tool("pdftotext")
    auth.login("bithu")
    response = client.get(f"/forums/{forum_a}/print/agenda.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "agenda.pdf"
    path.write_bytes(response.data)
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CHƯƠNG TRÌNH" in text
    assert "Khai mạc: tuyên bố lý do" in text
    for what in ("invitation", "attendance"):
        assert client.get(f"/forums/{forum_a}/print/{what}.pdf").data.startswith(b"%PDF")
    assert client.get(f"/forums/{forum_a}/print/nothing.pdf").status_code == 404
