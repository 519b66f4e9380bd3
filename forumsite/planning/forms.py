from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import CheckboxListField, Form, IdListField, TimeOfDayField, VietDateField, choices
from .labels import APPROVER_LABELS, DOCUMENT_LABELS, GUEST_LABELS, MODE_LABELS, PART_LABELS


class PlanForm(Form):
    number = StringField(_l("Số, ký hiệu"), validators=[DataRequired(_l("Vui lòng nhập số, ký hiệu kế hoạch.")),
                                                          Length(max=40)])
    issued_on = VietDateField(_l("Ngày ban hành"), validators=[InputRequired(_l("Vui lòng nhập ngày ban hành."))])
    issuer = StringField(_l("Cơ quan ban hành"), validators=[DataRequired(_l("Vui lòng nhập cơ quan ban hành.")),
                                                            Length(max=200)])
    theme = TextAreaField(_l("Chủ đề diễn đàn"), validators=[DataRequired(_l("Vui lòng nhập chủ đề.")),
                                                            Length(max=2000)])
    pilot_from = VietDateField(_l("Chỉ đạo điểm từ"), validators=[Optional()])
    evaluation_by = VietDateField(_l("Đánh giá, rút kinh nghiệm xong trước"), validators=[Optional()])
    rollout_from = VietDateField(_l("Triển khai toàn Đảng bộ từ"), validators=[Optional()])
    min_forums = IntegerField(_l("Số diễn đàn tối thiểu mỗi chi bộ mỗi năm"), default=1,
                              validators=[DataRequired(_l("Vui lòng nhập số.")), NumberRange(1, 12)])
    max_forums = IntegerField(_l("Số diễn đàn tối đa mỗi chi bộ mỗi năm"), default=2,
                              validators=[DataRequired(_l("Vui lòng nhập số.")), NumberRange(1, 12)])
    pilot_per_type = BooleanField(_l("Mỗi loại hình tổ chức cơ sở đảng có ít nhất một chi bộ chỉ đạo điểm"),
                                  default=True)

    def validate_max_forums(self, field):
        if self.min_forums.data and field.data and field.data < self.min_forums.data:
            raise ValidationError(_l("Số tối đa không được nhỏ hơn số tối thiểu."))

    def validate_evaluation_by(self, field):
        if field.data and self.pilot_from.data and field.data < self.pilot_from.data:
            raise ValidationError(_l("Ngày đánh giá phải sau ngày bắt đầu chỉ đạo điểm."))

    def validate_rollout_from(self, field):
        if field.data and self.evaluation_by.data and field.data < self.evaluation_by.data:
            raise ValidationError(_l("Ngày triển khai phải sau ngày đánh giá chỉ đạo điểm."))


class ForumForm(Form):
    title = TextAreaField(_l("Tên diễn đàn"), validators=[DataRequired(_l("Vui lòng nhập tên diễn đàn.")),
                                                         Length(max=1000)])
    plan_id = SelectField(_l("Theo kế hoạch"), coerce=int)
    held_on = VietDateField(_l("Ngày tổ chức"), validators=[InputRequired(_l("Vui lòng nhập ngày tổ chức."))])
    starts_at = TimeOfDayField(_l("Giờ bắt đầu"), validators=[InputRequired(_l("Vui lòng nhập giờ bắt đầu."))])
    place = StringField(_l("Địa điểm"), validators=[Length(max=200)])
    mode = SelectField(_l("Hình thức"), choices=choices(MODE_LABELS))
    parts = CheckboxListField(_l("Nội dung của diễn đàn này"), choices=choices(PART_LABELS))
    secretary_id = SelectField(_l("Thư ký diễn đàn"), coerce=int)

    def validate_parts(self, field):
        if not field.data:
            raise ValidationError(_l("Chọn ít nhất một phần nội dung."))


class AgendaItemForm(Form):
    title = StringField(_l("Nội dung"), validators=[DataRequired(_l("Vui lòng nhập nội dung.")), Length(max=400)])
    planned_minutes = IntegerField(_l("Số phút"), default=10,
                                   validators=[DataRequired(_l("Vui lòng nhập số phút.")), NumberRange(1, 480)])
    presenter = StringField(_l("Người trình bày"), validators=[Length(max=200)])


class GuestForm(Form):
    name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ và tên.")), Length(max=120)])
    position = StringField(_l("Chức vụ"), validators=[Length(max=200)])
    organisation = StringField(_l("Đơn vị"), validators=[Length(max=200)])
    category = SelectField(_l("Thành phần"), choices=choices(GUEST_LABELS))


class DocumentForm(Form):
    kind = SelectField(_l("Loại tài liệu"), choices=choices(DOCUMENT_LABELS))
    title = StringField(_l("Tên tài liệu"), validators=[Length(max=200)])


class ApprovalForm(Form):
    by = SelectField(_l("Dự thảo được duyệt bởi"), choices=choices(APPROVER_LABELS))
    on = VietDateField(_l("Ngày duyệt"), validators=[InputRequired(_l("Vui lòng nhập ngày duyệt."))])
    note = StringField(_l("Ghi chú"), validators=[Length(max=300)])


class SecretaryForm(Form):
    """Change or withdraw the forum's secretary (0: nobody), at any status before the record is closed."""

    secretary_id = SelectField(_l("Thư ký diễn đàn"), coerce=int)


class ActionForm(Form):
    """A button that changes state: only the CSRF token."""


class MoveForm(Form):
    """One place up or down (the keyboard's way to reorder the agenda)."""

    direction = SelectField(choices=choices({"up": "up", "down": "down"}))

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class OrderForm(Form):
    """A new order from drag and drop: every item id once (the action checks that)."""

    item = IdListField()
