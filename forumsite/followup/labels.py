"""What the screens say about who acts after the forum, by decision path (rules/decision.py; translatable)."""
from flask_babel import lazy_gettext as _l

from ..rules.decision import CELL_AT_FORUM, COMMITTEE

# The cell's documents as the interface names them (the printed document names itself: rules/documents.py).
DOCUMENT_KIND_LABELS = {"NQ": _l("Nghị quyết chuyên đề"), "BB": _l("Biên bản"), "BC": _l("Báo cáo")}

WHO = {
    COMMITTEE: {
        "review_title": _l("Họp chi ủy sau diễn đàn"),
        "review_crumb": _l("Họp chi ủy"),
        "review_button": _l("Họp chi ủy: đánh giá, chọn giải pháp, dự thảo nghị quyết"),
        "concluded": _l("Đã kết thúc diễn đàn. Bước tiếp theo: chi ủy họp đánh giá, chọn giải pháp, mô hình hay và "
                        "dự thảo nghị quyết chuyên đề."),
    },
    CELL_AT_FORUM: {
        "review_title": _l("Nghị quyết chi bộ đã biểu quyết tại diễn đàn"),
        "review_crumb": _l("Sau diễn đàn"),
        "review_button": _l("Bí thư chi bộ: viết nghị quyết từ những nội dung chi bộ đã biểu quyết"),
        "concluded": _l("Đã kết thúc diễn đàn. Bước tiếp theo: bí thư chi bộ viết nghị quyết chuyên đề từ các nhiệm "
                        "vụ, giải pháp chi bộ đã biểu quyết thông qua tại diễn đàn."),
    },
}


def who(cell) -> dict:
    """The words for who acts in ``cell``: templates call it as ``who(forum.cell).review_title``."""
    return WHO[cell.decision_path]
