from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp, ValidationError

from ..forms import Form
from . import passwords

PASSWORD_MESSAGES = {
    "too_short": _l("Mật khẩu cần ít nhất %(n)d ký tự.", n=passwords.MIN_LENGTH),
    "only_digits": _l("Mật khẩu không được chỉ gồm chữ số."),
    "common": _l("Mật khẩu quá phổ biến, dễ bị đoán."),
    "contains_username": _l("Mật khẩu không được chứa tên đăng nhập."),
    "repetitive": _l("Mật khẩu lặp lại quá nhiều ký tự giống nhau."),
}


def check_password_rules(form, field):
    username = getattr(form, "username", None)
    for code in passwords.problems(field.data or "", username.data if username else getattr(form, "_username", "")):
        raise ValidationError(PASSWORD_MESSAGES[code])


class LoginForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Vui lòng nhập tên đăng nhập.")),
                                                           Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                         Length(max=200)])
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên máy này"))
    next = HiddenField()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu hiện tại."))])
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu mới.")),
                                                             Length(max=200), check_password_rules])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"),
                            validators=[EqualTo("password", _l("Hai mật khẩu không khớp."))])


class UserForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[
        DataRequired(_l("Vui lòng nhập tên đăng nhập.")), Length(min=3, max=40),
        Regexp(r"^[a-z0-9._-]+$", message=_l("Chỉ dùng chữ thường không dấu, chữ số, dấu chấm, gạch ngang."))])
    display_name = StringField(_l("Họ và tên hiển thị"), validators=[Optional(), Length(max=120)])
    password = PasswordField(_l("Mật khẩu"), validators=[Optional(), Length(max=200), check_password_rules])
    member_id = IntegerField(_l("Mã đảng viên liên kết"), validators=[Optional(), NumberRange(0, 2**31 - 1)])
    oversight_org_id = SelectField(_l("Quyền theo dõi (đơn vị)"), coerce=int, validate_choice=True)
    is_admin = BooleanField(_l("Quản trị viên"))
    active = BooleanField(_l("Đang hoạt động"), default=True)
