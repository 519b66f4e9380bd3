"""Refusals and labels of the oversight pages, in the user's language."""
from flask_babel import lazy_gettext as _l

from .. import refusals

ERRORS = {
    "not_a_model": _l("Nội dung này chưa được chi ủy đánh dấu là mô hình hay."),
    "model_empty": _l("Vui lòng nhập tên và mô tả mô hình."),
    "model_too_long": _l("Tên tối đa 200 ký tự, mô tả tối đa 4.000 ký tự."),
}
refusals.register(ERRORS)

STAGE_LABELS = {
    "before": _l("Chưa đến thời gian chỉ đạo điểm"),
    "pilot": _l("Đang chỉ đạo điểm"),
    "evaluation": _l("Đánh giá, rút kinh nghiệm chỉ đạo điểm"),
    "rollout": _l("Triển khai toàn đảng bộ"),
}

BEHIND_LABELS = {
    "pilot_missing": _l("Thiếu chi bộ chỉ đạo điểm cho loại hình"),
    "pilot_not_held": _l("Chi bộ điểm chưa tổ chức diễn đàn"),
    "cells_below": _l("Có chi bộ chưa đủ số diễn đàn theo kế hoạch"),
}
