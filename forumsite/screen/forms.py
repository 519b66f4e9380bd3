"""What the chair's screen controls and the projector PC's pairing page post (see meeting/forms.py for
the convention: validators' messages are refusal codes)."""
from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import Length

from ..forms import Form, choices
from ..planning.models import OVERLAY_MESSAGE_MAX
from ..rules.screens import PAIRING_TYPED_MAX

OVERLAY_MODES = ("", "message", "blank")  # the session, a message over it, a blank screen


def _stripped(text: str | None) -> str:
    return (text or "").strip()


class OverlayForm(Form):
    """The button pressed names the mode; the theme is kept unless "light" or "dark" is chosen."""

    malformed = ("mode",)
    mode = SelectField(choices=choices([(m, m) for m in OVERLAY_MODES]), default="")
    message = StringField(default="", filters=[_stripped],
                          validators=[Length(max=OVERLAY_MESSAGE_MAX, message="text_too_long")])
    theme = StringField()


class PairForm(Form):
    """The code read off the console; a longer text is no code (the page says so, as for a wrong one)."""

    code = StringField(default="", validators=[Length(max=PAIRING_TYPED_MAX)])
