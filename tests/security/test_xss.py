"""XSS and spreadsheet-formula payloads through every free-text column of the schema (derived from the
models, not listed by hand), then every page, htmx fragment, stream event and exported document is read:
the payload shows as text and never runs.

Text goes in through the domain (the columns the forms write); the views, fragments, streams and exports
are what is under test."""
from __future__ import annotations

import io
import re
import subprocess

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from tests.helpers import need_tool
from tests.security.helpers import fill, login_with_token, rendered_pages, rules, scan

from .world import build_world, dispose, module_app

HTML = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
TEMPLATE = "XSS-TPL{{7*7}}"
VIETNAMESE = "Đảng viên Phú Hưng"
# How a cell may begin: a formula for Excel and LibreOffice, a link, a plain word.
PREFIXES = ['=HYPERLINK("http://x","y")', "=1+1", "+cmd", "@SUM(1,2)", "-2+3", "javascript:alert(1)//", "Lê Thị "]

# Columns that are not free text: codes, states, keys, file names on disk, hashes.
NOT_FREE_TEXT = {
    "password_hash", "session_nonce", "stored_name", "content_type", "display_token", "idempotency_key", "path",
    "name_folded", "ip", "code", "status", "kind", "role", "mode", "gender", "category", "section", "method",
    "subject_kind", "overlay_mode", "screen_theme", "locale", "username", "approved_by", "number", "uploaded_by",
    "published_by", "received_by", "action", "object_type", "kind_code", "part", "outcome", "unit",
}


def payload(n: int) -> str:
    return f"{PREFIXES[n % len(PREFIXES)]}{HTML}{TEMPLATE} {VIETNAMESE}"


def free_text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name in NOT_FREE_TEXT or column.primary_key or column.foreign_keys:
                continue
            if isinstance(column.type, sa.Text) and not isinstance(column.type, sa.String) or \
                    isinstance(column.type, sa.String) and (column.type.length is None or column.type.length >= 100):
                yield table, column


def poison(app) -> list[str]:
    """Every free-text column of every row gets a payload; returns the columns written."""
    written = []
    with app.app_context(), db.engine.begin() as conn:
        for n, (table, column) in enumerate(free_text_columns()):
            conn.execute(table.update().values({column.name: payload(n)}))
            written.append(f"{table.name}.{column.name}")
    return written


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory, pg_ready):
    app = module_app(tmp_path_factory, pg_ready, "xss", WTF_CSRF_ENABLED=True)
    world = build_world(app)
    written = poison(app)
    yield app, world, written
    dispose(app)


def inert(html: str) -> list[str]:
    problems = [f"runs: {f}" for f in scan(html)]
    if "XSS-TPL49" in html:
        problems.append("a template expression was evaluated")
    if "<img src=x" in html or "<script>alert" in html:
        problems.append("raw HTML payload in the page")
    return problems


def test_the_payload_reaches_the_columns_that_matter(poisoned):
    _, _, written = poisoned
    for column in ("member.full_name", "forum.title", "agenda_item.title", "proposal.text", "clause.text",
                   "document_section.text", "task.text", "guest.name", "published_model.description",
                   "organisation.name", "forum.conclusion", "recommendation_answer.text"):
        assert column in written, f"{column} is not poisoned: {sorted(written)}"


def test_pages_and_fragments_show_the_payload_as_text(poisoned):
    app, world, _ = poisoned
    problems, shown = [], 0
    for where, response in rendered_pages(app, world):
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            shown += html.count(TEMPLATE)
            problems += [f"{where}: {p}" for p in inert(html)]
        response.close()
    assert shown > 100  # the payload is on the pages, as text
    assert not problems, "\n".join(problems[:40])


def _first_event(client, url: str) -> str:
    response = client.get(url, buffered=False)
    assert response.status_code == 200, url
    text = ""
    try:
        for chunk in response.iter_encoded():
            text += chunk.decode()
            if "data:" in text and len(text) > 500:
                break
    finally:
        response.close()
    return text


