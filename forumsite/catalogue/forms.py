from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import Form, choices
from . import wording

CERTAINTY_ERRORS = {
    "no_text": _l("Chưa có nguyên văn thì mức độ phải là “chưa đối chiếu”."),
    "no_source": _l("Nguyên văn phải kèm ít nhất một nguồn."),
}


class ItemForm(Form):
    subject = StringField(_l("Chủ đề (diễn đạt tóm tắt)"), validators=[DataRequired(_l("Vui lòng nhập chủ đề.")),
                                                                        Length(max=300)])
    text = TextAreaField(_l("Nguyên văn"), validators=[Length(max=5000)])
    certainty = SelectField(_l("Mức độ chắc chắn của nguyên văn"),
                            choices=choices(wording.CERTAINTY_LABELS), default="unverified")
    source = StringField(_l("Văn bản gốc"), validators=[Length(max=2000)])
    sources = TextAreaField(_l("Nguồn trích dẫn"), validators=[Length(max=8000)])
    note = TextAreaField(_l("Ghi chú đối chiếu"), validators=[Length(max=4000)])

    def source_list(self) -> list[dict]:
        # Without the field in the request the item's own list is still there (filled from obj): keep it.
        if isinstance(self.sources.data, list):
            return wording.clean_sources(self.sources.data)
        return wording.sources_from_lines(self.sources.data or "")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problem = wording.certainty_problem(self.certainty.data, self.text.data or "", self.source_list())
        if problem:
            target = self.text if problem == "no_text" else self.sources
            target.errors = [*target.errors, CERTAINTY_ERRORS[problem]]
            return False
        return True


class ImportForm(Form):
    pass
