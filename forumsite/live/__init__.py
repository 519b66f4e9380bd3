"""Live updates of a forum's screens. A state change calls ``changed(forum, regions…)``: the forum's
version goes up in the same transaction, and the hub is told only after the commit succeeds, so no
screen ever shows what the database does not hold."""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from .hub import make_hub


def init_app(app: Flask) -> None:
    app.extensions["forumsite_hub"] = make_hub(app.config.get("REDIS_URL", ""))


def hub():
    return current_app.extensions["forumsite_hub"]


_PENDING = "forumsite_live_pending"


def changed(forum, *regions: str) -> None:
    """Mark ``regions`` of ``forum``'s screens as changed by the current transaction."""
    base = forum.live_version or 0
    forum.live_version = base + 1
    pending = db.session.info.setdefault(_PENDING, {})
    # "base": the version this change starts from. A screen showing an older one missed a change (a message
    # lost, or published on another server while Redis was away) and must be sent everything.
    entry = pending.setdefault(forum.id, {"regions": set(), "version": 0, "base": base, "by": _actor_id()})
    entry["regions"].update(regions or ("all",))
    entry["version"] = forum.live_version


def _actor_id() -> str | None:
    """Which console made the change (a user on one device): it already shows it and needs no echo."""
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user.is_authenticated:
        return viewer_id()
    return None


def viewer_id() -> str:
    """An opaque id of this login session: the user and a digest of the session's CSRF secret."""
    import hashlib

    from flask import session
    from flask_login import current_user

    secret = str(session.get("csrf_token", ""))
    return f"{current_user.id}:{hashlib.sha256(secret.encode()).hexdigest()[:16]}"


def hold(forum) -> None:
    """Hold ``forum`` for the rest of the transaction: console actions on one forum run one at a time.

    Two operators pressing at once would otherwise both read "nobody is speaking" and both start
    someone. PostgreSQL: SELECT … FOR UPDATE on the forum's row. SQLite: a no-op write, which takes
    the database's write lock now instead of at the first real write (the busy timeout makes the
    other request wait). Whatever was read before is read again, under the lock."""
    import sqlalchemy as sa

    from ..planning.models import Forum

    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Forum.id).where(Forum.id == forum.id).with_for_update())
    else:
        db.session.execute(sa.update(Forum).where(Forum.id == forum.id)
                           .values(live_version=Forum.live_version).execution_options(synchronize_session=False))
    db.session.expire_all()


@event.listens_for(Session, "after_commit")
def _publish(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    for forum_id, entry in pending.items():
        # The version lets every screen of the forum share one rendering of the change.
        hub().publish(forum_id, {"regions": sorted(entry["regions"]), "version": entry["version"],
                                 "base": entry["base"], "by": entry["by"]})


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_PENDING, None)
