from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import Form


class ItemForm(Form):
    subject = StringField(_l("Chủ đề (ngắn)"), validators=[DataRequired(_l("Vui lòng nhập chủ đề.")),
                                                            Length(max=300)])
    text = TextAreaField(_l("Nguyên văn"), validators=[Length(max=5000)])
    verified = BooleanField(_l("Đã đối chiếu với văn bản gốc"))
    source = TextAreaField(_l("Nguồn"), validators=[Length(max=2000)])


class ImportForm(Form):
    pass
