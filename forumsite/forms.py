"""The base form: CSRF from Flask-WTF, and Vietnamese for WTForms' own messages (it ships none)."""
from __future__ import annotations

import datetime as dt
import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from .vn import format_short_date, parse_date

# WTForms' built-in messages that can reach a user, in Vietnamese.
_VI = {
    "This field is required.": "Trường này là bắt buộc.",
    "Not a valid integer value.": "Giá trị phải là một số nguyên.",
    "Not a valid decimal value.": "Giá trị phải là một số.",
    "Not a valid float value.": "Giá trị phải là một số.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Lựa chọn không hợp lệ.",
    "Invalid input.": "Dữ liệu không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": "Giá trị không hợp lệ, phải là một trong: %(values)s.",
    "Field must be between %(min)d and %(max)d characters long.": "Độ dài phải từ %(min)d đến %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số không được lớn hơn %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải nằm trong khoảng %(min)s đến %(max)s.",
    "The CSRF token is missing.": "Thiếu mã bảo vệ biểu mẫu. Vui lòng tải lại trang và thử lại.",
    "The CSRF token is invalid.": "Mã bảo vệ biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.",
    "The CSRF token has expired.": "Mã bảo vệ biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại.",
    "The CSRF tokens do not match.": "Mã bảo vệ biểu mẫu không khớp. Vui lòng tải lại trang và thử lại.",
    "File does not have an approved extension: {extensions}": "Loại tệp không được chấp nhận: {extensions}",
}


class _Translations:
    def __init__(self, table: dict[str, str] | None):
        self.table = table or {}

    def gettext(self, text: str) -> str:
        return self.table.get(text, text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class _HiddenWithoutId(HiddenInput):
    """The CSRF token without an id: two forms on one page would both carry id="csrf_token" (invalid HTML)."""

    def __call__(self, field, **kwargs):
        kwargs["id"] = False  # WTForms leaves out an attribute whose value is False
        return super().__call__(field, **kwargs)


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Translations(_VI if str(get_locale() or "vi") == "vi" else None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = getattr(self, "csrf_token", None)
        if token is not None:
            token.widget = _HiddenWithoutId()


def choices(pairs) -> list[SelectChoice]:
    """Options for a SelectField from (value, label) pairs or a mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class VietDateField(Field):
    """A date typed the Vietnamese way (05/3/2026), not the browser's picker format."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_short_date(self.data) if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_date(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(_l("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/3/2026.")) from None


class TimeOfDayField(Field):
    """A time typed as people do: 7:30, 07:30, 7h30, 19h."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH.]\s*(\d{2})?\s*", valuelist[0])
        if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
            self.data = None
            raise ValueError(_l("Giờ không hợp lệ; hãy nhập dạng giờ:phút, ví dụ 07:30."))
        self.data = dt.time(int(match.group(1)), int(match.group(2) or 0))


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes (more usable than a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
