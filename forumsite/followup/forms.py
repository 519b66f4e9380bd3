"""What the follow-up's forms may send: one small form per POST, limits from models.LIMITS (the same numbers
as the columns and the templates' maxlength), a date or a count that cannot be read refused in this area's
words (messages.ERRORS)."""
from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from ..forms import Form, IdListField, StringListField, VietDateField, WholeNumberField, YesField
from .messages import ERRORS
from .models import LIMITS

BAD_DATE = ERRORS["bad_date"]


def _date(**kwargs) -> VietDateField:
    return VietDateField(invalid=BAD_DATE, **kwargs)


def _count() -> WholeNumberField:
    return WholeNumberField(invalid=ERRORS["bad_number"], needed=True)


class ClauseForm(Form):
    """A clause from the checked proposals: the text (else the proposals' own), owner, deadline."""

    selected = IdListField()
    text = TextAreaField(filters=[lambda v: (v or "").strip()], validators=[Length(max=LIMITS["clause"])])
    section = StringField(default="task")  # the action knows the sections (bad_section)
    owner = StringField(validators=[Length(max=LIMITS["owner"])])
    deadline = _date()
    good_model = YesField()


class RelatedForm(Form):
    code = StringListField()


class ReviewMeetingForm(Form):
    met_on = _date()
    attendees = StringField(validators=[Length(max=LIMITS["attendees"])])
    notes = TextAreaField(validators=[Length(max=LIMITS["notes"])])


class LockForm(Form):
    """Every step that locks a document: the confirmation box and the date (today when left empty)."""

    confirm = YesField()
    on = _date()


class AdoptionForm(LockForm):
    """The adopting vote: only the hands are typed (the eligible and present come from the record)."""

    votes_for = _count()
    against = _count()
    not_voting = _count()
    confirm_gap = YesField()


def _section_text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n")


class SectionForm(Form):
    """An autosave: the text and the version it was written on (a missing version is a bad request)."""

    text = TextAreaField(filters=[_section_text], validators=[Length(max=LIMITS["section"])])
    version = WholeNumberField()


class CorrectionForm(Form):
    text = TextAreaField(filters=[_section_text], validators=[Length(max=LIMITS["section"])])
    reason = StringField(validators=[Length(max=LIMITS["reason"])])


class TaskForm(Form):
    status = StringField()  # the action knows the statuses (task_bad_status); absent keeps the task's
    note = StringField(validators=[Length(max=LIMITS["task_note"])])


class AnswerForm(Form):
    """An answer to a recommendation (the reports inbox and the oversight inbox)."""

    text = TextAreaField(validators=[Length(max=LIMITS["answer"])])
    next = StringField()


def _stripped(value: str | None) -> str:
    return (value or "").strip()


class CellDocumentSettingsForm(Form):
    """The place name of the date line, and a new term; from a document's page, which document to return to."""

    place_name = StringField(filters=[_stripped], validators=[Length(max=LIMITS["place_name"])])
    term_start = _date()
    term_label = StringField(filters=[_stripped], validators=[Length(max=LIMITS["term_label"])])
    forum_id = WholeNumberField()
    kind = StringField()
