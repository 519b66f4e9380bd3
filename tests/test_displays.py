"""Several displays in the room (issue 16.1–2): each paired display has its own token, number and name, shows
what the secretary chose (the session, a document page by page, one proposal or clause, the selection, the
conclusion, a message, nothing), flashes its number on "Nhận diện", and a disconnected one says so."""
import datetime as dt
import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.clock import utcnow
from forumsite.extensions import db
from forumsite.planning.models import Forum, ForumDocument
from forumsite.screen import actions, pages
from forumsite.screen.models import Display
from tests.helpers import pdf_of_pages, plan_forum_of_cell_a

HX = {"HX-Request": "true"}
REPORT = pdf_of_pages("BAO CAO DE DAN - TRANG 1", "TRANG 2\nNoi dung trang hai")


@pytest.fixture
def forum_id(app, demo, client, auth):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    auth.login("thuky")
    return forum_id


def pair(app, client, forum_id) -> str:
    """A code from the console typed on a new PC: the display's own token."""
    assert client.post(f"/forums/{forum_id}/display/pair").status_code == 303
    with app.app_context():
        code = db.session.get(Forum, forum_id).pairing_code
    response = app.test_client().post("/p", data={"code": code})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def display(app, token) -> Display:
    with app.app_context():
        found = db.session.scalar(sa.select(Display).where(Display.token == token))
        db.session.expunge(found)
        return found


def attach(app, forum_id, content: bytes, extension: str, kind="de_dan", title="Báo cáo đề dẫn") -> int:
    from forumsite.planning.actions import attach_document

    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        document = attach_document(forum, Path(app.instance_path) / "uploads" / str(forum_id), content, kind,
                                   title, f"bao-cao{extension}", "application/octet-stream", extension)
        db.session.commit()
        return document.id


def audited(app, action):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def region(app, token) -> str:
    """What the display shows now, as its poll answers it (every region, its own included)."""
    body = app.test_client().get(f"/display/{token}/poll").get_data(as_text=True)
    start = body.index('id="screen-display"')
    return body[start:body.index('id="screen-version"')]


def test_each_paired_display_is_numbered_and_listed_in_the_console(app, client, forum_id):
    first, second = pair(app, client, forum_id), pair(app, client, forum_id)
    assert first != second
    assert (display(app, first).number, display(app, second).number) == (1, 2)
    html = client.get(f"/forums/{forum_id}/console").get_data(as_text=True)
    assert 'id="console-displays"' in html and "Màn hình đã kết nối (2)" in html
    assert "Màn hình 1" in html and "Màn hình 2" in html and "vừa xong" in html
    page = app.test_client().get(f"/display/{second}").get_data(as_text=True)
    assert f'sse-connect="/display/{second}/stream"' in page and 'data-display="2"' in page
    assert len(audited(app, "display.connect")) == 2


def test_the_forum_link_makes_a_display_of_each_pc_that_opens_it(app, client, forum_id):
    client.post(f"/forums/{forum_id}/display/link")
    with app.app_context():
        link = db.session.get(Forum, forum_id).display_token
    page = app.test_client().get(f"/display/{link}").get_data(as_text=True)
    with app.app_context():
        made = db.session.scalars(sa.select(Display).where(Display.forum_id == forum_id)).all()
        assert len(made) == 1
        own = made[0].token
    # The page streams as that display, and puts its own link in the address bar (a reload is the same one).
    assert f'sse-connect="/display/{own}/stream"' in page and f'data-own-url="/display/{own}"' in page
    # The same browser opening the link again is the same display (a cookie names it); another PC is another.
    again = app.test_client()
    first = again.get(f"/display/{link}").get_data(as_text=True)
    assert again.get(f"/display/{link}").get_data(as_text=True).count("data-display=") == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Display.id))) == 2
    assert 'data-display="2"' in first
    # A room has at most MAX_DISPLAYS: past that the link still shows the session, as the forum's screen.
    for _ in range(actions.MAX_DISPLAYS + 2):
        assert app.test_client().get(f"/display/{link}").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Display.id))) == actions.MAX_DISPLAYS
    assert 'data-display="2"' in again.get(f"/display/{link}").get_data(as_text=True)


