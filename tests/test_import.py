"""Importing members from XLSX and CSV: a preview, every row's errors, all rows or none."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from forumsite.extensions import db
from forumsite.members import importer
from forumsite.members.models import Member

HEADER = ["Họ và tên", "Giới tính", "Năm sinh", "Ngày vào Đảng", "Ngày chính thức", "Trạng thái", "Vai trò",
          "Miễn sinh hoạt", "Sinh hoạt tạm thời", "Đình chỉ"]
GOOD = [
    ["Nguyễn Thị Hồng", "Nữ", "1990", "12/5/2015", "12/5/2016", "Chính thức", "Đảng viên", "", "", ""],
    ["Trần Văn Bảo", "Nam", "1985", "03/02/2010", "03/02/2011", "chinh thuc", "", "x", "", ""],
    ["Lê Minh Quân", "nam", "2001", "1/9/2025", "", "Dự bị", "", "", "đến", ""],
]


def csv_bytes(rows, bom=False, sep=","):
    text = "\n".join(sep.join(r) for r in rows) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("content", [
    csv_bytes([HEADER, *GOOD]),
    csv_bytes([HEADER, *GOOD], bom=True),
    csv_bytes([HEADER, *GOOD], sep=";"),
    xlsx_bytes([HEADER, *GOOD]),
])
def test_reads_csv_with_and_without_bom_and_xlsx(content):
    result = importer.validate(importer.read_table(content))
    assert result.ok, result.errors
    assert [r["full_name"] for r in result.records] == ["Nguyễn Thị Hồng", "Trần Văn Bảo", "Lê Minh Quân"]
    assert result.records[1]["exempt"] is True
    assert result.records[2]["status"] == "du_bi" and result.records[2]["temp_in"] is True
    assert str(result.records[0]["joined_on"]) == "2015-05-12"


def test_xlsx_date_cells_are_read_as_dates():
    import datetime as dt

    result = importer.validate(importer.read_table(xlsx_bytes([["Họ và tên", "Ngày vào Đảng"],
                                                               ["Phan Văn Tư", dt.datetime(2012, 7, 1)]])))
    assert result.ok and result.records[0]["joined_on"] == dt.date(2012, 7, 1)


def test_every_row_problem_is_reported_with_its_row_number():
    rows = [HEADER,
            GOOD[0],
            ["", "Nam", "1990", "", "", "Chính thức", "", "", "", ""],            # row 3: missing name
            ["Hồ Văn Khải", "", "", "", "", "Tạm", "", "", "", ""],              # row 4: unknown status
            ["Vũ Thị Lệ", "", "", "31/02/2019", "", "", "", "", "", ""],          # row 5: bad date
            ["Nguyễn Thị Hồng", "Nữ", "1990", "", "", "", "", "", "", ""],         # row 6: duplicate of row 2
            ["Đinh Văn Tú", "", "19x0", "", "", "", "Giám đốc", "có lẽ", "về", ""]]  # row 7: four problems
    result = importer.validate(importer.read_table(csv_bytes(rows)))
    assert not result.ok
    found = {(e.row, e.code) for e in result.errors}
    assert found == {(3, "missing_name"), (4, "bad_status"), (5, "bad_date"), (6, "duplicate_in_file"),
                     (7, "bad_year"), (7, "bad_role"), (7, "bad_flag"), (7, "bad_temporary")}
    assert [r["full_name"] for r in result.records] == ["Nguyễn Thị Hồng"]


def test_duplicate_of_a_member_already_in_the_cell():
    result = importer.validate(importer.read_table(csv_bytes([HEADER, GOOD[0]])),
                               existing={("nguyen thi hong", 1990)})
    assert [e.code for e in result.errors] == ["duplicate_in_cell"]


@pytest.mark.parametrize("content, code", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "not_spreadsheet"),
    (b"PK\x03\x04not really a zip", "not_spreadsheet"),
    (b"Ho va ten\nNguy\xe1n V\xe3n A\n", "not_utf8"),  # Windows-1258, not UTF-8
    (csv_bytes([["Tên đơn vị", "Số lượng"], ["A", "1"]]), "no_name_column"),
    (csv_bytes([HEADER]), "empty"),
    (b"", "empty"),
])
def test_unreadable_files_say_why(content, code):
    with pytest.raises(importer.ImportFileError) as info:
        importer.validate(importer.read_table(content))
    assert info.value.code == code


def test_too_many_rows():
    rows = [["Họ và tên"]] + [[f"Người {i}"] for i in range(11)]
    with pytest.raises(importer.ImportFileError) as info:
        importer.validate(importer.read_table(csv_bytes(rows)), max_rows=10)
    assert info.value.code == "too_many_rows"


# --- through the web ------------------------------------------------------------------------------

def _upload(client, cell_id, content, name="ds.csv"):
    return client.post(f"/cells/{cell_id}/members/import",
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def _count(app, cell_id):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Member.id)).where(Member.cell_id == cell_id))


def test_preview_then_confirm_imports_everything(client, auth, app, demo):
    auth.login("bithu2")
    before = _count(app, demo["cell_b"])
    response = _upload(client, demo["cell_b"], xlsx_bytes([HEADER, *GOOD]), "danh-sach.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Tệp hợp lệ: 3 đảng viên" in html
    assert _count(app, demo["cell_b"]) == before  # nothing written by the preview
    token = html.split("/members/import/")[1].split('"')[0]
    response = client.post(f"/cells/{demo['cell_b']}/members/import/{token}")
    assert response.status_code == 303
    assert _count(app, demo["cell_b"]) == before + 3
    # The token is spent: a second confirmation imports nothing more.
    client.post(f"/cells/{demo['cell_b']}/members/import/{token}")
    assert _count(app, demo["cell_b"]) == before + 3


def test_a_file_with_errors_imports_nothing_and_lists_rows(client, auth, app, demo):
    auth.login("bithu2")
    before = _count(app, demo["cell_b"])
    rows = [HEADER, GOOD[0], ["", "Nam"], GOOD[1]]
    response = _upload(client, demo["cell_b"], csv_bytes(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "chưa nhập dòng nào" in html and "thiếu họ và tên" in html
    assert '<td class="num">3</td>' in html
    assert _count(app, demo["cell_b"]) == before


def test_a_picture_renamed_csv_is_refused_clearly(client, auth, demo):
    auth.login("bithu2")
    response = _upload(client, demo["cell_b"], b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "anh.csv")
    assert response.status_code == 422
    assert "Tệp không phải bảng tính XLSX hoặc CSV." in response.get_data(as_text=True)


def test_missing_file(client, auth, demo):
    auth.login("bithu2")
    response = client.post(f"/cells/{demo['cell_b']}/members/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Vui lòng chọn tệp để nhập." in response.get_data(as_text=True)


def test_oversized_upload_is_413_in_vietnamese(tmp_path, pg_ready):
    from tests.helpers import make_app

    app = make_app(tmp_path, pg_ready, MAX_CONTENT_LENGTH=1000)
    from forumsite.demo import load_demo

    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "bithu2", "password": "demo12345"})
    response = _upload(client, 5, b"x" * 5000)
    assert response.status_code == 413 and "Tệp quá lớn" in response.get_data(as_text=True)


def test_confirm_token_belongs_to_its_cell_and_user(client, auth, app, demo):
    auth.login("bithu2")
    html = _upload(client, demo["cell_b"], csv_bytes([HEADER, GOOD[0]])).get_data(as_text=True)
    token = html.split("/members/import/")[1].split('"')[0]
    auth.logout()
    auth.login("bithu")
    assert client.post(f"/cells/{demo['cell_a']}/members/import/{token}").status_code == 404
    assert client.post(f"/cells/{demo['cell_a']}/members/import/..%2F..%2Fsecret_key").status_code == 404


def test_five_thousand_rows(client, auth, app, demo):
    auth.login("bithu2")
    rows = [["Họ và tên", "Năm sinh"]] + [[f"Đảng Viên Số {i}", str(1950 + i % 50)] for i in range(5000)]
    html = _upload(client, demo["cell_b"], csv_bytes(rows)).get_data(as_text=True)
    assert "Tệp hợp lệ: 5.000 đảng viên" in html
    token = html.split("/members/import/")[1].split('"')[0]
    before = _count(app, demo["cell_b"])
    assert client.post(f"/cells/{demo['cell_b']}/members/import/{token}").status_code == 303
    assert _count(app, demo["cell_b"]) == before + 5000


def test_cli_import_members(runner, app, demo, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([HEADER, *GOOD], bom=True))
    result = runner.invoke(args=["import-members", str(path), "--cell", str(demo["cell_b"])])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 3 đảng viên" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([HEADER, ["", "Nam"]]))
    result = runner.invoke(args=["import-members", str(bad), "--cell", str(demo["cell_b"])])
    assert result.exit_code != 0 and "không nhập dòng nào" in result.output
