"""A cell's Party document as DOCX, laid out per Hướng dẫn 36-HD/VPTW (document_format.md §1–§6):
Times New Roman, A4, the two-column header with the star, the rule under ĐẢNG CỘNG SẢN VIỆT NAM,
the italic place-and-date line, the document's name and subject, the signature block, the recipients."""
from __future__ import annotations

import io

import sqlalchemy as sa
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..extensions import db
from ..members.models import Member
from ..rules import documents as doc_rules
from ..safe_text import xml_safe
from ..vn import format_date

FONT = "Times New Roman"


def _run(paragraph, text: str, size: float = 14, bold: bool = False, italic: bool = False,
         underline: bool = False):
    # Every text of every document passes here: a control character stored in any of them (lxml refuses it)
    # must not make the document, or the synthesis report of every unit above the cell, unavailable.
    run = paragraph.add_run(xml_safe(text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # East-Asian font slot too, so that Word never substitutes a font for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(container, text: str = "", size: float = 14, bold=False, italic=False, align=None, space_after=0,
          underline=False, indent_cm: float | None = None):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent_cm is not None:
        paragraph.paragraph_format.first_line_indent = Cm(indent_cm)
    if text:
        _run(paragraph, text, size, bold, italic, underline)
    return paragraph


def _bottom_rule(paragraph) -> None:
    """The solid line under the title 'ĐẢNG CỘNG SẢN VIỆT NAM' (HD 36 điểm 1.1.2)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _keep_whole(table) -> None:
    """A signature table never breaks across pages, in Word or LibreOffice: its row may not split and each of
    its paragraphs stays with the next and in one piece (HD 36 keeps the signer's title, name and the
    recipients together)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_together = True
                paragraph.paragraph_format.keep_with_next = True


def _lead_into(document, lines: int = 2) -> None:
    """The last lines of the body go with the signature block to the next page rather than leave it alone
    there: a signature with no text above it is not a signed document."""
    for paragraph in document.paragraphs[-lines:]:
        paragraph.paragraph_format.keep_with_next = True


def _borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def secretary_name(forum) -> str:
    member = db.session.scalar(sa.select(Member).where(Member.cell_id == forum.cell_id, Member.role == "bi_thu"))
    return member.full_name if member else ""


def a4_document(margins_mm) -> Document:
    """An A4 page with HD 36's margins (top, bottom, left, right in mm) and 14 pt Times New Roman."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(margins_mm[0]), Mm(margins_mm[1])
    section.left_margin, section.right_margin = Mm(margins_mm[2]), Mm(margins_mm[3])
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    return document


def letterhead_cells(document):
    """The two borderless cells of the letterhead: issuer on the left, Party name and date on the right."""
    header = document.add_table(rows=1, cols=2)
    _borderless(header)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    return left, right


def build(forum, doc, margins_mm=(20, 20, 30, 15)) -> bytes:
    document = a4_document(margins_mm)
    cell = forum.cell
    upper = (cell.parent.name if cell.parent else "").upper()
    left, right = letterhead_cells(document)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], upper, 14)
    _para(left, cell.name.upper(), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "*", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    number = doc_rules.shown_symbol(doc.number, doc.kind)
    _para(left, number, 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = right.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)
    _bottom_rule(title)
    place = cell.place_name or "……"
    day = format_date(doc.issued_on) if doc.issued_on else "ngày … tháng … năm ……"
    dated = _para(right, f"{place}, {day}", 14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    dated.paragraph_format.space_before = Pt(6)

    _para(document, "", 14)
    _para(document, doc_rules.KINDS[doc.kind], 16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, doc_rules.subject_line(doc.kind, forum.title or ""), 14, bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "-----", 14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)

    sections = {s.key: s for s in doc.sections}
    for s in doc.sections:
        if s.key in ("noi_nhan",):
            continue
        if s.key == "can_cu":
            for line in s.text.splitlines():
                _para(document, line, 14, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1)
            _para(document, f"{cell.name.upper()} QUYẾT NGHỊ:", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                  space_after=6).paragraph_format.space_before = Pt(6)
            continue
        if s.key != "thong_qua":
            heading = _para(document, s.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3)
            heading.paragraph_format.keep_with_next = True  # never orphaned at a page foot
        for line in s.text.splitlines():
            _para(document, line, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1, space_after=3)

    _para(document, "", 14)
    _lead_into(document)
    if doc.kind == "BB":
        _minutes_signatures(document, forum)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    footer = document.add_table(rows=1, cols=2)
    _borderless(footer)
    recipients, signature = footer.rows[0].cells
    recipients.width, signature.width = Cm(8), Cm(8)
    _run(recipients.paragraphs[0], "Nơi nhận:", 14, underline=True, italic=True)
    if "noi_nhan" in sections:
        for line in sections["noi_nhan"].text.splitlines():
            _para(recipients, line, 12)
    signature.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    from ..rules.decision import signature as signs_for

    _run(signature.paragraphs[0], signs_for(cell.decision_path, doc.kind), 14, bold=True)
    _para(signature, "BÍ THƯ", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=60)
    _para(signature, secretary_name(forum), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _keep_whole(footer)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _minutes_signatures(document, forum) -> None:
    """Minutes are signed by the secretary who wrote them and by the chair (§5, §9)."""
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    for cell, role, name in zip(table.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ"),
                                (forum.secretary.full_name if forum.secretary else "", secretary_name(forum)),
                                strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], role, 14, bold=True)
        _para(cell, "", 14, space_after=60)
        _para(cell, name, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _keep_whole(table)
