"""The base form: CSRF from Flask-WTF, and Vietnamese for WTForms' own messages (it ships none)."""
from __future__ import annotations

import datetime as dt
import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectMultipleField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from . import refusals
from .vn import format_short_date, parse_date, whole_number
from .web import DB_INT_MAX

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
    """A date typed the Vietnamese way (05/3/2026), not the browser's picker format; empty is None.
    ``invalid`` is what an unreadable date says: a refusal code for ``validated`` forms (the default, words
    with an example, suits a page re-rendered with its errors)."""

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


# --- input read for an action (the console's and the areas' htmx posts) --------------------------------
# Their validators' messages are refusal codes (refusals.register gives them words): a form that does not
# validate is refused like an action that does not fit, with the same toast or flash (``validated``).

refusals.register({
    "bad_input": _l("Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra và thử lại."),
    "text_too_long": _l("Nội dung dài hơn mức ô này nhận. Vui lòng rút gọn rồi gửi lại."),
})


class WholeNumberField(Field):
    """A count typed in a form: ASCII digits only (vn.whole_number), from ``minimum`` to ``maximum``. A blank
    field is ``default`` when there is one, else the error ``message`` (a refusal code)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, minimum: int = 0, maximum: int = DB_INT_MAX,
                 message: str = "bad_number", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum, self.message = minimum, maximum, message

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist else ""
        if raw == "" and self.default is not None:
            self.data = self.default
            return
        number = whole_number(raw)
        self.data = number if number is not None and self.minimum <= number <= self.maximum else None

    def pre_validate(self, form):
        if self.data is None:
            raise StopValidation(self.message)


class IdField(Field):
    """One row's id (a select, a hidden field): a whole number the database holds, or None when absent or
    not one — the view then finds no row, and says so."""

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        self.data = whole_number(valuelist[0]) if valuelist else None


class IdListField(Field):
    """The checked rows' ids (a merge, a show of hands): each once, in the order sent, whole numbers the
    database holds (anything else is no row and is left out). More than ``max_count`` distinct ids is the error
    ``message``: a body repeating one id 50,000 times costs one id, not 50,000 lookups."""

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, max_count: int = 200, message: str = "too_many", **kwargs):
        kwargs.setdefault("default", list)  # an empty body (no form data at all) checks nothing
        super().__init__(label, validators, **kwargs)
        self.max_count, self.message = max_count, message

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(n for n in map(whole_number, valuelist) if n is not None))

    def _value(self):
        return ""

    def pre_validate(self, form):
        if len(self.data or ()) > self.max_count:
            raise StopValidation(self.message)


class FlagField(Field):
    """A yes/no sent as a hidden field or a checkbox: yes when the value is ``on``, the default when absent."""

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, on: str = "1", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.on = on

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = valuelist[0] == self.on


def validated(form):
    """``form`` once it validates; else the refusal its first error names (a registered code, 422 or 409).
    A field the page itself fills (``form.malformed``: an idempotency key, a button's value) is never wrong
    from the page: 400, with its code's words when it has one."""
    from werkzeug.exceptions import BadRequest

    if form.validate():
        return form
    name, errors = next((n, e) for n, e in form.errors.items() if e)
    code = str(errors[0])
    malformed = name in getattr(form, "malformed", ())
    if code not in refusals.MESSAGES:
        if malformed:
            raise BadRequest()
        code = "bad_input"
    raise refusals.Refusal(code, status=400 if malformed else None)


class StringListField(Field):
    """Every value sent under one name (the checked codes), in order, each once."""

    widget = HiddenInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(v for v in valuelist if v))

    def _value(self):
        return ""
