"""What the importer's codes mean, in the user's language."""
from flask_babel import lazy_gettext as _l

FILE_ERRORS = {
    "not_spreadsheet": _l("Tệp không phải bảng tính XLSX hoặc CSV."),
    "bad_xlsx": _l("Không đọc được tệp XLSX (tệp hỏng hoặc không đúng định dạng)."),
    "not_utf8": _l("Tệp CSV phải được lưu với bảng mã UTF-8 (có hoặc không có BOM)."),
    "no_name_column": _l("Không thấy cột “Họ và tên” ở dòng tiêu đề."),
    "empty": _l("Tệp không có dòng dữ liệu nào."),
    "too_many_rows": _l("Tệp có quá nhiều dòng (tối đa %(max)s dòng)."),
    "too_far": _l("Bảng tính có dòng nằm sau dòng %(max)s; hãy xóa các dòng thừa ở cuối bảng tính rồi tải lên lại."),
    "bad_csv": _l("Không đọc được tệp CSV ở dòng %(line)s (một ô quá dài hoặc sai dấu ngoặc kép)."),
    "no_file": _l("Vui lòng chọn tệp để nhập."),
    "expired": _l("Phiên nhập đã hết hạn; vui lòng tải tệp lên lại."),
}

ROW_ERRORS = {
    "missing_name": _l("thiếu họ và tên"),
    "too_long": _l("họ và tên quá dài"),
    "bad_gender": _l("giới tính không hợp lệ (Nam/Nữ)"),
    "bad_year": _l("năm sinh không hợp lệ"),
    "bad_date": _l("ngày không hợp lệ (dạng ngày/tháng/năm)"),
    "future_date": _l("ngày ở tương lai"),
    "bad_status": _l("trạng thái không rõ (Chính thức/Dự bị)"),
    "probationary_with_official_date": _l("đảng viên dự bị không có ngày chính thức"),
    "official_before_joined": _l("ngày chính thức trước ngày vào Đảng"),
    "bad_role": _l("vai trò không rõ"),
    "bad_flag": _l("giá trị không rõ (dùng x hoặc để trống)"),
    "bad_temporary": _l("sinh hoạt tạm thời phải là “đến” hoặc “đi”"),
    "duplicate_in_file": _l("trùng với dòng %(other)s trong tệp"),
    "duplicate_in_cell": _l("đã có trong danh sách chi bộ"),
}

FIELD_NAMES = {
    "full_name": _l("Họ và tên"), "gender": _l("Giới tính"), "birth_year": _l("Năm sinh"),
    "joined_on": _l("Ngày vào Đảng"), "official_on": _l("Ngày chính thức"), "status": _l("Trạng thái"),
    "role": _l("Vai trò"), "exempt": _l("Miễn sinh hoạt"), "temporary": _l("Sinh hoạt tạm thời"),
    "suspended": _l("Đình chỉ"),
}


def row_message(error) -> str:
    text = ROW_ERRORS.get(error.code, error.code)
    if error.code == "duplicate_in_file":
        return str(_l("trùng với dòng %(other)s trong tệp", other=error.value))
    return str(text)
