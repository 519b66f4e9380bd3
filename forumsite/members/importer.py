"""Reading a member list from XLSX or CSV, and validating it row by row. No Flask here.

The whole file is checked before anything is written: one bad row and nothing is imported, and
every problem is reported with its row number as the spreadsheet shows it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from ..clock import today_local
from ..vn import fold, parse_date, whole_number

# Column headers as people write them, folded (no diacritics, lower case).
HEADERS = {
    "full_name": {"ho va ten", "ho ten", "ten", "full name", "name"},
    "gender": {"gioi tinh", "gender"},
    "birth_year": {"nam sinh", "birth year"},
    "joined_on": {"ngay vao dang", "ngay ket nap", "joined"},
    "official_on": {"ngay chinh thuc", "official"},
    "status": {"trang thai", "status", "dang vien"},
    "role": {"vai tro", "chuc vu", "role"},
    "exempt": {"mien sinh hoat", "mien cong tac va sinh hoat dang", "mien cong tac, sinh hoat", "exempt"},
    "temporary": {"sinh hoat tam thoi", "temporary"},
    "suspended": {"dinh chi", "dinh chi sinh hoat", "suspended"},
}
STATUS_VALUES = {"chinh thuc": "chinh_thuc", "ct": "chinh_thuc", "official": "chinh_thuc",
                 "du bi": "du_bi", "db": "du_bi", "probationary": "du_bi"}
ROLE_VALUES = {"bi thu": "bi_thu", "pho bi thu": "pho_bi_thu", "chi uy vien": "chi_uy_vien",
               "to truong": "to_truong", "to truong to dang": "to_truong", "dang vien": "dang_vien", "": "dang_vien"}
GENDER_VALUES = {"nam": "nam", "male": "nam", "m": "nam", "nu": "nu", "female": "nu", "f": "nu", "": None}
YES = {"x", "co", "1", "true", "yes", "c"}
NO = {"", "khong", "0", "false", "no", "k"}
TEMP_VALUES = {"den": "temp_in", "di": "temp_out", "": None}

XLSX = "xlsx"
CSV = "csv"


class ImportFileError(Exception):
    """The file as a whole cannot be read; ``code`` says why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class RowError:
    row: int
    field: str
    code: str
    value: str = ""


@dataclass
class Result:
    records: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, raw values) for the preview

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.records)


def sniff(content: bytes) -> str:
    """Tell XLSX from CSV by content, never by the file name."""
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as zf:
                if "xl/workbook.xml" in zf.namelist():
                    return XLSX
        except zipfile.BadZipFile:
            pass
        raise ImportFileError("not_spreadsheet")
    if b"\x00" in content[:4096]:
        raise ImportFileError("not_spreadsheet")
    return CSV


def read_table(content: bytes) -> list[tuple[int, list[str]]]:
    """All non-empty rows as (row number, cell texts), the header row included."""
    kind = sniff(content)
    if kind == XLSX:
        return _read_xlsx(content)
    return _read_csv(content)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("bad_xlsx") from exc
    try:
        ws = wb.worksheets[0]
        rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
        return rows
    finally:
        wb.close()


def _read_csv(content: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("not_utf8") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        cells = [c.strip() for c in cells]
        if any(cells):
            rows.append((number, cells))
    return rows


def map_headers(header: list[str]) -> dict[str, int]:
    columns = {}
    for index, name in enumerate(header):
        key = fold(name).strip(" :*")
        for field_name, aliases in HEADERS.items():
            if key in aliases and field_name not in columns:
                columns[field_name] = index
    if "full_name" not in columns:
        raise ImportFileError("no_name_column")
    return columns


def _flag(value: str) -> bool | None:
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def validate(table: list[tuple[int, list[str]]], existing: set[tuple[str, int | None]] = frozenset(),
             max_rows: int = 20000) -> Result:
    """Turn a table into member records, or report every row's problems.

    ``existing`` holds (folded name, birth year) of the cell's members, to catch duplicates.
    """
    if not table:
        raise ImportFileError("empty")
    header_row, header = table[0]
    columns = map_headers(header)
    body = table[1:]
    if not body:
        raise ImportFileError("empty")
    if len(body) > max_rows:
        raise ImportFileError("too_many_rows", max=max_rows)
    result = Result()
    seen: dict[tuple[str, int | None], int] = {}
    today = today_local()
    for number, cells in body:
        raw = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        result.rows.append((number, raw))
        errors: list[RowError] = []
        record: dict = {}

        name = " ".join(raw["full_name"].split())
        if not name:
            errors.append(RowError(number, "full_name", "missing_name"))
        elif len(name) > 120:
            errors.append(RowError(number, "full_name", "too_long", name[:40]))
        record["full_name"] = name

        gender = fold(raw.get("gender", ""))
        if gender not in GENDER_VALUES:
            errors.append(RowError(number, "gender", "bad_gender", raw["gender"]))
        record["gender"] = GENDER_VALUES.get(gender)

        year_text = raw.get("birth_year", "")
        record["birth_year"] = None
        if year_text:
            year = whole_number(year_text)
            if year is not None and 1900 <= year <= today.year:
                record["birth_year"] = year
            else:
                errors.append(RowError(number, "birth_year", "bad_year", year_text))

        for key in ("joined_on", "official_on"):
            text = raw.get(key, "")
            try:
                record[key] = parse_date(text)
            except ValueError:
                record[key] = None
                errors.append(RowError(number, key, "bad_date", text))
            else:
                if record[key] and record[key] > today:
                    errors.append(RowError(number, key, "future_date", text))

        status = fold(raw.get("status", "")) or "chinh thuc"
        if status not in STATUS_VALUES:
            errors.append(RowError(number, "status", "bad_status", raw.get("status", "")))
        record["status"] = STATUS_VALUES.get(status, "chinh_thuc")
        if record["status"] == "du_bi" and record.get("official_on"):
            errors.append(RowError(number, "official_on", "probationary_with_official_date",
                                   raw.get("official_on", "")))
        if record.get("joined_on") and record.get("official_on") and record["official_on"] < record["joined_on"]:
            errors.append(RowError(number, "official_on", "official_before_joined", raw.get("official_on", "")))

        role = fold(raw.get("role", ""))
        if role not in ROLE_VALUES:
            errors.append(RowError(number, "role", "bad_role", raw.get("role", "")))
        record["role"] = ROLE_VALUES.get(role, "dang_vien")

        for key in ("exempt", "suspended"):
            value = _flag(raw.get(key, ""))
            if value is None:
                errors.append(RowError(number, key, "bad_flag", raw.get(key, "")))
            record[key] = bool(value)
        temp = fold(raw.get("temporary", ""))
        if temp not in TEMP_VALUES:
            errors.append(RowError(number, "temporary", "bad_temporary", raw.get("temporary", "")))
        record["temp_in"] = TEMP_VALUES.get(temp) == "temp_in"
        record["temp_out"] = TEMP_VALUES.get(temp) == "temp_out"

        if name:
            key = (fold(name), record["birth_year"])
            if key in seen:
                errors.append(RowError(number, "full_name", "duplicate_in_file", str(seen[key])))
            elif key in existing:
                errors.append(RowError(number, "full_name", "duplicate_in_cell", name))
            else:
                seen[key] = number

        result.errors.extend(errors)
        if not errors:
            result.records.append(record)
    return result
