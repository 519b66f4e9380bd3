"""Coverage and participation of a subtree as a workbook: one sheet per unit, one per cell."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..safe_text import xml_safe
from ..vn import text_key


def _text(ws, value: str, bold: bool = False) -> WriteOnlyCell:
    """A text cell stored as text: openpyxl would store "=…" as a formula, so the type is forced — a name
    like "=HYPERLINK(…)" typed into the app stays inert in Excel and LibreOffice (formula injection). Control
    characters are dropped: openpyxl refuses them (IllegalCharacterError), the whole workbook with them."""
    cell = WriteOnlyCell(ws, value=xml_safe(value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _ratio(value):
    return round(value, 4) if value is not None else None


def _figures(f) -> list:
    return [f.cells, f.forums_planned, f.forums_held, f.cells_held, _ratio(f.coverage), f.cells_below,
            f.cells_above, f.pilots, f.pilots_held, f.roll, f.present, _ratio(f.attendance_rate), f.spoke,
            _ratio(f.spoke_share), f.proposals, f.recommendations, f.models, f.resolutions, f.tasks,
            f.tasks_done, f.tasks_overdue, f.cells_at_forum, f.resolutions_at_forum]


def _figure_headers() -> list[str]:
    return [_("Chi bộ"), _("Diễn đàn kế hoạch"), _("Diễn đàn đã tổ chức"), _("Chi bộ đã tổ chức"),
            _("Tỷ lệ chi bộ đã tổ chức"), _("Chi bộ chưa đủ"), _("Chi bộ vượt"), _("Chi bộ điểm"),
            _("Chi bộ điểm đã tổ chức"), _("Đảng viên trong danh sách"), _("Đảng viên dự"), _("Tỷ lệ dự"),
            _("Đảng viên phát biểu"), _("Tỷ lệ phát biểu"), _("Ý kiến"), _("Kiến nghị"), _("Mô hình hay"),
            _("Nghị quyết"), _("Nhiệm vụ"), _("Nhiệm vụ hoàn thành"), _("Nhiệm vụ quá hạn"),
            _("Chi bộ quyết định tại diễn đàn"), _("Nghị quyết biểu quyết tại diễn đàn")]


def _sheet(ws, headers: list[str], rows: list[tuple[list[str], list]]) -> None:
    """Write-only sheets: a province's 6,000 cells stream out without a cell object kept per value."""
    ws.freeze_panes = "B2"
    for i in range(len(headers)):
        ws.column_dimensions[get_column_letter(i + 1)].width = 40 if i == 0 else 14
    ws.append([_text(ws, title, bold=True) for title in headers])
    for texts, numbers in rows:
        line = [_text(ws, value) for value in texts]
        for value in numbers:
            if isinstance(value, float):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "0.0%"
                line.append(cell)
            else:
                line.append(value)
        ws.append(line)


def build(view) -> bytes:
    wb = Workbook(write_only=True)
    units = wb.create_sheet(_("Theo đơn vị"))
    rows = [([row.name], _figures(f)) for row, f in view.children]
    rows.append(([_("Tổng cộng: %(name)s", name=view.org.name)], _figures(view.total)))
    _sheet(units, [_("Đơn vị")] + _figure_headers(), rows)

    cells = wb.create_sheet(_("Theo chi bộ"))
    headers = [_("Chi bộ"), _("Đơn vị"), _("Loại hình")] + _figure_headers()[1:]
    ordered = sorted(view.cells, key=lambda c: (text_key(c[1].name) if c[1] else (), text_key(c[0].name)))
    _sheet(cells, headers, [([cell.name, unit.name if unit else "", gtype.name if gtype else ""], _figures(f)[1:])
                            for cell, unit, gtype, f in ordered])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
