"""What the console's and the phone's posts carry, read once here (the views call ``validated``).

Field names are the ones the pages and static/js/console.js send. The validators' messages are refusal codes
(messages.ERRORS gives them words): bad input is refused like an action that does not fit. Buttons that carry
no field have no form: the app's CSRF protection checks their token."""
from __future__ import annotations

import re

from wtforms import Field, StringField
from wtforms.validators import Length, Regexp

from ..forms import FlagField, Form, IdField, IdListField, WholeNumberField
from ..rules.voting import COUNT_ALL
from .models import (
    CODES_MAX,
    CONCLUSION_MAX,
    CORRECTION_MAX,
    DECLINE_REASON_MAX,
    NAME_MAX,
    NOTE_MAX,
    REASON_MAX,
    SELECTED_MAX,
    SUBJECT_MAX,
    SUBMISSION_MAX,
    SUBMISSION_MAX_CODES,
    TEXT_MAX,
)

TOO_LONG = "text_too_long"
_CODE = re.compile(r"[A-Za-z]{2}\d{1,2}")


def _squeeze(text: str | None) -> str:
    """A typed name as it is kept: single spaces, none at the ends."""
    return " ".join((text or "").split())


def _stripped(text: str | None) -> str:
    return (text or "").strip()


class OpenForm(Form):
    """Opening the forum: the checks the chair confirmed, by code ("early past_date")."""

    confirm = StringField(default="")

    def confirmed(self) -> set[str]:
        return set((self.confirm.data or "").split())


class StepForm(Form):
    done = FlagField(default=True)


class AttendanceForm(Form):
    status = StringField(default="")  # the action knows the statuses (and "unmarked")
    reason = StringField(default="", validators=[Length(max=REASON_MAX, message=TOO_LONG)])


class GuestPresenceForm(Form):
    present = FlagField(default=False)


class SpeakerForm(Form):
    """A typed name; ``who`` ("m12", "g3") when it was picked from the console's list (names.js)."""

    name = StringField(default="", filters=[_squeeze], validators=[Length(max=NAME_MAX, message=TOO_LONG)])
    who = StringField(default="")


class NextSpeakerForm(Form):
    """``expected``: who the operator saw first in the queue when pressing (another operator may have
    changed it since)."""

    expected = IdField()


class NoteForm(Form):
    note = StringField(default="", validators=[Length(max=NOTE_MAX, message=TOO_LONG)])
    codes = StringField(default="", validators=[Length(max=CODES_MAX, message=TOO_LONG)])

    def typed_codes(self) -> list[str]:
        """The codes as typed ("bh5 nv3" → BH5, NV3); the view keeps those the catalogue knows."""
        return _CODE.findall((self.codes.data or "").upper())


class LimitForm(Form):
    minutes = WholeNumberField(minimum=1, maximum=60)


class CaptureForm(Form):
    """One captured line; ``key`` is the browser's idempotency key, kept until the server acknowledges it."""

    malformed = ("key",)
    key = StringField(default="", filters=[_stripped],
                      validators=[Regexp(r"^[A-Za-z0-9-]{8,64}\Z", message="empty")])
    text = StringField(default="", validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    kind = StringField(default="khac")
    who = StringField(default="")  # the person an "@name:" line names, when picked from the list


class ProposalForm(Form):
    text = StringField(default="", validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    kind = StringField()  # absent: the proposal's own kind (the view passes it)


class SelectionForm(Form):
    """The checked proposals (a merge)."""

    selected = IdListField(max_count=SELECTED_MAX)


class TallyForm(SelectionForm):
    """A new show of hands: about the checked proposals, or a typed subject."""

    subject_kind = StringField(default="other")
    subject = StringField(default="", filters=[_stripped], validators=[Length(max=SUBJECT_MAX, message=TOO_LONG)])
    method = StringField(default=COUNT_ALL)  # the action knows the methods


class CountForm(Form):
    """The count at the end of a show of hands; blank "against" and "not voting" are 0."""

    votes_for = WholeNumberField()
    against = WholeNumberField(default=0)
    not_voting = WholeNumberField(default=0)
    confirm_gap = FlagField(default=False, on="y")


class CorrectionForm(Form):
    reason = StringField(default="", validators=[Length(max=CORRECTION_MAX, message=TOO_LONG)])


class ReservationForm(Form):
    member_id = IdField()
    text = StringField(default="", validators=[Length(max=TEXT_MAX, message=TOO_LONG)])


class ConclusionForm(Form):
    text = StringField(default="", validators=[Length(max=CONCLUSION_MAX, message=TOO_LONG)])


# --- written proposals from the phones (meeting/submission_views.py) ---------------------------------

class CodeListField(Field):
    """Catalogue codes ticked (one value each) or typed ("BH3 nv2"): each once, in capitals, the first
    ``max_count`` kept (a phone shows no more boxes than that); the view keeps those the catalogue knows."""

    def __init__(self, label=None, validators=None, max_count: int = SUBMISSION_MAX_CODES, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(label, validators, **kwargs)
        self.max_count = max_count

    def process_formdata(self, valuelist):
        found = dict.fromkeys(_CODE.findall(" ".join(valuelist).upper()))
        self.data = [code for code, _ in zip(found, range(self.max_count), strict=False)]


class WrittenForm(Form):
    text = StringField(default="", filters=[_stripped],
                       validators=[Length(max=SUBMISSION_MAX, message="submission_too_long")])
    kind = StringField(default="")  # the action knows the kinds
    codes = CodeListField()


class MergeSubmissionForm(Form):
    into = IdField()


class DeclineForm(Form):
    reason = StringField(default="", filters=[_stripped],
                         validators=[Length(max=DECLINE_REASON_MAX, message=TOO_LONG)])
