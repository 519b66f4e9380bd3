"""The base form: CSRF from Flask-WTF, Vietnamese for WTForms' own messages (it ships none), the fields the
areas share (dates, times, whole numbers, id lists, a "y" checkbox) and the refusal of invalid input."""
from __future__ import annotations

import datetime as dt
import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from . import refusals
from .vn import format_short_date, parse_date, whole_number

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


# A form that is not valid is refused like an action: 422 (the toast) for htmx, a flash and a 303 otherwise,
# in the words of the field's validator.
refusals.register({"invalid_input": _l("Dữ liệu chưa hợp lệ.")})


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Translations(_VI if str(get_locale() or "vi") == "vi" else None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = getattr(self, "csrf_token", None)
        if token is not None:
            token.widget = _HiddenWithoutId()

    def first_error(self) -> str | None:
        """The first message of the first field in error (fields in their declared order)."""
        for field in self:
            if field.errors:
                return str(field.errors[0])
        return None

    def refuse_unless_valid(self, back: str | None = None) -> None:
        """For the forms whose page is not re-rendered with its errors (a button row, an autosave, a
        composer on a long page): invalid input becomes the one refusal (forumsite.refusals)."""
        if not self.validate():
            raise refusals.Refusal("invalid_input", detail=self.first_error(), back=back)


def choices(pairs) -> list[SelectChoice]:
    """Options for a SelectField from (value, label) pairs or a mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class VietDateField(Field):
    """A date typed the Vietnamese way (05/3/2026), not the browser's picker format; empty is None.
    ``invalid`` words the refusal of a date that cannot be read (the default gives an example)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid or _l("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/3/2026.")

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
            raise ValueError(self.invalid) from None


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


class WholeNumberField(Field):
    """A count or an id as typed (ASCII digits, no larger than the database holds: vn.whole_number);
    ``invalid`` words the refusal; empty is None unless ``needed``."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, invalid=None, needed: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid or _l("Vui lòng nhập số nguyên không âm.")
        self.needed = needed
        self._unreadable = False

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = whole_number(raw)
        self._unreadable = bool(raw) and self.data is None

    def pre_validate(self, form):
        # Here rather than in process_formdata: a form posted empty is not processed at all.
        if self._unreadable or (self.needed and self.data is None):
            raise ValidationError(self.invalid)


class IdListField(Field):
    """The ids of the checked boxes sharing one name (``selected``): what is not an id is left out, as a
    box the page never drew would be."""

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist):
        self.data = [n for n in map(whole_number, valuelist) if n is not None]

    def _value(self):
        return ""


class StringListField(Field):
    """Every value sent under one name (the checked codes), in order, without repeats."""

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(v for v in valuelist if v))

    def _value(self):
        return ""


class YesField(BooleanField):
    """A checkbox sent as "y": checked only then (another value is not a yes)."""

    def process_formdata(self, valuelist):
        self.data = bool(valuelist) and valuelist[0] == "y"
