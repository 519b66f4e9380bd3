from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..forms import Form, choices
from .labels import ORG_KIND_LABELS


class OrganisationForm(Form):
    name = StringField(_l("Tên tổ chức"), validators=[DataRequired(_l("Vui lòng nhập tên tổ chức.")),
                                                     Length(max=200)])
    kind = SelectField(_l("Loại tổ chức"), choices=choices(ORG_KIND_LABELS))
    grassroots_type_id = SelectField(_l("Loại hình tổ chức cơ sở đảng"), coerce=int)
    parent_id = SelectField(_l("Trực thuộc"), coerce=int)
    is_pilot = BooleanField(_l("Chi bộ chỉ đạo điểm"))
    has_committee = BooleanField(_l("Có chi ủy"))


class GrassrootsTypeForm(Form):
    code = StringField(_l("Mã"), validators=[DataRequired(_l("Vui lòng nhập mã.")), Length(max=40),
                                             Regexp(r"^[a-z0-9_]+$", message=_l("Mã chỉ gồm chữ thường không dấu, "
                                                                                "chữ số và dấu gạch dưới."))])
    name = StringField(_l("Tên loại hình"), validators=[DataRequired(_l("Vui lòng nhập tên.")), Length(max=200)])
    rural = BooleanField(_l("Nông thôn (mời Mặt trận Tổ quốc và các đoàn thể)"))
    position = IntegerField(_l("Thứ tự"), validators=[Optional(), NumberRange(-1000, 100000)], default=0)
