"""Input the probe of 2026-12 broke the app with (security-probe-2026-12.md):

F4  one control character (U+0001, U+0008) in any stored text made the Party documents, the synthesis report
    of every unit above the cell and the XLSX a 500: every export now writes safe text whatever is stored, and
    form values, the capture line and imported rows lose their control characters on arrival;
F12 absurd dates (1/1/9999999999) and ids past the database made 500s on every date field;
F13 a JSON body went past the NUL guard (Flask-WTF reads it in place of the form): the pages only send forms,
    so a JSON body is refused;
I3  a document checked as a PDF was downloaded under the uploader's name and extension (passwd.html).
"""
from __future__ import annotations

import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from forumsite.extensions import db

from .world import ACTORS, Snapshot, build_world, dispose, login, module_app

CONTROLS = "\x01\x08\x0b\x1f"
VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ")
# Free-text columns a user or an import fills: where the documents and the reports take their words from.
FREE_TEXT = {"display_name", "label", "subject", "text", "attendees", "notes", "owner", "title", "reason", "name",
             "note", "author_name", "correction_reason", "full_name", "place_name", "description", "issuer",
             "theme", "place", "approval_note", "conclusion", "overlay_message", "presenter", "position",
             "organisation", "filename"}


@pytest.fixture(scope="module")
def hardened(tmp_path_factory, pg_ready):
    app = module_app(tmp_path_factory, pg_ready, "cleaning", MAX_STREAMS=0)
    world = build_world(app)
    clients = {a: login(app.test_client(), u) for a, u in ACTORS.items() if u}
    yield app, world, Snapshot(app), clients
    dispose(app)


