"""The Party documents hold together in LibreOffice as in Word (issue: "The official record is right", 9):
the signature block (Nơi nhận, T/M CHI BỘ, BÍ THƯ, the name) never breaks across pages, and no section heading
is left alone at the foot of a page. Each document is converted by LibreOffice (Debian's libreoffice-writer,
installed by .ci/run) and its PDF read page by page; the body is lengthened line by line so that every place
where a page can end near the signature block is tried."""
from __future__ import annotations

import subprocess

import pytest
import sqlalchemy as sa

from forumsite.exports import docx_party
from forumsite.extensions import db
from forumsite.followup.models import PartyDocument
from forumsite.planning.models import Forum
from tests.helpers import need_tool

# Extra body lines: one A4 page holds about 27 lines of 14 pt text, so 0…26 lines walk the page end across the
# whole signature block and the headings before it.
EXTRA_LINES = range(0, 27, 3)


def _pages(pdf_text: str) -> list[list[str]]:
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pdf_text.split("\f")]


def _convert(soffice: str, tmp_path, files: list) -> None:
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, files)], check=True, capture_output=True, timeout=240)


@pytest.mark.parametrize("kind", ["NQ", "BB"])
def test_signature_block_and_headings_hold_together_in_libreoffice(app, tmp_path, kind):
    soffice = need_tool("soffice", "libreoffice-writer")
    pdftotext = need_tool("pdftotext")
    from forumsite.demo import load_demo

    with app.app_context():
        load_demo()
        db.session.commit()
        doc = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.kind == kind))
        headings = [s.title for s in doc.sections if s.title and s.key not in ("noi_nhan", "thong_qua", "can_cu")]
        forum = db.session.get(Forum, doc.forum_id)
        last = [s for s in doc.sections if s.key not in ("noi_nhan", "thong_qua")][-1]
        original = last.text
        files = []
        for extra in EXTRA_LINES:
            last.text = original + "".join(f"\nDòng thêm số {n + 1} để đẩy khối chữ ký tới cuối trang."
                                           for n in range(extra))
            path = tmp_path / f"{kind}-{extra:02d}.docx"
            path.write_bytes(docx_party.build(forum, doc))
            files.append(path)
        db.session.rollback()
        signer = docx_party.secretary_name(forum)

    _convert(soffice, tmp_path, files)
    block = ["Nơi nhận:", "T/M CHI", "BÍ THƯ"] if kind == "NQ" else ["THƯ KÝ", "CHỦ TRÌ"]
    for path in files:
        text = subprocess.run([pdftotext, "-layout", str(path.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = [p for p in _pages(text) if p]
        holding = [i for i, page in enumerate(pages) if any(signer in line for line in page)]
        assert holding, f"{path.name}: the signer's name is missing"
        signature_page = "\n".join(pages[holding[-1]])
        for word in block:
            assert word in signature_page, f"{path.name}: '{word}' is not on the page of the signature"
        for number, page in enumerate(pages[:-1]):
            assert page[-1] not in headings, f"{path.name}: heading '{page[-1]}' alone at the foot of page {number + 1}"
