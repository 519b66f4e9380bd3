"""Shared test builders."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading

import pytest
import sqlalchemy as sa
from docx import Document

from forumsite import create_app
from forumsite.clock import today_local
from forumsite.extensions import db
from forumsite.followup.models import PartyDocument
from forumsite.meeting import actions as live_actions
from forumsite.meeting.models import Tally
from forumsite.members.models import Member
from forumsite.org.models import Organisation
from forumsite.planning import actions as plan_actions
from forumsite.planning.models import AgendaItem, Forum

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def frozen_now_env() -> dict:
    """Environment for a child process that must see the suite's calendar (see tests/frozen_run.py)."""
    return {"FORUMSITE_TEST_NOW": dt.datetime.now(dt.UTC).isoformat()}


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


IN_CI = bool(os.environ.get("CI"))


def need_tool(name: str, package: str = "poppler-utils") -> str:
    """The path of a system tool a test needs: skipped on a developer's machine, required in CI."""
    import shutil

    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is missing in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed (Debian: {package})")
    return path


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


_created_apps: list = []


def make_app(tmp_path, pg_ready, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": pg_ready or f"sqlite:///{tmp_path / 'test.db'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_METHOD": "pbkdf2:sha256:1000",  # scrypt's 120 ms per check would slow the suite
        "SERVER_NAME": None,
    }
    config.update(overrides)
    app = create_app(config)
    _created_apps.append(app)
    app.instance_path = str(tmp_path / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        if pg_ready:
            _truncate_all()
        else:
            db.create_all()
    return app


def starts_now() -> dt.time:
    """A start time on the quarter hour just past, Vietnam time: a forum of today that starts so opens
    without the opening checks' question (rules/opening.py), however long the suite has been running."""
    from forumsite.clock import VIETNAM

    now = dt.datetime.now(VIETNAM)
    return dt.time(now.hour, now.minute - now.minute % 15)


def plan_forum_of_cell_a(app, demo, *, open_it: bool = False) -> int:
    """A forum of cell A planned, approved and published as the chair would (opened too, when asked);
    its secretary is the demo's 'thuky' (Phạm Thị Hương)."""
    from forumsite.meeting import actions as meeting
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.planning import actions

    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        secretary = db.session.scalar(sa.select(Member).where(Member.full_name == "Phạm Thị Hương"))
        forum = actions.plan_forum(cell, {"title": "Diễn đàn chi bộ Thôn Phú Hưng", "held_on": today_local(),
                                          "starts_at": starts_now(), "place": "Nhà văn hóa thôn",
                                          "mode": "standalone", "secretary_id": secretary.id, "plan_id": None},
                                   ["de_dan", "bieu_hien", "thao_luan", "giai_phap"])
        actions.approve_forum(forum, "chi_uy", today_local())
        actions.publish_forum(forum)
        if open_it:
            meeting.open_forum(forum)
        db.session.commit()
        return forum.id


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="admin", password="demo12345"):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


def csrf_token(html: str) -> str:
    """The token a page carries, for tests that run with CSRF protection on."""
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


ARTIFACTS = os.path.join(os.path.dirname(__file__), "artifacts")


def browser_login(page, base, username, password="demo12345"):
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


FORUM = {"title": "Diễn đàn chi bộ Thôn Phú Hưng", "plan_id": "0", "held_on": "15/12/2026", "starts_at": "7:30",
         "place": "Nhà văn hóa thôn", "mode": "standalone", "secretary_id": "0",
         "parts": ["de_dan", "boi_canh", "nhiem_vu", "bieu_hien", "thao_luan", "giai_phap"]}


def member_id(app, name):
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == name))


def plan_forum(client, cell_id, **changes):
    response = client.post(f"/cells/{cell_id}/forums/new", data={**FORUM, **changes})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def agenda_codes(app, forum_id):
    with app.app_context():
        return list(db.session.scalars(sa.select(AgendaItem.code).where(AgendaItem.forum_id == forum_id)
                                       .order_by(AgendaItem.position)))


def docx_bytes():

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Báo cáo đề dẫn diễn đàn")
    document.save(out)
    return out.getvalue()


HX = {"HX-Request": "true"}


# The confirmation that opens a forum dated later than today (the test forums are dated 15/12/2026).
EARLY = {"confirm": "early_day"}


def url(forum_id, path=""):
    return f"/forums/{forum_id}/console{path}"


def mark_all_but(client, app, forum_id, absent=(), status="absent_excused"):
    """Everyone present but the named members."""
    for name in absent:
        client.post(url(forum_id, f"/attendance/{member_id(app, name)}"), headers=HX,
                    data={"status": status, "reason": "Ốm"})
    client.post(url(forum_id, "/attendance/rest-present"), headers=HX)


def close(client, forum_id, tally_id, **counts):
    """The count as the secretary enters it, confirming that any voter left out did not vote (issue 14)."""
    return client.post(url(forum_id, f"/tally/{tally_id}/close"), headers=HX, data={"confirm_gap": "y", **counts})


def open_tally(client, app, forum_id, subject="Thông qua chương trình", method="count_all", kind="other"):
    assert client.post(url(forum_id, "/tally"), headers=HX,
                       data={"subject_kind": kind, "subject": subject, "method": method}).status_code == 200
    with app.app_context():
        return db.session.scalar(sa.select(Tally.id).where(Tally.closed_at.is_(None)))


def make_link(client, app, forum_id):
    assert client.post(f"/forums/{forum_id}/display/link").status_code == 303
    with app.app_context():
        return db.session.get(Forum, forum_id).display_token


