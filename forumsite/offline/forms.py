from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length

from ..forms import Form


class CheckoutForm(Form):
    destination = StringField(
        _l("Mang đến (máy, nơi họp)"),
        validators=[Length(max=300, message=_l("Nơi mang đến dài quá 300 ký tự."))],
        description=_l("Ví dụ: máy tính xách tay của chi bộ, nhà văn hóa thôn."))
