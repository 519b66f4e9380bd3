"""The unchanged poll, answered before Flask: a screen polling every 2–3 s costs a dictionary lookup.

Two hundred screens polling past the stream cap ask a hundred times a second whether anything changed,
and almost always nothing did. screen.views.from_memory answers them without the database, but still
through Flask's whole request (its contexts, the session, the hooks, the log line). This WSGI
middleware answers them first — 204 with the headers the same answer carries through Flask — when
the caller (a display link, or the login session read from its signed cookie, no database) passed the
full checks within TRUST seconds and ?v= is the version the hub knows; and, when the version changed,
with the regions another poll rendered for it (one rendering per change however many screens poll).
Anything else goes to Flask.
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
AUDIENCE = {"display": "projector", "follow": "phone"}  # the console's poll answers only its version
_DROP = {"set-cookie", "date", "content-length"}
TRUST = 15.0  # seconds the full checks of a caller are trusted (as long as a stream between heartbeats)
CONTENT_TRUST = 5.0  # … to be sent a change by login (as long as a phone's stream before a change)


def memory_answer(app, caller: tuple | None, asked: str | None) -> str | None:
    """The answer to a poll without the database: "" (204) when ``caller`` was checked in the last TRUST
    seconds and ``asked`` is the version the hub knows; the screen's regions when they changed and a poll
    rendered them already for this version (a login checked in the last CONTENT_TRUST seconds, a display
    link still the forum's); None: go the whole way (Flask, the rights, the database)."""
    from .stream import poll_answer, rendered_regions

    entry = app.extensions.get("forumsite_poll_trust", {}).get(caller) if caller is not None else None
    now = time.monotonic()
    if entry is None or now - entry[1] > TRUST or not asked:
        return None
    forum_id, checked, locale = entry
    hub = app.extensions.get("forumsite_hub")
    known = hub.version(forum_id) if hub is not None else None  # memory, or Redis; None: the database
    if known is None:
        return None
    if asked == str(known):
        return ""
    audience = AUDIENCE.get(caller[0])
    if audience is None or (caller[0] != "display" and now - checked > CONTENT_TRUST):
        return None
    shared = rendered_regions(app, forum_id, audience, known, locale)
    if shared is None or (caller[0] == "display" and shared.token != caller[1]):
        return None
    return poll_answer(shared)


class PollShortcut:
    def __init__(self, app, wsgi_app) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        # The headers Flask gives a 204 poll, and a 200 screen poll: the same on the answers given here.
        self.headers: dict[str, list[tuple[str, str]]] = {}

    def answer(self, path: str, query: str, cookie: str) -> tuple[str, bytes, list] | None:
        """(status, body, headers) for this GET of a poll when memory has the answer, else None."""
        if not path.endswith("/poll"):
            return None
        caller = self._caller(path, cookie)
        text = memory_answer(self.app, caller, (parse_qs(query).get("v") or [None])[0]) if caller else None
        if text is None:
            return None
        status = "204 No Content" if text == "" else "200 OK"
        headers = self.headers.get(status[:3])
        return None if headers is None else (status, text.encode(), headers)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        found = self.answer(path, environ.get("QUERY_STRING", ""), environ.get("HTTP_COOKIE", "")) \
            if environ.get("REQUEST_METHOD") == "GET" else None
        if found is not None:
            status, body, headers = found
            start_response(status, headers + ([("Content-Length", str(len(body)))] if body else []))
            return [body] if body else []
        if not path.endswith("/poll"):
            return self.wsgi_app(environ, start_response)

        def remember(status, headers, exc_info=None):
            code = status[:3]
            if code not in self.headers and (code == "204" or (code == "200" and "/console/" not in path)):
                self.headers[code] = [(k, v) for k, v in headers if k.lower() not in _DROP]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, remember)

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
