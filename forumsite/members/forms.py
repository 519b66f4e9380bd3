from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TelField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..clock import today_local
from ..forms import Form, VietDateField, choices
from .labels import FLAG_LABELS, GENDER_LABELS, ROLE_LABELS, STATUS_LABELS


def _stripped(value):
    return (value or "").strip()


class MemberForm(Form):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ và tên.")),
                                                        Length(max=120)])
    gender = SelectField(_l("Giới tính"), choices=choices([("", "—"), *GENDER_LABELS.items()]), validators=[Optional()])
    birth_year = IntegerField(_l("Năm sinh"), validators=[Optional(), NumberRange(1900, 2100)])
    joined_on = VietDateField(_l("Ngày vào Đảng"), validators=[Optional()])
    official_on = VietDateField(_l("Ngày chính thức"), validators=[Optional()])
    status = SelectField(_l("Trạng thái"), choices=choices(STATUS_LABELS))
    role = SelectField(_l("Vai trò trong chi bộ"), choices=choices(ROLE_LABELS), default="dang_vien")
    email = EmailField(_l("Thư điện tử"), filters=[_stripped],
                       validators=[Optional(), Length(max=254),
                                   Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                          message=_l("Địa chỉ thư điện tử không hợp lệ, ví dụ an@xa.gov.vn."))])
    phone = TelField(_l("Số điện thoại"), filters=[_stripped], validators=[Optional(), Length(max=20),
                                                        Regexp(r"^\+?[0-9 .]{8,19}$",
                                                               message=_l("Số điện thoại chỉ gồm chữ số, "
                                                                          "ví dụ 0912 345 678."))])
    exempt = BooleanField(FLAG_LABELS["exempt"])
    temp_in = BooleanField(FLAG_LABELS["temp_in"])
    temp_out = BooleanField(FLAG_LABELS["temp_out"])
    suspended = BooleanField(FLAG_LABELS["suspended"])

    def validate_official_on(self, field):
        if field.data and self.joined_on.data and field.data < self.joined_on.data:
            raise ValidationError(_l("Ngày chính thức không thể trước ngày vào Đảng."))
        if field.data and self.status.data == "du_bi":
            raise ValidationError(_l("Đảng viên dự bị chưa có ngày chính thức."))

    def validate_joined_on(self, field):
        if field.data and field.data > today_local():
            raise ValidationError(_l("Ngày vào Đảng không thể ở tương lai."))

    def validate_temp_out(self, field):
        if field.data and self.temp_in.data:
            raise ValidationError(_l("Không thể vừa sinh hoạt tạm thời đến vừa sinh hoạt tạm thời đi."))

    def validate_role(self, field):
        if field.data != "dang_vien" and self.status.data == "du_bi" and field.data in ("bi_thu", "pho_bi_thu",
                                                                                         "chi_uy_vien"):
            raise ValidationError(_l("Đảng viên dự bị không giữ chức vụ trong chi ủy."))


class TransferForm(Form):
    to_cell_id = SelectField(_l("Chuyển đến chi bộ"), coerce=int)
    transferred_on = VietDateField(_l("Ngày chuyển"), validators=[InputRequired(_l("Vui lòng nhập ngày chuyển."))])
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=300)])


class MemberRowForm(Form):
    """The inline edit of one row of the member list: the fields changed most often."""

    full_name = MemberForm.full_name
    status = MemberForm.status
    role = MemberForm.role
    validate_role = MemberForm.validate_role


class ImportForm(Form):
    pass


class ActionForm(Form):
    """A button that changes state (accept, decline, cancel a transfer): only the CSRF token."""
