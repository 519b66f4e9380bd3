"""What users read for member statuses, roles and flags (translatable)."""
from flask_babel import lazy_gettext as _l

from .. import refusals

MEMBER_STATUS_LABELS = {"chinh_thuc": _l("Chính thức"), "du_bi": _l("Dự bị")}

ROLE_LABELS = {
    "bi_thu": _l("Bí thư"),
    "pho_bi_thu": _l("Phó Bí thư"),
    "chi_uy_vien": _l("Chi ủy viên"),
    "to_truong": _l("Tổ trưởng tổ đảng"),
    "dang_vien": _l("Đảng viên"),
}

GENDER_LABELS = {"nam": _l("Nam"), "nu": _l("Nữ")}

FLAG_LABELS = {
    "exempt": _l("Miễn công tác và sinh hoạt đảng"),
    "temp_in": _l("Sinh hoạt tạm thời đến"),
    "temp_out": _l("Sinh hoạt tạm thời đi"),
    "suspended": _l("Đình chỉ sinh hoạt"),
}

TRANSFER_STATUS_LABELS = {
    "pending": _l("Chờ tiếp nhận"),
    "accepted": _l("Đã tiếp nhận"),
    "declined": _l("Bị từ chối"),
    "cancelled": _l("Đã hủy"),
}

TRANSFER_ERRORS = {
    "not_pending": _l("Đề nghị chuyển sinh hoạt này đã được xử lý."),
    "stale": _l("Đảng viên không còn sinh hoạt tại chi bộ đã gửi đề nghị; đề nghị không còn hiệu lực."),
    "already_pending": _l("Đã có một đề nghị chuyển sinh hoạt đang chờ tiếp nhận."),
    "bad_cell": _l("Vui lòng chọn chi bộ chuyển đến."),
}
refusals.register(TRANSFER_ERRORS)
