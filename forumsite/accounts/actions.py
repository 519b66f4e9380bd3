"""State changes of accounts: one small named function each, every one audited."""
from __future__ import annotations

from ..audit.models import record
from ..clock import utcnow
from ..extensions import db
from .models import OversightGrant, User


def create_user(username: str, password: str, *, display_name: str = "", is_admin: bool = False,
                member_id: int | None = None, oversight_org_id: int | None = None, actor=None) -> User:
    user = User(username=username, display_name=display_name, is_admin=is_admin, member_id=member_id)
    user.set_password(password)
    db.session.add(user)
    if oversight_org_id:
        user.oversight.append(OversightGrant(organisation_id=oversight_org_id))
    record("user.create", user, actor=actor, username=username, is_admin=is_admin,
           member_id=member_id, oversight_org_id=oversight_org_id)
    return user


def update_user(user: User, *, display_name: str, is_admin: bool, active: bool, member_id: int | None,
                oversight_org_id: int | None, actor=None) -> None:
    before = {"is_admin": user.is_admin, "active": user.active, "member_id": user.member_id,
              "oversight": [g.organisation_id for g in user.oversight]}
    user.display_name = display_name
    user.is_admin = is_admin
    user.member_id = member_id
    if user.active and not active:
        # Deactivation must end the sessions that are already open.
        user.session_nonce = f"off{utcnow().timestamp():.0f}"
    user.active = active
    user.oversight.clear()
    if oversight_org_id:
        user.oversight.append(OversightGrant(organisation_id=oversight_org_id))
    record("user.update", user, actor=actor, before=before,
           after={"is_admin": is_admin, "active": active, "member_id": member_id,
                  "oversight": [oversight_org_id] if oversight_org_id else []})


def change_password(user: User, password: str, actor=None) -> None:
    user.set_password(password)
    record("user.password", user, actor=actor)


def end_sessions(user: User) -> None:
    """Log out: a new nonce ends every session (and remember-me cookie) of the account."""
    import secrets

    user.session_nonce = secrets.token_hex(8)
    record("user.logout", user, actor=user)


def note_login(user: User) -> None:
    user.last_login_at = utcnow()
    record("user.login", user, actor=user)