def _plant_controls(app) -> int:
    """Every free-text value of every row gets control characters, straight into the database (as rows
    stored before the input was cleaned, or written by a path that does not clean, would hold them)."""
    changed = 0
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if column.name not in FREE_TEXT or not isinstance(column.type, sa.String):
                    continue
                room = (column.type.length or 10_000) - len(CONTROLS) - 1
                rows = db.session.execute(sa.select(table.primary_key.columns[0], column)).all()
                for key, value in rows:
                    if value:
                        db.session.execute(table.update().where(table.primary_key.columns[0] == key)
                                           .values({column.name: value[:room // 2] + CONTROLS
                                                    + value[room // 2:room]}))
                        changed += 1
        db.session.commit()
    return changed


def _clean_xml_parts(archive: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                data = zf.read(name).decode("utf-8")
                assert not any(c in data for c in "\x01\x08\x0b\x1f"), name


def test_stored_control_characters_never_break_an_export(hardened):
    """F4: documents, minutes, report, the synthesis report of every unit above the cell and the workbook."""
    from docx import Document
    from openpyxl import load_workbook

    from forumsite.followup.models import PartyDocument
    from forumsite.planning.models import Forum

    app, world, snapshot, clients = hardened
    try:
        assert _plant_controls(app) > 100
        with app.app_context():
            year = db.session.get(Forum, world["forum"]).held_on.year
            kinds = db.session.scalars(sa.select(PartyDocument.kind)
                                       .where(PartyDocument.forum_id == world["forum"])).all()
        assert {"NQ", "BB", "BC"} <= set(kinds)
        chair = clients["chair"]
        for kind in kinds:
            response = chair.get(f"/forums/{world['forum']}/documents/{kind}.docx")
            assert response.status_code == 200, kind
            _clean_xml_parts(response.data)
            assert Document(io.BytesIO(response.data)).paragraphs
            assert chair.get(f"/forums/{world['forum']}/documents/{kind}/print").status_code == 200
            pdf = chair.get(f"/forums/{world['forum']}/documents/{kind}.pdf")
            assert pdf.status_code in (200, 303) and (pdf.status_code == 303 or pdf.data.startswith(b"%PDF"))
        overseer = clients["overseer"]
        letterhead = {"year": year, "signer_name": "Nguyễn\x01 Văn\x08 An", "recipients": "- Như trên,\x0b- Lưu"}
        for org in ("province", "district", "commune"):
            response = overseer.get(f"/org/{world[org]}/oversight/synthesis.docx", query_string=letterhead)
            assert response.status_code == 200, org
            _clean_xml_parts(response.data)
            text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
            assert "IV. KIẾN NGHỊ CỦA CÁC CHI BỘ" in text and "Không có kiến nghị." not in text
            response = overseer.get(f"/org/{world[org]}/oversight/export.xlsx", query_string={"year": year})
            assert response.status_code == 200, org
            load_workbook(io.BytesIO(response.data))
    finally:
        snapshot.restore()


def test_xml_safe_keeps_tabs_and_line_breaks():
    from forumsite.safe_text import strip_controls, xml_safe

    assert xml_safe("Đề nghị\x01 hỗ trợ\x00\ufffe\tkinh phí\r\n") == "Đề nghị hỗ trợ\tkinh phí\r\n"
    assert xml_safe(None) == "" and xml_safe(12) == "12"
    assert xml_safe("dòng một\x0bdòng hai") == "dòng một\ndòng hai"
    # On input NUL stays, for the request guard to refuse (400) rather than silently change the text.
    assert strip_controls("A\x00B\x01C\x08\tD\x1f") == "A\x00BC\tD"
    assert strip_controls("Bình thường") == "Bình thường"


def test_control_characters_are_dropped_from_form_values_and_the_capture_line(hardened):
    """F4 at input: the console's capture and any form keep the text, without its control characters."""
    from forumsite.meeting.capture import parse
    from forumsite.meeting.models import Proposal
    from forumsite.members.models import Member

    assert parse("kn: Đề nghị\x01 hỗ trợ\x08 BH5", "khac", {"BH5"}) == ("kien_nghi", "Đề nghị hỗ trợ BH5", ["BH5"])
    app, world, snapshot, clients = hardened
    chair = clients["chair"]
    try:
        response = chair.post(f"/forums/{world['forum_live']}/console/proposals",
                              data={"key": "ctrl-0001", "text": "kn: Đề nghị cấp trên hỗ trợ kinh phí\x01 sinh hoạt"},
                              headers={"HX-Request": "true"})
        assert response.status_code == 200
        response = chair.post(f"/cells/{world['cell_a']}/members/new",
                              data={"full_name": "Nguyễn\x08 Văn Thử", "status": "chinh_thuc", "role": "dang_vien",
                                    "gender": "nam"})
        assert response.status_code == 303
        with app.app_context():
            proposal = db.session.scalar(sa.select(Proposal).where(Proposal.idempotency_key == "ctrl-0001"))
            assert proposal.text == "Đề nghị cấp trên hỗ trợ kinh phí sinh hoạt"
            member = db.session.scalar(sa.select(Member).where(Member.full_name.like("Nguyễn%Thử")))
            assert member.full_name == "Nguyễn Văn Thử"
    finally:
        snapshot.restore()


def test_imported_rows_lose_their_control_characters():
    from forumsite.members import importer

    result = importer.validate([(1, ["Họ và tên", "Ghi chú"]), (2, ["Trần\x01 Thị Bình", "a\x08b"])])
    assert result.records[0]["full_name"] == "Trần Thị Bình"


def test_a_json_body_is_refused_in_vietnamese(hardened):
    """F13: Flask-WTF read a JSON body in place of the form, past the NUL guard (a NUL in a member's name)."""
    app, world, snapshot, clients = hardened
    before = snapshot.fingerprint()
    chair = clients["chair"]
    for url, body in ((f"/cells/{world['cell_a']}/members/new",
                       {"full_name": "Nguyễn\u0000Null", "status": "chinh_thuc", "role": "dang_vien"}),
                      (f"/forums/{world['forum_draft']}/agenda/items", {"title": "Mục\u0000", "planned_minutes": 5}),
                      (f"/forums/{world['forum_live']}/console/speakers", {"name": "Người\u0001 nói"})):
        for mimetype in ("application/json", "application/problem+json"):
            response = chair.post(url, data=json.dumps(body), content_type=mimetype)
            assert response.status_code == 415, (url, response.status_code)
            assert "chỉ nhận dữ liệu gửi từ biểu mẫu" in response.get_data(as_text=True)
    assert snapshot.fingerprint() == before


ABSURD_DATES = ("1/1/9999999999", "01/01/99999999999", "31/02/2026", "00/00/0000", "1/1/0001", "31/12/9999",
                "9999999999-01-01", "1e23", "99999999999999999999999", "5/3/" + "9" * 5000)


@pytest.mark.parametrize("text", ABSURD_DATES)
def test_absurd_dates_are_a_value_error_in_vietnamese(text):
    """F12: dt.date(9999999999, 1, 1) raised OverflowError, which no caller expected (a 500)."""
    from forumsite.vn import parse_date

    with pytest.raises(ValueError, match="Ngày không hợp lệ"):
        parse_date(text)


def _date_requests(world):
    """(actor, url, data) of every date field the probe found, with {date} where the date goes."""
    cell, forum = world["cell_a"], world["forum"]
    return [
        ("chair", f"/cells/{cell}/forums/new", {"title": "Diễn đàn thử", "held_on": "{date}", "starts_at": "07:30",
                                                "mode": "standalone", "parts": "thao_luan"}),
        ("chair", f"/cells/{cell}/members/new", {"full_name": "Nguyễn Văn Ngày", "status": "chinh_thuc",
                                                 "role": "dang_vien", "joined_on": "{date}"}),
        ("chair", f"/org/{cell}/document-settings", {"place_name": "Hải Phú", "term_start": "{date}"}),
        ("chair", f"/forums/{forum}/review/meeting", {"met_on": "{date}", "attendees": "Chi ủy"}),
        ("chair", f"/forums/{forum}/clauses", {"text": "Điều khoản", "section": "task", "deadline": "{date}"}),
        ("chair", f"/forums/{forum}/documents/BB/approve", {"on": "{date}"}),
        ("chair", f"/forums/{world['forum_draft']}/approve", {"by": "chi_uy", "on": "{date}"}),
        ("chair", f"/members/{world['member']}/transfer", {"to_cell_id": world["cell_b"],
                                                            "transferred_on": "{date}"}),
        ("admin", f"/plans/new?organisation_id={world['district']}", {"number": "01-KH/HU", "issued_on": "{date}",
                                                                      "issuer": "Huyện ủy", "theme": "Chủ đề",
                                                                      "min_forums": 1, "max_forums": 2}),
    ]


def _problem(response) -> str:
    if response.status_code >= 500:
        return str(response.status_code)
    if response.status_code >= 400 and not VIETNAMESE & set(response.get_data(as_text=True)):
        return f"{response.status_code} without a Vietnamese message"
    return ""


def test_absurd_dates_and_numbers_in_forms_are_refused_not_500(hardened):
    """F12: every date field, the member import's date column, a forum id past the database."""
    app, world, snapshot, clients = hardened
    problems = []
    try:
        for date in ("1/1/9999999999", "31/12/9999", "00/00/0000"):
            for actor, url, data in _date_requests(world):
                response = clients[actor].post(url, data={k: date if v == "{date}" else v for k, v in data.items()})
                if problem := _problem(response):
                    problems.append(f"{url} {date}: {problem}")
                snapshot.restore()
        csv = "Họ và tên;Ngày vào Đảng\nNguyễn Văn Nhập;01/01/99999999999\n".encode()
        response = clients["chair"].post(f"/cells/{world['cell_a']}/members/import",
                                         data={"file": (io.BytesIO(csv), "ds.csv")},
                                         content_type="multipart/form-data")
        if problem := _problem(response):
            problems.append(f"import: {problem}")
        response = clients["chair"].post(f"/org/{world['cell_a']}/document-settings",
                                         data={"forum_id": "99999999999999999999999", "kind": "NQ",
                                               "place_name": "Hải Phú"})
        if problem := _problem(response):
            problems.append(f"document-settings forum_id: {problem}")
    finally:
        snapshot.restore()
    assert not problems, "\n".join(problems)


def test_a_document_downloads_as_what_its_content_is(hardened):
    """I3: a PDF uploaded as '../../../../etc/passwd.html' downloads as passwd.pdf, application/pdf."""
    from forumsite.planning.models import ForumDocument

    app, world, snapshot, clients = hardened
    chair = clients["chair"]
    try:
        response = chair.post(f"/forums/{world['forum_draft']}/documents",
                              data={"kind": "khac", "title": "",
                                    "file": (io.BytesIO(b"%PDF-1.4\n<html><script>alert(1)</script>"),
                                             "../../../../etc/passwd.html")},
                              content_type="multipart/form-data")
        assert response.status_code == 303
        with app.app_context():
            document = db.session.scalar(sa.select(ForumDocument).where(ForumDocument.forum_id
                                                                         == world["forum_draft"]))
            document_id = document.id
        response = chair.get(f"/forums/{world['forum_draft']}/documents/{document_id}")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''passwd.pdf"
        response.close()
    finally:
        snapshot.restore()


@pytest.mark.parametrize("filename, stored, expected", [
    ("Báo cáo tháng 3.docx", "ab.pdf", ("application/pdf", "Báo cáo tháng 3.pdf")),
    ("..\\..\\x.exe", "ab.odt", ("application/vnd.oasis.opendocument.text", "x.odt")),
    ("tai\x01lieu\".html", "ab.docx",
     ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "tai lieu.docx")),
    ("", "ab.pdf", ("application/pdf", "tai-lieu.pdf")),
    (".html", "ab.pdf", ("application/pdf", "tai-lieu.pdf")),
    ("ghi chú v1.2 bản cuối", "ab.pdf", ("application/pdf", "ghi chú v1.2 bản cuối.pdf")),
])
def test_download_name_keeps_the_base_name_and_takes_the_checked_type(filename, stored, expected):
    from forumsite.planning.documents import download_name

    assert download_name(filename, stored) == expected
