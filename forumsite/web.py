"""Request guards (bounded numbers, no NUL, no control characters, forms only) and security headers on every
response: a strict CSP (no inline script, no eval) and friends."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import UnsupportedMediaType
from werkzeug.routing import IntegerConverter

from .safe_text import strip_controls

# The largest id or count the databases hold (a 32-bit INTEGER on PostgreSQL): a larger number in a URL,
# a query or a form is no row at all, never a database error.
DB_INT_MAX = 2**31 - 1


def db_int(value: str) -> int:
    """``type=`` for request.args/form.get: a whole number the database can hold, else ValueError (→ default)."""
    number = int(value)
    if not -DB_INT_MAX - 1 <= number <= DB_INT_MAX:
        raise ValueError(value)
    return number


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in URLs: no match (404) above what the database holds."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


class CleanParameters(ImmutableMultiDict):
    """Query and form values without the control characters pasted text carries (TAB and line breaks kept):
    no exported document can then be broken by them (safe_text). Uploaded files are left as they are."""

    def __init__(self, mapping=None):
        super().__init__(mapping)
        for values in dict.values(self):
            values[:] = [strip_controls(v) if isinstance(v, str) else v for v in values]


class JsonRefused(UnsupportedMediaType):
    vi_message = _l("Máy chủ chỉ nhận dữ liệu gửi từ biểu mẫu của trang.")


def register_converters(app: Flask) -> None:
    """Before any route is added: rules bind their converters when they are added."""
    app.url_map.converters["int"] = BoundedIntConverter

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def register(app: Flask) -> None:
    # On top of the request class extensions set (htmx's adds request.htmx).
    app.request_class = type("CleanRequest", (app.request_class,), {"parameter_storage_class": CleanParameters})

    @app.before_request
    def _no_nul():
        """A NUL character is in no Vietnamese text, and PostgreSQL refuses it in a string: a 400, not a 500."""
        from flask import abort, request

        fields = list(request.args.lists())
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            # Flask-WTF would read a JSON body in place of the form, past this guard and the cleaning above,
            # and with values of any type; the pages only ever send forms.
            if request.is_json:
                raise JsonRefused()
            fields += list(request.form.lists())
        if any("\x00" in value for _name, values in fields for value in values):
            abort(400)

    @app.after_request
    def _headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            h.setdefault("Strict-Transport-Security", "max-age=31536000")
        # One URL may answer with a page or with a fragment for htmx: caches must keep them apart.
        h.add("Vary", "HX-Request")
        return response
