"""What a display shows, in words (the console's chooser and list)."""
from flask_babel import lazy_gettext as _l

SHOW_LABELS = {
    "session": _l("Phiên họp"),
    "document": _l("Tài liệu"),
    "proposal": _l("Một ý kiến"),
    "clause": _l("Một điều khoản"),
    "selection": _l("Danh sách chủ trì đã chọn"),
    "conclusion": _l("Kết luận của chủ trì"),
    "message": _l("Thông báo"),
    "blank": _l("Màn hình trống"),
}