def test_rename_identify_and_their_refusals(app, client, forum_id):
    token = pair(app, client, forum_id)
    d = display(app, token)
    response = client.post(f"/forums/{forum_id}/displays/{d.id}/rename", data={"name": "  Máy chiếu   hội trường "},
                           headers=HX)
    assert response.status_code == 200 and "Máy chiếu hội trường" in response.get_data(as_text=True)
    assert 'hx-swap-oob="true"' in response.get_data(as_text=True)
    assert client.post(f"/forums/{forum_id}/displays/{d.id}/rename", data={"name": " "}, headers=HX).status_code == 422
    assert display(app, token).name == "Máy chiếu hội trường"
    assert client.post(f"/forums/{forum_id}/displays/identify", headers=HX).status_code == 200
    shown = region(app, token)
    assert "display-identify" in shown and ">1</p>" in shown and "Máy chiếu hội trường" in shown
    # Its time is up: the number is no longer rendered.
    with app.app_context():
        db.session.get(Display, d.id).identify_until = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    assert "display-identify" not in region(app, token)
    assert [e.details["name"] for e in audited(app, "display.rename")] == ["Máy chiếu hội trường"]
    assert audited(app, "display.identify")[0].details["numbers"] == [1]


def test_a_pdf_report_is_projected_page_by_page_to_that_display_only(app, client, forum_id):
    token, other = pair(app, client, forum_id), pair(app, client, forum_id)
    d = display(app, token)
    report = attach(app, forum_id, REPORT, ".pdf")
    console = client.get(f"/forums/{forum_id}/console").get_data(as_text=True)
    assert f'value="document:{report}"' in console
    response = client.post(f"/forums/{forum_id}/displays/{d.id}/show", data={"shows": f"document:{report}"},
                           headers=HX)
    assert response.status_code == 200 and "Trang sau" in response.get_data(as_text=True)
    assert f"/display/{token}/pages/{report}/1.png" in region(app, token)
    assert client.post(f"/forums/{forum_id}/displays/{d.id}/page", data={"page": "2"}).status_code == 303
    assert f"/display/{token}/pages/{report}/2.png" in region(app, token) and "Trang 2/2" in region(app, token)
    # Past the last page: stays on the last.
    client.post(f"/forums/{forum_id}/displays/{d.id}/page", data={"page": "9"}, headers=HX)
    assert display(app, token).page == 2

    with app.test_client().get(f"/display/{token}/pages/{report}/2.png") as png:
        assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
        assert "private" in png.headers["Cache-Control"]
    with app.app_context():
        stored = db.session.get(ForumDocument, report).stored_name
    assert (Path(app.instance_path) / "cache" / "display-pages" / str(forum_id) / f"{Path(stored).stem}-2.png").exists()
    from PIL import Image

    assert Image.open(io.BytesIO(png.data)).size[1] == pages.MAX_HEIGHT  # a portrait page fills the height
    # Served to this display's token only: not to the other display, not past the last page.
    assert app.test_client().get(f"/display/{other}/pages/{report}/2.png").status_code == 404
    assert app.test_client().get(f"/display/{token}/pages/{report}/3.png").status_code == 404
    assert "Trang trước" not in region(app, other)
    assert [e.details["page"] for e in audited(app, "display.page")] == [2, 2]
    assert audited(app, "display.show")[0].details == {"number": 1, "forum_id": forum_id, "shows": "document",
                                                      "document_id": report}


def test_a_docx_report_is_shown_as_its_text_in_pages(app, client, forum_id):
    from docx import Document

    out = io.BytesIO()
    document = Document()
    for n in range(1, 9):
        document.add_paragraph(f"Đoạn {n}: " + "chi bộ thảo luận về tự phê bình và phê bình " * 4)
    document.save(out)
    token = pair(app, client, forum_id)
    report = attach(app, forum_id, out.getvalue(), ".docx")
    d = display(app, token)
    client.post(f"/forums/{forum_id}/displays/{d.id}/show", data={"shows": f"document:{report}"})
    shown = region(app, token)
    assert "display-text" in shown and "Đoạn 1:" in shown and "Đoạn 8:" not in shown and "Trang 1/" in shown
    client.post(f"/forums/{forum_id}/displays/{d.id}/page", data={"page": "99"})
    assert "Đoạn 8:" in region(app, token)


