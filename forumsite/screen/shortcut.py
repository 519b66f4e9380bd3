"""The unchanged poll, answered before Flask: a screen polling every 2–3 s costs a dictionary lookup.

Two hundred screens polling past the stream cap ask a hundred times a second whether anything changed,
and almost always nothing did. screen.views.from_memory answers them without the database, but still
through Flask's whole request (its contexts, the session, the hooks, the log line). This WSGI
middleware answers them first — 204 with the headers the same answer carries through Flask — when
the caller (a display link, or the login session read from its signed cookie, no database) passed the
full checks within TRUST seconds and ?v= is the version the hub knows. Anything else goes to Flask.
The embedded server asks it even before a worker thread is woken (server.py).
"""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs

from flask.sessions import SecureCookieSessionInterface
from werkzeug.http import parse_cookie

_POLLS = (
    (re.compile(r"^/display/([^/]{1,64})/poll$"), "display"),
    (re.compile(r"^/forums/(\d{1,9})/follow/poll$"), "follow"),
    (re.compile(r"^/forums/(\d{1,9})/console/poll$"), "console"),
)
_DROP = {"set-cookie", "date", "content-length", "content-type"}
TRUST = 15.0  # seconds the full checks of a caller are trusted (screen.views.TRUST)


class PollShortcut:
    def __init__(self, app, wsgi_app) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.headers: list[tuple[str, str]] | None = None  # those of a 204 poll answered by Flask

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and self.headers is not None and self.unchanged(
                environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), environ.get("HTTP_COOKIE", "")):
            start_response("204 NO CONTENT", list(self.headers))
            return []
        if not environ.get("PATH_INFO", "").endswith("/poll"):
            return self.wsgi_app(environ, start_response)

        def remember(status, headers, exc_info=None):
            if status.startswith("204") and self.headers is None:
                self.headers = [(k, v) for k, v in headers if k.lower() not in _DROP]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, remember)

    def unchanged(self, path: str, query: str, cookie: str) -> bool:
        """Whether this GET may be answered 204 at once (the caller checked within TRUST seconds, ?v= the
        version the hub knows); False sends it to Flask, which decides."""
        if not path.endswith("/poll"):
            return False
        caller = self._caller(path, cookie)
        entry = self.app.extensions.get("forumsite_poll_trust", {}).get(caller) if caller else None
        if entry is None or time.monotonic() - entry[1] > TRUST:
            return False
        asked = parse_qs(query).get("v")
        hub = self.app.extensions.get("forumsite_hub")
        if not asked or hub is None:
            return False
        known = hub.version(entry[0])  # memory, or Redis: None sends the poll to Flask (and the database)
        return known is not None and asked[0] == str(known)

    def _caller(self, path: str, cookie: str) -> tuple | None:
        for pattern, kind in _POLLS:
            match = pattern.match(path)
            if match is None:
                continue
            if kind == "display":
                return (kind, match.group(1))
            user = self._session_user(cookie)
            return (kind, int(match.group(1)), user) if user else None
        return None

    def _session_user(self, cookie: str) -> str | None:
        """flask-login's id of the session ("user:nonce") from the signed cookie, as Flask would read it."""
        interface = self.app.session_interface
        if not cookie or type(interface) is not SecureCookieSessionInterface:
            return None
        value = parse_cookie(cookie).get(self.app.config["SESSION_COOKIE_NAME"])
        serializer = interface.get_signing_serializer(self.app) if value else None
        if serializer is None:
            return None
        try:
            data = serializer.loads(value, max_age=int(self.app.permanent_session_lifetime.total_seconds()))
        except Exception:  # a bad or expired signature: Flask will say so
            return None
        user = data.get("_user_id") if isinstance(data, dict) else None
        return user if isinstance(user, str) else None
