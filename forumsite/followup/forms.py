"""What the follow-up's forms may send: one small form per POST, limits from models.LIMITS (the same numbers
as the columns and the templates' maxlength). Validators' messages are refusal codes (forms.validated): a
date or a count that cannot be read is refused in this area's words (messages.ERRORS)."""
from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from ..forms import FlagField, Form, IdField, IdListField, StringListField, VietDateField, WholeNumberField
from . import messages  # noqa: F401  (the words of the codes below)
from .models import LIMITS


def _date() -> VietDateField:
    return VietDateField(invalid="bad_date")


def _count() -> WholeNumberField:
    return WholeNumberField(message="bad_number")


def _length(name: str) -> Length:
    return Length(max=LIMITS[name], message="text_too_long")


class ClauseForm(Form):
    """A clause from the checked proposals: the text (else the proposals' own), owner, deadline."""

    selected = IdListField()
    text = TextAreaField(filters=[lambda v: (v or "").strip()], validators=[_length("clause")])
    section = StringField(default="task")  # the action knows the sections (bad_section)
    owner = StringField(validators=[_length("owner")])
    deadline = _date()
    good_model = FlagField(on="y", default=False)


class RelatedForm(Form):
    code = StringListField()


class ReviewMeetingForm(Form):
    met_on = _date()
    attendees = StringField(validators=[_length("attendees")])
    notes = TextAreaField(validators=[_length("notes")])


class LockForm(Form):
    """Every step that locks a document: the confirmation box and the date (today when left empty)."""

    confirm = FlagField(on="y", default=False)
    on = _date()


class AdoptionForm(LockForm):
    """The adopting vote: only the hands are typed (the eligible and present come from the record)."""

    votes_for = _count()
    against = _count()
    not_voting = _count()
    confirm_gap = FlagField(on="y", default=False)


def _section_text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n")


class SectionForm(Form):
    """An autosave: the text and the version it was written on (a missing version is a bad request)."""

    text = TextAreaField(filters=[_section_text], validators=[_length("section")])
    version = IdField()


class CorrectionForm(Form):
    text = TextAreaField(filters=[_section_text], validators=[_length("section")])
    reason = StringField(validators=[_length("reason")])


class TaskForm(Form):
    status = StringField()  # the action knows the statuses (task_bad_status); absent keeps the task's
    note = StringField(validators=[_length("task_note")])


class AnswerForm(Form):
    """An answer to a recommendation (the reports inbox and the oversight inbox)."""

    text = TextAreaField(validators=[_length("answer")])
    next = StringField()


def _stripped(value: str | None) -> str:
    return (value or "").strip()


class CellDocumentSettingsForm(Form):
    """The place name of the date line, and a new term (the organisation's page; the document's page sends
    the place name alone)."""

    place_name = StringField(filters=[_stripped], validators=[_length("place_name")])
    term_start = _date()
    term_label = StringField(filters=[_stripped], validators=[_length("term_label")])


class DocumentReturnForm(Form):
    """Sent with a form posted from a document's page: which document to return to."""

    forum_id = IdField()
    kind = StringField()