@pytest.mark.parametrize("shows", ["proposal", "selection", "conclusion", "message", "blank", "session"])
def test_each_kind_of_content_reaches_the_display(app, client, forum_id, shows):
    from forumsite.meeting import actions as live

    token = pair(app, client, forum_id)
    d = display(app, token)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        proposal, _ = live.capture_proposal(forum, "k1", "gp: Sinh hoạt chuyên đề mỗi quý", "khac", frozenset())
        proposal.adopted = True
        forum.conclusion = "Chi bộ thống nhất các giải pháp."
        db.session.commit()
        value = f"proposal:{proposal.id}" if shows == "proposal" else shows
    data = {"shows": value, "message": "Nghỉ giải lao 10 phút"}
    assert client.post(f"/forums/{forum_id}/displays/{d.id}/show", data=data, headers=HX).status_code == 200
    shown = region(app, token)
    expected = {"proposal": "Sinh hoạt chuyên đề mỗi quý", "selection": "Sinh hoạt chuyên đề mỗi quý",
                "conclusion": "Chi bộ thống nhất các giải pháp.", "message": "Nghỉ giải lao 10 phút",
                "blank": "display-blank", "session": ""}[shows]
    assert expected in shown
    assert ("display-layer" in shown) == (shows != "session")


def test_what_is_not_of_this_forum_or_not_there_is_refused(app, client, forum_id, demo):
    token = pair(app, client, forum_id)
    d = display(app, token)
    other_forum = plan_forum_of_cell_a(app, demo)
    foreign = attach(app, other_forum, REPORT, ".pdf")
    for data in ({"shows": f"document:{foreign}"}, {"shows": "proposal:999999"}, {"shows": "clause:x"},
                 {"shows": "message", "message": "  "}, {"shows": "weather"}, {"shows": "document:99999999999999"}):
        assert client.post(f"/forums/{forum_id}/displays/{d.id}/show", data=data, headers=HX).status_code == 422, data
    assert display(app, token).shows == "session"
    # Turning pages of a display that shows no document.
    assert client.post(f"/forums/{forum_id}/displays/{d.id}/page", data={"page": "2"}, headers=HX).status_code == 422
    assert client.post(f"/forums/{forum_id}/displays/{d.id}/page", data={"page": "x"}, headers=HX).status_code == 400
    # A display of another forum is not found through this one.
    assert client.post(f"/forums/{other_forum}/displays/{d.id}/rename", data={"name": "x"}).status_code == 404


def test_disconnecting_ends_that_display_only_and_says_so(app, client, forum_id):
    token, other = pair(app, client, forum_id), pair(app, client, forum_id)
    d = display(app, token)
    assert client.post(f"/forums/{forum_id}/displays/{d.id}/disconnect", headers=HX).status_code == 200
    page = app.test_client().get(f"/display/{token}")
    assert page.status_code == 410 and "Màn hình này đã được ngắt" in page.get_data(as_text=True)
    assert app.test_client().get(f"/display/{token}/poll").status_code == 404
    assert app.test_client().get(f"/display/{token}/stream").status_code == 404
    assert app.test_client().get(f"/display/{other}").status_code == 200
    assert "Màn hình đã kết nối (1)" in client.get(f"/forums/{forum_id}/console").get_data(as_text=True)
    assert audited(app, "display.disconnect")[0].details["number"] == 1
    # Its number is free again for the next PC.
    assert display(app, pair(app, client, forum_id)).number == 1
    # Revoking the forum's link disconnects every display.
    client.post(f"/forums/{forum_id}/display/revoke")
    assert app.test_client().get(f"/display/{other}").status_code == 410


