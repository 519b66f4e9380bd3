"""The upper unit's synthesis report (báo cáo tổng hợp) on the forums, in the Party format of
Hướng dẫn 36-HD/VPTW: the same header, fonts and signature block as the cells' documents (docx_party)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..vn import format_date
from .docx_party import _borderless, _bottom_rule, _keep_whole, _lead_into, _para, _run, a4_document, letterhead_cells


@dataclass
class Letterhead:
    """What the clerk confirms before exporting: HD 36 leaves the issuer's abbreviation and the signer to
    the issuing body (document_format.md marks several abbreviations unverified), so they are typed, with
    defaults."""

    upper: str  # tên cơ quan cấp trên trực tiếp
    issuer: str  # tên cơ quan ban hành
    abbreviation: str  # ký hiệu: "BC/HU"
    place: str
    authority: str  # "T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN"
    signer_title: str
    signer_name: str
    recipients: str


def _n(value: int) -> str:
    """1.234 — Vietnamese thousands separator."""
    return f"{value:,}".replace(",", ".")


def _dec(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _pct(value) -> str:
    return "—" if value is None else _dec(value * 100) + "%"


def build(view, letterhead: Letterhead, issued_on, recommendations: list, models: list,
          margins_mm=(20, 20, 30, 15)) -> bytes:
    document = a4_document(margins_mm)
    left, right = letterhead_cells(document)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], letterhead.upper.upper(), 14)
    _para(left, letterhead.issuer.upper(), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "*", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, f"Số      -{letterhead.abbreviation}", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = right.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)
    _bottom_rule(title)
    _para(right, f"{letterhead.place or '……'}, {format_date(issued_on)}", 14, italic=True,
          align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_before = Pt(6)

    t = view.total
    _para(document, "", 14)
    _para(document, "BÁO CÁO", 16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"tổng hợp kết quả tổ chức diễn đàn ở các chi bộ năm {view.year}", 14, bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "-----", 14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)

    def heading(text):
        _para(document, text, 14, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
              space_after=3).paragraph_format.keep_with_next = True

    def body(text):
        _para(document, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1, space_after=3)

    heading("I. TÌNH HÌNH TRIỂN KHAI")
    basis = f"Thực hiện {view.plan.label}, năm" if view.plan is not None else "Năm"
    body(f"{basis} {view.year} toàn đảng bộ có {_n(t.cells)} chi bộ; {_n(t.cells_held)} chi bộ đã tổ chức diễn đàn "
         f"(đạt {_pct(t.coverage)}); tổng số {_n(t.forums_held)} diễn đàn đã tổ chức trên {_n(t.forums_planned)} "
         "diễn đàn theo kế hoạch.")
    body(f"Số chi bộ chưa tổ chức đủ số diễn đàn theo kế hoạch: {_n(t.cells_below)}; vượt số diễn đàn: "
         f"{_n(t.cells_above)}. Chi bộ chỉ đạo điểm: {_n(t.pilots)}, đã tổ chức: {_n(t.pilots_held)}.")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Đơn vị", "Chi bộ", "Đã tổ chức", "Tỷ lệ", "Chi bộ điểm"),
                          strict=True):
        _run(cell.paragraphs[0], text, 12, bold=True)
    for row, f in view.children:
        cells = table.add_row().cells
        for cell, text in zip(cells, (row.name, _n(f.cells), _n(f.cells_held), _pct(f.coverage),
                                      f"{f.pilots_held}/{f.pilots}"), strict=True):
            _run(cell.paragraphs[0], text, 12)

    heading("II. CHẤT LƯỢNG DIỄN ĐÀN")
    average = f", bình quân {_dec(t.proposals_per_forum)} ý kiến mỗi diễn đàn" if t.proposals_per_forum else ""
    body(f"Tỷ lệ đảng viên dự: {_pct(t.attendance_rate)}; tỷ lệ đảng viên dự đã phát biểu: {_pct(t.spoke_share)}; "
         f"tổng số {_n(t.proposals)} ý kiến{average}.")
    body(f"Số nghị quyết chuyên đề đã thông qua: {_n(t.resolutions)}; nhiệm vụ theo nghị quyết: {_n(t.tasks)}, đã "
         f"hoàn thành {_n(t.tasks_done)}, quá hạn {_n(t.tasks_overdue)}.")

    heading("III. MÔ HÌNH HAY")
    for text, cell_name in models or [("Chưa có mô hình được chi ủy đánh dấu.", "")]:
        body(f"- {text}" + (f" ({cell_name})." if cell_name else ""))

    heading("IV. KIẾN NGHỊ CỦA CÁC CHI BỘ")
    for text, cell_name in recommendations or [("Không có kiến nghị.", "")]:
        body(f"- {text}" + (f" ({cell_name})." if cell_name else ""))

    heading("V. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG")
    body("……………………………………………………………………………………")

    _para(document, "", 14)
    _lead_into(document)
    footer = document.add_table(rows=1, cols=2)
    _borderless(footer)
    recipients, signature = footer.rows[0].cells
    recipients.width, signature.width = Cm(8), Cm(8)
    _run(recipients.paragraphs[0], "Nơi nhận:", 14, underline=True, italic=True)
    for line in letterhead.recipients.splitlines():
        _para(recipients, line, 12)
    signature.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(signature.paragraphs[0], letterhead.authority.upper(), 14, bold=True)
    _para(signature, letterhead.signer_title.upper(), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          space_after=60)
    _para(signature, letterhead.signer_name, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _keep_whole(footer)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
