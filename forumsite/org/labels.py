"""What users read for the organisation kinds and roles (translatable)."""
from flask_babel import lazy_gettext as _l

ORG_KIND_LABELS = {
    "tinh_uy": _l("Tỉnh ủy"),
    "huyen_uy": _l("Huyện ủy"),
    "thi_uy": _l("Thị ủy"),
    "thanh_uy": _l("Thành ủy"),
    "dang_uy_truc_thuoc": _l("Đảng ủy trực thuộc"),
    "dang_bo_co_so": _l("Đảng bộ cơ sở"),
    "dang_bo_bo_phan": _l("Đảng bộ bộ phận"),
    "chi_bo_co_so": _l("Chi bộ cơ sở"),
    "chi_bo_truc_thuoc": _l("Chi bộ trực thuộc"),
}

COMMITTEE_WARNINGS = {
    "many_without_committee": _l(
        "Chi bộ có từ 9 đảng viên chính thức trở lên nhưng chưa ghi nhận chi ủy (Điều lệ Đảng, Điều 24 khoản 4)."),
    "few_with_committee": _l(
        "Chi bộ có dưới 9 đảng viên chính thức nhưng được ghi nhận có chi ủy (Điều lệ Đảng, Điều 24 khoản 4)."),
}
