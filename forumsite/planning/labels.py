"""What users read for the planning codes (translatable)."""
from flask_babel import lazy_gettext as _l

FORUM_STATUS_LABELS = {
    "draft": _l("Dự thảo"),
    "published": _l("Đã công bố"),
    "in_session": _l("Đang diễn ra"),
    "concluded": _l("Đã kết thúc"),
    "in_review": _l("Chi ủy đang xem xét"),
    "resolution_adopted": _l("Đã thông qua nghị quyết"),
    "closed": _l("Đã hoàn tất"),
}

# The cell without a chi ủy decided at the forum: after it, the chair writes up the resolution.
IN_REVIEW_AT_FORUM = _l("Bí thư chi bộ đang hoàn thiện nghị quyết")

MODE_LABELS = {
    "standalone": _l("Tổ chức riêng"),
    "monthly": _l("Lồng ghép sinh hoạt chi bộ định kỳ"),
}

PART_LABELS = {
    "de_dan": _l("Báo cáo đề dẫn"),
    "boi_canh": _l("Bối cảnh, tình hình"),
    "nhiem_vu": _l("10 nhiệm vụ trọng tâm"),
    "bieu_hien": _l("27 biểu hiện suy thoái"),
    "thao_luan": _l("Thảo luận, liên hệ, nguyên nhân"),
    "giai_phap": _l("Giải pháp, mô hình hay, kiến nghị"),
}

GUEST_LABELS = {
    "upper_committee": _l("Đại biểu cấp ủy cấp trên"),
    "fatherland_front": _l("Ủy ban Mặt trận Tổ quốc cấp cơ sở"),
    "mass_organisation": _l("Đoàn thể chính trị - xã hội cấp cơ sở"),
    "propaganda_dept": _l("Ban Tuyên giáo Tỉnh ủy"),
    "organisation_dept": _l("Ban Tổ chức Tỉnh ủy"),
    "other": _l("Khách mời khác"),
}

DOCUMENT_LABELS = {"de_dan": _l("Báo cáo đề dẫn"), "khac": _l("Tài liệu khác")}

APPROVER_LABELS = {"chi_uy": _l("Chi ủy"), "bi_thu": _l("Bí thư chi bộ")}
