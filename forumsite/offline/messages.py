"""The offline way of working's refusals and notes, in the user's language."""
from flask_babel import lazy_gettext as _l

from .. import refusals

ERRORS = {
    "offline_no_key": _l("Máy này chưa có khóa ký gói diễn đàn (OFFLINE_SIGNING_KEY, ít nhất 16 ký tự): hãy "
                         "đặt cùng một khóa của tỉnh trên máy chủ và trên máy tính ở phòng họp."),
    "offline_not_zip": _l("Tệp này không phải là gói diễn đàn (không đọc được tệp ZIP)."),
    "offline_bad_format": _l("Tệp này không đúng định dạng gói diễn đàn của hệ thống (thiếu hoặc thừa thành "
                             "phần)."),
    "offline_bad_schema": _l("Gói diễn đàn được tạo bởi một phiên bản khác của hệ thống; hãy cập nhật phần "
                             "mềm trên cả hai máy."),
    "offline_wrong_kind": _l("Tệp này không đúng loại: ở đây cần gói diễn đàn tải từ máy chủ (khi mang diễn "
                             "đàn đi) hoặc biên bản xuất từ máy họp (khi gửi về), không phải loại kia."),
    "offline_bad_signature": _l("Chữ ký của tệp không khớp: tệp đã bị sửa sau khi tạo, hoặc được ký bằng khóa "
                                "khác khóa của tỉnh. Không nhận tệp này."),
    "offline_bad_hash": _l("Nội dung tệp không khớp với bản kê trong tệp: tệp đã bị sửa hoặc bị hỏng khi "
                           "chép. Không nhận tệp này."),
    "offline_too_large": _l("Tệp quá lớn hoặc nén bất thường; không nhận tệp này."),
    "offline_unknown_forum": _l("Biên bản này thuộc một diễn đàn không có trên máy chủ (hoặc bạn không có "
                                "quyền với diễn đàn đó)."),
    "offline_other_forum": _l("Biên bản này thuộc một diễn đàn khác, không phải diễn đàn đang xem."),
    "offline_unknown_member": _l("Biên bản nhắc đến đảng viên không có trong danh sách chi bộ trên máy chủ; "
                                 "không nhận được. Hãy kiểm tra danh sách đảng viên của chi bộ."),
    "offline_bad_record": _l("Biên bản có dữ liệu không hợp lệ; không nhận được."),
    "offline_not_checkable": _l("Chỉ mang đi được diễn đàn đã công bố và chưa bắt đầu."),
    "offline_not_out": _l("Diễn đàn này không ở trên máy họp nào."),
    "offline_held_here": _l("Diễn đàn đã được tổ chức trên máy chủ trong lúc vắng mặt; không ghi đè bằng biên "
                            "bản từ máy họp."),
    "offline_already_here": _l("Diễn đàn này đã có trên máy và đã bắt đầu; không nhập đè gói mới."),
    "offline_not_imported": _l("Diễn đàn này không được nhập từ gói nên không có biên bản để gửi về."),
    "offline_expired": _l("Bản tải lên đã hết hạn; vui lòng tải biên bản lên lại."),
}
refusals.register(ERRORS)
