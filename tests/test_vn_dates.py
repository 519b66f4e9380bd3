"""Dates as Vietnamese users read them on the main pages: dd/mm/yyyy in lists and forms, "ngày 05 tháng 3
năm 2026" in prose and Party documents (HD 36: day below 10 and months 1–2 with a leading zero) — never
an ISO date or an English month name in the Vietnamese interface (audit details included)."""
import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document

from .site_pages import build_site, pages

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SHORT = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
ENGLISH_MONTHS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                            r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


class VisibleText(HTMLParser):
    """What a person reads: text outside script/style, and the values shown in form fields."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type", "text") in ("text", "search", "date") and attrs.get("value"):
            self.parts.append(attrs["value"])
        if attrs.get("placeholder"):
            self.parts.append(attrs["placeholder"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


@pytest.fixture
def site(app, demo):
    return build_site(app, demo)


def _as(client, user):
    client.post("/logout")
    if user:
        assert client.post("/login", data={"username": user, "password": "demo12345"}).status_code == 303


def test_every_page_shows_dates_the_vietnamese_way(client, site):
    problems, last, short_dates = [], object(), 0
    for name, user, path, _status in pages(site):
        if user != last:
            _as(client, user)
            last = user
        text = visible(client.get(path, follow_redirects=True).get_data(as_text=True))
        for iso in ISO.findall(text):
            problems.append(f"{name}: ISO date {iso}")
        for month in ENGLISH_MONTHS.findall(text):
            problems.append(f"{name}: English month {month}")
        for day, month, _year in SHORT.findall(text):
            short_dates += 1
            # dd/mm/yyyy; a citation may follow NĐ 30 (15/5/2016: a leading zero only below 10 and for months 1–2).
            if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12 and len(day) == 2
                    and (len(month) == 2 or int(month) >= 3)):
                problems.append(f"{name}: {day}/{month} is not dd/mm")
    assert not problems, "\n".join(sorted(set(problems)))
    assert short_dates >= 10  # the check looked at real dates


def test_known_dates_in_their_vietnamese_forms(client, site):
    """The demo's finished forum: held 15/9/2026, resolution adopted 5/10/2026."""
    _as(client, "bithu")
    held = site["held"]
    assert "15/09/2026" in visible(client.get(f"/cells/{site['cell_a']}/forums").get_data(as_text=True))
    assert "ngày 15 tháng 9 năm 2026" in visible(client.get(f"/forums/{held}").get_data(as_text=True))
    printed = visible(client.get(f"/forums/{held}/documents/NQ/print").get_data(as_text=True))
    assert "Hải Phú, ngày 05 tháng 10 năm 2026" in printed
    response = client.get(f"/forums/{held}/documents/NQ.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "ngày 05 tháng 10 năm 2026" in text
    assert not ISO.search(text) and not ENGLISH_MONTHS.search(text)


def test_english_interface_keeps_documents_vietnamese(client, site):
    """Switching the interface to English changes the prose dates, not the Party document."""
    _as(client, "bithu")
    client.post("/lang", data={"lang": "en"})
    assert "15 September 2026" in visible(client.get(f"/forums/{site['held']}").get_data(as_text=True))
    printed = visible(client.get(f"/forums/{site['held']}/documents/NQ/print").get_data(as_text=True))
    assert "ngày 05 tháng 10 năm 2026" in printed