def test_last_seen_is_written_at_most_once_a_minute(app, client, forum_id):
    token = pair(app, client, forum_id)
    first = display(app, token).last_seen_at
    for _ in range(3):
        app.test_client().get(f"/display/{token}/poll")
    assert display(app, token).last_seen_at == first  # polled within the minute: no write
    with app.app_context():
        db.session.get(Display, display(app, token).id).last_seen_at = first - dt.timedelta(minutes=3)
        db.session.commit()
    assert "3 phút trước" in client.get(f"/forums/{forum_id}/console").get_data(as_text=True)
    app.test_client().get(f"/display/{token}/poll")
    assert display(app, token).last_seen_at > first - dt.timedelta(minutes=3)


def test_a_display_polls_its_own_changes(app, client, forum_id):
    token = pair(app, client, forum_id)
    d = display(app, token)
    with app.app_context():
        version = db.session.get(Forum, forum_id).live_version
    assert app.test_client().get(f"/display/{token}/poll?v={version}").status_code == 204
    client.post(f"/forums/{forum_id}/displays/{d.id}/show", data={"shows": "message", "message": "Xin chào"})
    answer = app.test_client().get(f"/display/{token}/poll?v={version}")
    assert answer.status_code == 200 and "Xin chào" in answer.get_data(as_text=True)


def test_a_display_change_costs_the_phones_only_their_header(app):
    from forumsite.screen.stream import ScreenRenderer

    with app.app_context():
        assert ScreenRenderer("phone").select({"displays"}) == ("header",)


def test_pages_of_text(tmp_path):
    assert pages.paginate(["a " * 10, "", "b"], size=12) == ["a a a a a a", "a a a a\n\nb"]
    assert pages.paginate(["x" * 5, "y" * 9], size=12) == ["xxxxx", "yyyyyyyyy"]
    assert pages.page_count(tmp_path / "missing.pdf") == 0
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really")
    assert pages.page_count(broken) == 0 and pages.page_png(broken, 1, tmp_path / "cache") is None


def test_the_stream_brings_the_change_then_ends_when_disconnected(app, client, forum_id, monkeypatch):
    import queue
    import threading
    import time

    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 0.3)
    token = pair(app, client, forum_id)
    d = display(app, token)
    chunks: queue.Queue = queue.Queue()

    def read():
        with app.test_client().get(f"/display/{token}/stream", buffered=False) as response:
            for chunk in response.iter_encoded():
                chunks.put(chunk.decode())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def until(text, timeout=10.0):
        seen, deadline = "", time.monotonic() + timeout
        while text not in seen:
            seen += chunks.get(timeout=max(0.01, deadline - time.monotonic()))
        return seen

    assert "event: display" in until("event: display")  # every region on connect, its own included
    client.post(f"/forums/{forum_id}/displays/{d.id}/show", data={"shows": "message", "message": "Nghỉ giải lao"})
    assert "event: display" in until("Nghỉ giải lao")
    client.post(f"/forums/{forum_id}/displays/{d.id}/disconnect")
    until("event: bye")
    reader.join(5)
    assert not reader.is_alive()


def test_a_proposal_deleted_after_it_was_chosen_leaves_the_wall(app, client, forum_id):
    from forumsite.meeting import actions as live
    from forumsite.meeting.models import Proposal

    token = pair(app, client, forum_id)
    d = display(app, token)
    with app.app_context():
        proposal, _ = live.capture_proposal(db.session.get(Forum, forum_id), "k2", "gp: Một ý kiến", "khac",
                                            frozenset())
        db.session.commit()
        proposal_id = proposal.id
    client.post(f"/forums/{forum_id}/displays/{d.id}/show", data={"shows": f"proposal:{proposal_id}"})
    assert "Một ý kiến" in region(app, token)
    with app.app_context():
        db.session.get(Proposal, proposal_id).deleted_at = utcnow()
        db.session.commit()
    shown = region(app, token)
    assert "Một ý kiến" not in shown and "Nội dung đã chọn không còn nữa." in shown