class Reader:
    """Reads a stream in its own thread, as a server thread would serve it to a browser."""

    def __init__(self, app, path, login=None):
        import queue

        self.login = login

        self.chunks = queue.Queue()
        self.stop = threading.Event()
        self.status = None
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(app, path), daemon=True)
        self.thread.start()
        self.ready.wait(5)

    def _run(self, app, path):
        client = app.test_client()
        if self.login:
            client.post("/login", data={"username": self.login, "password": "demo12345"})
        response = client.get(path, buffered=False)
        self.status = response.status_code
        self.mimetype = response.mimetype
        self.ready.set()
        try:
            for chunk in response.iter_encoded():
                self.chunks.put(chunk.decode())
                if self.stop.is_set():
                    break
        finally:
            response.close()

    def next(self, timeout=5.0):
        return self.chunks.get(timeout=timeout)

    def until(self, text, timeout=5.0):
        """Chunks up to and including the first that holds ``text``."""
        import time

        seen, deadline = "", time.monotonic() + timeout
        while text not in seen:
            seen += self.next(max(0.01, deadline - time.monotonic()))
        return seen

    def close(self):
        self.stop.set()
        self.thread.join(5)
        assert not self.thread.is_alive()


def concluded_forum(cell_id: int, extra_lines: tuple[str, ...] = ()) -> Forum:
    """A forum of the cell that was held: attendance, two speakers, proposals, a conclusion."""
    from forumsite.members.models import Member

    cell = db.session.get(Organisation, cell_id)
    forum = plan_actions.plan_forum(cell, {"title": "Diễn đàn chi bộ", "held_on": dt.date(2026, 11, 20),
                                           "starts_at": dt.time(7, 30), "place": "Nhà văn hóa", "mode": "standalone",
                                           "secretary_id": None, "plan_id": None}, ["de_dan", "thao_luan", "giai_phap"])
    plan_actions.approve_forum(forum, "chi_uy", dt.date(2026, 11, 10))
    plan_actions.publish_forum(forum)
    live_actions.open_forum(forum)
    live_actions.mark_rest_present(forum)
    members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell_id).order_by(Member.id)).all()
    for i, member in enumerate(members[:2]):
        speaker = live_actions.add_speaker(forum, member=member)
        live_actions.start_speech(forum, speaker)
        live_actions.capture_proposal(forum, f"a{i}", "gp: Sinh hoạt chuyên đề hằng quý BH3", "khac", CODES)
        live_actions.capture_proposal(forum, f"b{i}", "nn: Chưa thường xuyên tự phê bình BH5", "khac", CODES)
        live_actions.end_speech(forum, speaker)
    for i, line in enumerate(extra_lines):
        live_actions.capture_proposal(forum, f"extra{i}", line, "khac", CODES | {"BH19"})
    live_actions.save_conclusion(forum, "Chi bộ thống nhất các giải pháp.")
    live_actions.conclude(forum)
    db.session.commit()
    return forum


def ready(client, forum_id, kind="NQ"):
    """What the chair does before adoption: the place name, a secretary, every "…" filled in."""
    from forumsite.members.models import Member
    from forumsite.planning.models import Forum

    with client.application.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.cell.place_name = forum.cell.place_name or "Hải Phú"
        forum.secretary_id = forum.secretary_id or db.session.scalar(
            sa.select(Member.id).where(Member.cell_id == forum.cell_id).order_by(Member.id))
        document = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum_id,
                                                                    PartyDocument.kind == kind))
        for section in document.sections:
            if section.key != "thong_qua":
                section.text = section.text.replace("…", "Nội dung đã điền")
        db.session.commit()


def draft(client, forum_id):
    assert client.post(f"/forums/{forum_id}/documents/NQ/draft").status_code == 303
    return client.get(f"/forums/{forum_id}/documents/NQ").get_data(as_text=True)


CODES = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})


def publish(client, forum_id):
    client.post(f"/forums/{forum_id}/approve", data={"by": "chi_uy", "on": "1/12/2026"})
    assert client.post(f"/forums/{forum_id}/publish").status_code == 303


def region(html: str, name: str) -> str:
    """The out-of-band region ``console-<name>`` of an htmx answer ('' when it is not there)."""
    marker = f'id="console-{name}"'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def documents_of(forum) -> dict:
    """The forum's Party documents (kind, number, status, sections) and attached files (title, sha256): the same
    function reads the server's after the check-in (tests/test_offline.py, tests/offline_laptop.py)."""
    import hashlib
    from pathlib import Path

    from flask import current_app

    from forumsite.planning.models import ForumDocument

    folder = Path(current_app.instance_path) / "uploads" / str(forum.id)
    documents = db.session.scalars(sa.select(PartyDocument).where(PartyDocument.forum_id == forum.id)).all()
    files = db.session.scalars(sa.select(ForumDocument).where(ForumDocument.forum_id == forum.id)).all()
    return {"documents": sorted([d.kind, d.number, d.status, [s.text for s in d.sections]] for d in documents),
            "attachments": sorted([f.title, hashlib.sha256((folder / f.stored_name).read_bytes()).hexdigest()]
                                  for f in files)}


def pdf_of_pages(*texts: str) -> bytes:
    """A small valid PDF, one A4 page per text (ASCII, Helvetica): a document to project page by page. A
    text's first line is its heading (28 pt), the others body lines (16 pt)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in texts:
        head, *body = text.split("\n")
        content = (f"BT /F1 28 Tf 60 760 Td ({head}) Tj /F1 16 Tf 0 -44 Td 24 TL "
                   + "".join(f"({line}) Tj T* " for line in body) + "ET").encode()
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content.decode()}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
