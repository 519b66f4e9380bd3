"""The displays' refusals in the user's language."""
from flask_babel import lazy_gettext as _l

from .. import refusals

ERRORS = {
    "display_name": _l("Tên màn hình phải có từ 1 đến 60 ký tự."),
    "display_shows": _l("Hãy chọn nội dung hợp lệ cho màn hình."),
    "display_document": _l("Tài liệu này không hiển thị được trên màn hình (chỉ PDF, DOCX hoặc ODT của diễn đàn)."),
    "display_proposal": _l("Hãy chọn một ý kiến của diễn đàn."),
    "display_clause": _l("Hãy chọn một điều khoản của nghị quyết."),
    "display_message": _l("Vui lòng nhập thông báo (tối đa 500 ký tự)."),
    "display_not_document": _l("Màn hình này không đang chiếu tài liệu."),
    "display_revoked": _l("Màn hình này đã được ngắt."),
}
refusals.register(ERRORS)
