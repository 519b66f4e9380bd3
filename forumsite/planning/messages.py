"""Planning's refusals in the user's language, registered with the one refusal (forumsite.refusals)."""
from flask_babel import lazy_gettext as _l

from .. import refusals

ERRORS = {
    # Publishing, withdrawing or deleting a forum that meanwhile moved on (opened, published by another chair).
    "forum_moved": _l("Diễn đàn đã chuyển sang bước khác nên không làm được thao tác này. Vui lòng tải lại trang."),
}
refusals.register(ERRORS)
