"""Login throttling that slows password guessing without letting anyone lock the owner out.

Three counters (Flask-Limiter, so in memory or in Redis alike):
- every login attempt per address (``LOGIN_RATE_LIMIT``);
- failed logins per account from browsers that never logged in to it (``LOGIN_ACCOUNT_RATE_LIMIT``): a guess
  spread over many addresses stops there;
- failed logins per account from one *known device* (``LOGIN_DEVICE_RATE_LIMIT``): a browser that logged in
  to the account before carries a signed cookie naming it, and is counted on its own, so the owner's browser
  still logs in while strangers exhaust the account-wide counter (the device-cookie scheme of OWASP's
  "Slow Down Online Guessing Attacks with Device Cookies")."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, g, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer

COOKIE = "known_device"
DEVICE_DAYS = 180
MAX_ACCOUNTS = 8  # accounts one browser is remembered for (a shared office computer)


def address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def device_limit() -> str:
    return current_app.config["LOGIN_DEVICE_RATE_LIMIT"]


def failed(response) -> bool:
    """Only failures count against the account: a successful login answers 303."""
    return response.status_code != 303


def submitted_username() -> str:
    return (request.form.get("username") or "").strip().lower()[:80]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="login-known-device")


def _tag(username: str) -> str:
    """The account as the cookie names it: a keyed hash, so that the cookie does not list who used the browser."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, username.encode(), hashlib.sha256).hexdigest()[:20]


def _devices() -> dict[str, str]:
    """Account tag -> this browser's device id, from the signed cookie (empty when absent, forged or expired)."""
    if "_known_devices" not in g:
        found: dict[str, str] = {}
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = _serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
            except BadData:
                data = None
            if isinstance(data, dict):
                found = {str(k): str(v) for k, v in data.items() if isinstance(v, str)}
        g._known_devices = found
    return g._known_devices


def known_device() -> str | None:
    """This browser's device id for the account being logged in to, if it logged in to it before."""
    username = submitted_username()
    return _devices().get(_tag(username)) if username else None


def is_unknown_device() -> bool:
    return known_device() is None


def is_known_device() -> bool:
    return known_device() is not None


def account_key() -> str:
    return "login-account:" + submitted_username()


def device_key() -> str:
    return f"login-device:{submitted_username()}:{known_device() or ''}"


def remember_device(response, username: str) -> None:
    """After a successful login: this browser becomes a known device of the account."""
    devices = dict(_devices())
    tag = _tag(username)
    device = devices.pop(tag, None) or secrets.token_urlsafe(12)
    devices[tag] = device  # the most recent last: the oldest account is forgotten first
    while len(devices) > MAX_ACCOUNTS:
        devices.pop(next(iter(devices)))
    response.set_cookie(COOKIE, _serializer().dumps(devices), max_age=DEVICE_DAYS * 86400,
                        path=url_for("accounts.login"), httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
