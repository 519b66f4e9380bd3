"""forumsite: the intranet Party cells use to plan, run and follow up their forum."""
from __future__ import annotations

import logging
import os
import time

from flask import Flask, g, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import config
from .extensions import babel, csrf, db, htmx, limiter, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory (flaskr style): configure, bind extensions, register the areas."""
    from . import assets

    root = assets.root()  # the checkout, or the copy an installed wheel carries
    # FORUMSITE_INSTANCE: the laptop's command puts the database and the key in a per-user folder.
    instance = os.environ.get("FORUMSITE_INSTANCE") or None
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.path.abspath(instance) if instance else None,
                template_folder=str(root / "templates"), static_folder=str(root / "static"))
    config.load(app, test_config)
    from .web import register_converters

    register_converters(app)
    if app.config["PROXY_HOPS"]:
        # Behind the compose proxy: client addresses (login throttling, audit) come from X-Forwarded-For.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(root / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(root / "translations"))
    _init_login(app)

    from . import (
        accounts,
        audit,
        catalogue,
        core,
        followup,
        meeting,
        members,
        models,  # noqa: F401  (every model registered before migrations look)
        offline,
        org,
        oversight,
        planning,
        screen,
    )

    # Each area package lists its blueprints (and imports its own view modules): see the README, Architecture.
    for area in (core, accounts, org, members, audit, catalogue, planning, meeting, screen, followup, oversight,
                 offline):
        for bp in area.blueprints:
            app.register_blueprint(bp)

    from . import cli, errors, live, notify, templating, web

    live.init_app(app)
    notify.init_app(app)

    errors.register(app)
    templating.register(app)
    web.register(app)
    cli.register(app)
    _request_log(app)
    return app


def _select_locale() -> str:
    from flask import current_app

    langs = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in langs:
        return chosen
    # Only a user already loaded: loading one here can flash a translated message and recurse.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False) and user.locale in langs:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from .accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        ident, _, nonce = user_id.partition(":")
        if not ident.isdigit():
            return None
        user = db.session.get(User, int(ident))
        # A password change rotates the nonce and so ends every other session of the account.
        if user is None or user.session_nonce != nonce:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import flash, redirect, url_for
        from htmx_flask import make_response

        target = url_for("accounts.login", next=request.full_path.rstrip("?"))
        if request.htmx:
            # A redirect would be swapped into a fragment; ask htmx to load the login page instead.
            return make_response("", 401, redirect=target)
        flash(str(login_manager.login_message), "info")
        return redirect(target)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers go on while the secretary writes; foreign keys are off by default in SQLite."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _logged_user_name() -> str:
    """Who made the request, for the log, without loading anyone: the database may be what failed."""
    from sqlalchemy.exc import SQLAlchemyError

    user = g.get("_login_user")
    try:
        return user.username if user is not None and user.is_authenticated else "-"
    except SQLAlchemyError:
        return "?"


def _request_log(app: Flask) -> None:
    """One line per request: method, path, status, time, user."""
    log = logging.getLogger("forumsite.request")
    if not log.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.before_request
    def _start_timer():
        g._t0 = time.perf_counter()

    @app.after_request
    def _log(response):
        elapsed = (time.perf_counter() - g.get("_t0", time.perf_counter())) * 1000
        user = _logged_user_name()
        log.info("%s %s %s %.1fms %s", request.method, request.path, response.status_code, elapsed, user)
        return response
