"""Configuration: defaults, then the environment, then (in tests) the mapping passed to create_app."""
from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
from pathlib import Path


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{instance / 'forumsite.db'}"
    # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants the driver spelled out.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _default_streams() -> int:
    """Live streams one process carries (beyond: screens poll). Streams hold no thread (one fan-out thread
    writes them), so the limit is the sockets the server can watch: poll() has none to speak of, while
    Windows' select() stops at 512 sockets — its streams, a polling screen past the cap for each, 64
    request threads and 200 browsers must fit there."""
    import select

    return 1000 if hasattr(select, "poll") else 120


def load(app, test_config: dict | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    secure = _flag("FORUMSITE_SECURE_COOKIES")
    redis_url = os.environ.get("REDIS_URL", "")
    app.config.from_mapping(
        SECRET_KEY=None,
        SQLALCHEMY_DATABASE_URI=None,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        REDIS_URL=redis_url,
        # Vietnamese first; English is the second catalogue.
        BABEL_DEFAULT_LOCALE=os.environ.get("FORUMSITE_LANGUAGE", "vi"),
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        LANGUAGES=("vi", "en"),
        # On a plain-HTTP intranet Secure cookies would break login: a switch, off by default.
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        # "Remember me" is a long-lived login: not sent on cross-site requests, and a month rather than a year.
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=dt.timedelta(days=30),
        WTF_CSRF_TIME_LIMIT=None,  # a forum lasts hours; the token lives as long as the session
        RATELIMIT_STORAGE_URI=redis_url or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_RATE_LIMIT="5 per minute",  # per address
        # Failed logins per account from browsers that never logged in to it; a browser that did (a signed
        # "known device" cookie) has its own counter, so strangers cannot lock the owner out (accounts/throttle.py).
        LOGIN_ACCOUNT_RATE_LIMIT="10 per 15 minutes",
        LOGIN_DEVICE_RATE_LIMIT="10 per 15 minutes",
        PAIR_RATE_LIMIT="10 per minute",  # codes typed at /p, per address: guessing a 6-character code is hopeless
        PHONE_RATE_LIMIT="10 per minute",  # a member's requests to speak, withdrawals and written proposals, together
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        IMPORT_MAX_ROWS=20000,
        # A previewed member list waits this long for its confirmation, then is deleted from instance/imports.
        IMPORT_PREVIEW_SECONDS=3600,
        DOCUMENT_MAX_BYTES=10 * 1024 * 1024,
        # Margins of exported Party documents, mm (top, bottom, left, right): HD 36's values are unverified
        # (document_format.md §4), so a setting; the default lies inside every range seen.
        DOCUMENT_MARGINS_MM=(20, 20, 30, 15),
        PASSWORD_METHOD="scrypt",
        PROXY_HOPS=int(os.environ.get("FORUMSITE_PROXY_HOPS", "0") or 0),
        # Live screens: streams one process holds at once (beyond that, screens poll).
        MAX_STREAMS=int(os.environ.get("FORUMSITE_MAX_STREAMS", "") or _default_streams()),
        # … and per client (a display link, an account): a browser holds six connections per host at most.
        STREAMS_PER_CLIENT=int(os.environ.get("FORUMSITE_STREAMS_PER_CLIENT", "6") or 6),
        # The address phones use to reach this server (QR code, display links); empty: the request's.
        PUBLIC_URL=os.environ.get("FORUMSITE_PUBLIC_URL", ""),
        # The province's key that signs forum packages and records (forumsite/offline): the same on the server
        # and on every meeting-room laptop; at least 16 characters.
        OFFLINE_SIGNING_KEY=os.environ.get("OFFLINE_SIGNING_KEY", ""),
        # This machine's name in the packages and records it writes (shown when a record comes back).
        OFFLINE_SOURCE_NAME=os.environ.get("FORUMSITE_MACHINE_NAME", "") or socket.gethostname(),
        # Outbound messages (notify/): "log" keeps them in the log; "smtp" sends e-mail; "module:Class" is a
        # province's own gateway (README: "Messages to members").
        NOTIFY_SENDER=os.environ.get("FORUMSITE_NOTIFY_SENDER", "log"),
        SMTP_HOST=os.environ.get("FORUMSITE_SMTP_HOST", "localhost"),
        SMTP_PORT=int(os.environ.get("FORUMSITE_SMTP_PORT", "587") or 587),
        SMTP_USER=os.environ.get("FORUMSITE_SMTP_USER", ""),
        SMTP_PASSWORD=os.environ.get("FORUMSITE_SMTP_PASSWORD", ""),
        SMTP_STARTTLS=os.environ.get("FORUMSITE_SMTP_STARTTLS", "1") not in ("0", "false", "no"),
        MAIL_FROM=os.environ.get("FORUMSITE_MAIL_FROM", "forumsite@localhost"),
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(instance)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite: one writer at a time; wait for the lock rather than fail at once.
        opts = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        opts.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = opts
