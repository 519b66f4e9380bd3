"""Words of the home page (translatable)."""
from flask_babel import lazy_gettext as _l

# date.weekday(): Monday is 0.
WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ nhật"))
