"""What the chair's screen controls and the projector PC's pairing page post (see meeting/forms.py for
the convention: validators' messages are refusal codes)."""
from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import Length

from ..forms import Form, IdField, WholeNumberField, choices
from ..planning.models import OVERLAY_MESSAGE_MAX
from ..rules.screens import PAIRING_TYPED_MAX
from .models import DISPLAY_MESSAGE_MAX, DISPLAY_NAME_MAX

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


# --- the room's displays (screen/display_views.py) ----------------------------------------------------

def _squeezed(text: str | None) -> str:
    return " ".join((text or "").split())


class RenameForm(Form):
    name = StringField(default="", filters=[_squeezed],
                       validators=[Length(max=DISPLAY_NAME_MAX, message="display_name")])


class ShowForm(Form):
    """``shows``: "session", or a kind and an id ("document:12", "proposal:7"); a message for "message"."""

    shows = StringField(default="")
    message = StringField(default="", filters=[_stripped],
                          validators=[Length(max=DISPLAY_MESSAGE_MAX, message="display_message")])

    def chosen(self) -> tuple[str, int | None]:
        """The kind and the id (None when there is none, or it is no whole number the database holds)."""
        from ..vn import whole_number

        shows, _, ident = (self.shows.data or "").partition(":")
        return shows, whole_number(ident)


class PageForm(Form):
    """Trang trước / Trang sau: the button carries the page (0 from "before the first": kept at 1)."""

    malformed = ("page",)
    page = WholeNumberField()


class IdentifyForm(Form):
    """One display (its id), or every connected one."""

    display = IdField()