def test_stream_events_carry_the_payload_escaped(poisoned, monkeypatch):
    from forumsite.screen import stream

    monkeypatch.setattr(stream, "HEARTBEAT", 0.2)
    app, world, _ = poisoned
    secretary = login_with_token(app.test_client(), "thuky")
    member = login_with_token(app.test_client(), "dangvien")
    for client, url in ((app.test_client(), f"/display/{world['token']}/stream"),
                        (member, f"/forums/{world['forum_live']}/follow/stream"),
                        (secretary, f"/forums/{world['forum_live']}/console/stream")):
        events = _first_event(client, url)
        data = "\n".join(line[5:] for line in events.splitlines() if line.startswith("data:"))
        assert TEMPLATE in data or "XSS-TPL" in data, f"{url}: the payload is not in the first event"
        assert not inert(data), (url, inert(data))


def test_xlsx_exports_store_formula_looking_text_as_text(poisoned):
    from openpyxl import load_workbook

    app, world, _ = poisoned
    admin = login_with_token(app.test_client(), "admin")
    checked = 0
    for endpoint, method, rule in rules(app):
        if method != "GET" or not endpoint.endswith("xlsx"):
            continue
        response = admin.get(fill(rule, world))
        assert response.status_code == 200, endpoint
        workbook = load_workbook(io.BytesIO(response.data))
        try:
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                            assert cell.data_type == "s", f"{endpoint} {sheet.title}!{cell.coordinate}: {cell.value}"
                            checked += 1
                        assert cell.data_type != "f", f"{endpoint} {sheet.title}!{cell.coordinate} is a formula"
        finally:
            workbook.close()
    assert checked > 0, "no formula-looking text reached an export"


def test_csv_audit_export_defuses_formulas(poisoned):
    import csv

    app, world, _ = poisoned
    admin = login_with_token(app.test_client(), "admin")
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_entry SET username = :u WHERE id = (SELECT MIN(id) FROM audit_entry)"),
                     {"u": "=1+1" + HTML})
    rows = list(csv.reader(io.StringIO(admin.get("/audit/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    cells = [c for r in rows[1:] for c in r]
    assert any(c.startswith("'=1+1") for c in cells)
    assert not any(c and c[0] in "=+-@" for c in cells)


def test_docx_exports_hold_the_payload_as_text(poisoned):
    from docx import Document

    app, world, _ = poisoned
    admin = login_with_token(app.test_client(), "admin")
    urls = [f"/forums/{world['forum']}/documents/{kind}.docx" for kind in ("NQ", "BB", "BC")]
    urls.append(f"/org/{world['commune']}/oversight/synthesis.docx")
    for url in urls:
        response = admin.get(url)
        assert response.status_code == 200, url
        document = Document(io.BytesIO(response.data))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "XSS-TPL{{7*7}}" in text and "XSS-TPL49" not in text, url
        assert '<script>alert(1)</script>' in text, url  # shown as typed, as text
        # No field code (HYPERLINK, formulas) made from the text.
        assert not re.search(rb"<w:instrText|<w:fldSimple", _xml(response.data)), url


def _xml(docx: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml")


def test_pdf_export_holds_the_payload_as_text(poisoned):
    from forumsite.exports import pdf

    if not pdf.available():
        pytest.skip("WeasyPrint's system libraries are missing")
    pdftotext = need_tool("pdftotext")
    app, world, _ = poisoned
    admin = login_with_token(app.test_client(), "admin")
    response = admin.get(f"/forums/{world['forum']}/documents/NQ.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = subprocess.run([pdftotext, "-", "-"], input=response.data, capture_output=True, check=True).stdout
    text = text.decode()
    assert "XSS-TPL{{7*7}}" in text and "XSS-TPL49" not in text
    assert "onerror=alert(1)" in text and VIETNAMESE in text


def test_the_checks_see_a_live_payload():
    assert inert(payload(0)) and inert('<a href="javascript:alert(1)">x</a>') and inert("XSS-TPL49")
    assert not inert("&lt;script&gt;alert(1)&lt;/script&gt; XSS-TPL{{7*7}}")
