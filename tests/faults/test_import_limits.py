"""Member import under hostile files (security probe F5, F6(c), F12's CSV part, F15): a tiny XLSX declaring
a huge sheet, a CSV far longer than the row limit, a field longer than the csv module's limit, and previews
that are never confirmed. Each must end quickly with a clear Vietnamese 4xx, never a 500."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from forumsite.extensions import db
from forumsite.members import importer
from forumsite.members.models import Member

ROOT = Path(__file__).resolve().parents[2]


def bomb_xlsx(rows: list[int], dimension: str = "A1:XFD1048576") -> bytes:
    """A real XLSX whose sheet declares ``dimension`` and holds a name in each row of ``rows`` (row 1: header).

    openpyxl's read-only reader pads every missing row between two present ones to the declared width."""
    wb = Workbook()
    wb.active.append(["Họ và tên"])
    out = io.BytesIO()
    wb.save(out)
    cells = []
    for r in rows:
        text = "Họ và tên" if r == 1 else f"Người {r}"
        cells.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text}</t></is></c></row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{"".join(cells)}</sheetData></worksheet>')
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename)
            dst.writestr(info.filename, data)
    return result.getvalue()


def _read_in_subprocess(content: bytes, tmp_path: Path, timeout: float) -> str:
    """Read the file in a child process, so that a runaway read is killed instead of pinning the suite."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(content)
    code = textwrap.dedent(f"""
        import sys
        from forumsite.members import importer
        try:
            rows = importer.read_table(open({str(path)!r}, "rb").read(), 20000)
        except importer.ImportFileError as exc:
            print("refused", exc.code)
        else:
            print("read", len(rows))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=True)
    return done.stdout.strip()


def test_a_tiny_xlsx_declaring_the_whole_sheet_reads_in_moments(tmp_path):
    content = bomb_xlsx([1, 2, 3])
    assert len(content) < 10_000
    started = time.perf_counter()
    # On a loaded 2-core machine the child's start and imports take a few seconds; the unbounded read
    # of this file took minutes.
    assert _read_in_subprocess(content, tmp_path, timeout=60) == "read 3"
    assert time.perf_counter() - started < 60


def test_a_gap_of_forty_thousand_rows_is_refused_without_reading_it(tmp_path):
    content = bomb_xlsx([1, 2, 40_000])
    started = time.perf_counter()
    assert _read_in_subprocess(content, tmp_path, timeout=60) == "refused too_far"
    assert time.perf_counter() - started < 60


def test_the_bomb_through_the_web_is_a_quick_vietnamese_422(client, auth, app, demo):
    auth.login("bithu")
    started = time.perf_counter()
    response = client.post(f"/cells/{demo['cell_a']}/members/import",
                           data={"file": (io.BytesIO(bomb_xlsx([1, 2, 22_000])), "ds.xlsx")},
                           content_type="multipart/form-data")
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "hãy xóa các dòng thừa ở cuối bảng tính" in response.get_data(as_text=True)
    assert elapsed < 10, elapsed


