"""What the oversight pages' forms may send: publishing a good model (limits from models.LIMITS, the same
numbers as the column and the template's maxlength) and opening the press page. Answering a recommendation
is the follow-up's AnswerForm (followup/forms.py), shared with the reports inbox."""
from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from ..forms import Form
from . import messages  # noqa: F401  (the words of the codes below)
from .models import LIMITS


class PublishForm(Form):
    title = StringField(validators=[Length(max=LIMITS["title"], message="model_too_long")])
    description = TextAreaField(validators=[Length(max=LIMITS["description"], message="model_too_long")])


class PublicGalleryForm(Form):
    enabled = StringField()  # "1" opens the page; anything else closes it

    @property
    def opens(self) -> bool:
        return self.enabled.data == "1"