@pytest.mark.slow
def test_the_full_size_bomb_through_the_web(client, auth, app, demo):
    """The probe's worst case: row 1,048,576 present in a sheet 16,384 columns wide (≈ 12 minutes unbounded)."""
    auth.login("bithu")
    started = time.perf_counter()
    response = client.post(f"/cells/{demo['cell_a']}/members/import",
                           data={"file": (io.BytesIO(bomb_xlsx([1, 2, 3, 1_048_576])), "ds.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert time.perf_counter() - started < 15


def test_columns_far_to_the_right_are_never_read():
    wide = bomb_xlsx([1, 2], dimension="A1:XFD2")
    rows = importer.read_table(wide, 10)
    assert all(len(cells) <= importer.MAX_COLUMNS for _, cells in rows)


def test_a_zip_unpacking_to_gigabytes_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (importer.MAX_UNZIPPED + 1))
    with pytest.raises(importer.ImportFileError) as info:
        importer.read_table(out.getvalue(), 10)
    assert info.value.code == "bad_xlsx"


# --- CSV ------------------------------------------------------------------------------------------

def test_the_csv_is_read_only_up_to_the_row_limit(client, auth, app, demo):
    """Rows past the limit are never parsed: a broken line after them cannot even be reached."""
    app.config["IMPORT_MAX_ROWS"] = 50
    lines = ["Họ và tên"] + [f"Người {i}" for i in range(60)] + ['"' + "x" * 140_000 + '"']
    auth.login("bithu")
    response = client.post(f"/cells/{demo['cell_a']}/members/import",
                           data={"file": (io.BytesIO("\n".join(lines).encode()), "ds.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Tệp có quá nhiều dòng (tối đa 50 dòng)" in response.get_data(as_text=True)


def test_a_field_longer_than_the_csv_limit_is_a_vietnamese_422(client, auth, app, demo):
    content = ("Họ và tên,Ghi chú\nNguyễn Văn A," + "x" * 140_000 + "\n").encode()
    auth.login("bithu")
    response = client.post(f"/cells/{demo['cell_a']}/members/import",
                           data={"file": (io.BytesIO(content), "ds.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Không đọc được tệp CSV ở dòng 2" in response.get_data(as_text=True)


def test_two_million_csv_rows_stop_at_the_limit_quickly():
    import tracemalloc

    content = b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n" + b"a\n" * 2_097_152  # the probe's 4 MB file
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(importer.ImportFileError) as info:
            importer.read_table(content, 20_000)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == "too_many_rows"
    # The decoded text is ~4 MB (8 MB for the copy in StringIO); the probe saw +384 MB when every row was kept.
    assert peak < 60 * 1024 * 1024, peak
    assert elapsed < 20, elapsed


@pytest.mark.slow
def test_a_csv_as_large_as_the_request_limit_stops_at_the_row_limit(client, auth, app, demo):
    """19 MB of one-letter rows (≈ 10 million, ≈ 2 GB when every row was kept): a quick 422."""
    content = "Họ và tên\n".encode() + b"a\n" * (19 * 1024 * 1024 // 2)  # just under the request limit
    auth.login("bithu")
    started = time.perf_counter()
    response = client.post(f"/cells/{demo['cell_a']}/members/import",
                           data={"file": (io.BytesIO(content), "ds.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "quá nhiều dòng" in response.get_data(as_text=True)
    assert time.perf_counter() - started < 20


# --- previews expire --------------------------------------------------------------------------------

def _preview(client, cell_id, name="Người Xem Trước"):
    content = f"Họ và tên\n{name}\n".encode()
    response = client.post(f"/cells/{cell_id}/members/import", data={"file": (io.BytesIO(content), "ds.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_data(as_text=True).split("/members/import/")[1].split('"')[0]


def _age(folder: Path, token: str, seconds: int) -> None:
    past = time.time() - seconds
    for suffix in (".bin", ".json"):
        os.utime(folder / f"{token}{suffix}", (past, past))


def test_old_previews_are_deleted_when_a_new_one_is_written(client, auth, app, demo):
    auth.login("bithu")
    folder = Path(app.instance_path) / "imports"
    old = _preview(client, demo["cell_a"], "Người Cũ")
    fresh = _preview(client, demo["cell_a"], "Người Mới")
    _age(folder, old, 2 * 3600)
    newest = _preview(client, demo["cell_a"], "Người Mới Nhất")
    left = {p.name for p in folder.iterdir()}
    assert f"{old}.bin" not in left and f"{old}.json" not in left
    assert {f"{fresh}.bin", f"{fresh}.json", f"{newest}.bin", f"{newest}.json"} <= left


def test_confirming_an_expired_preview_says_so_and_imports_nothing(client, auth, app, demo):
    auth.login("bithu")
    folder = Path(app.instance_path) / "imports"
    token = _preview(client, demo["cell_a"], "Người Hết Hạn")
    _age(folder, token, 3601)
    response = client.post(f"/cells/{demo['cell_a']}/members/import/{token}")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Phiên nhập đã hết hạn" in page
    assert not (folder / f"{token}.bin").exists()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Member.full_name == "Người Hết Hạn")) == 0
