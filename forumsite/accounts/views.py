"""Login, logout, one's own password, and the administrator's account management."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import selectinload

from .. import scoping
from ..extensions import db, limiter
from ..forms import choices
from ..members.models import Member
from ..org.models import Organisation
from . import actions, throttle
from .forms import ChangePasswordForm, LoginForm, UserForm
from .models import OversightGrant, User, check_without_account
from .redirects import safe_next

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.address_limit, methods=["POST"])
@limiter.limit(throttle.account_limit, methods=["POST"], key_func=throttle.account_key,
               deduct_when=throttle.failed, exempt_when=throttle.is_known_device)
@limiter.limit(throttle.device_limit, methods=["POST"], key_func=throttle.device_key,
               deduct_when=throttle.failed, exempt_when=throttle.is_unknown_device)
def login():
    """Log in with username and password; throttled per address, per account and per known device
    (see throttle.py: strangers cannot lock the owner's own browser out)."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            check_without_account(form.password.data)
        if user is None or not user.check_password(form.password.data) or not user.active:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
            return render_template("accounts/login.html", form=form), 422
        # A fresh session at login: nothing carried over from before authentication.
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        login_user(user, remember=form.remember.data)
        actions.note_login(user)
        db.session.commit()
        response = redirect(safe_next(form.next.data), code=303)
        throttle.remember_device(response, username)
        return response
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    user = current_user._get_current_object() if current_user.is_authenticated else None
    logout_user()
    session.clear()
    if user is not None:
        # The session lives in a signed cookie: a copy taken before logout must stop working too.
        actions.end_sessions(user)
        db.session.commit()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password (ends the account's other sessions)."""
    form = ChangePasswordForm()
    form._username = current_user.username
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Mật khẩu hiện tại không đúng."))
        else:
            actions.change_password(current_user, form.password.data)
            db.session.commit()
            login_user(current_user._get_current_object())  # the old session id holds the old nonce
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("core.home"), code=303)
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200


@bp.get("/users")
@login_required
def users():
    """All accounts (administrators only)."""
    scoping.require_admin()
    # Each row shows the member's cell and the organisations overseen: loaded together, not per row.
    rows = db.session.scalars(sa.select(User).order_by(User.username).options(
        selectinload(User.member).joinedload(Member.cell),
        selectinload(User.oversight).joinedload(OversightGrant.organisation))).all()
    return render_template("accounts/users.html", users=rows)


def _oversight_choices() -> list[tuple[int, str]]:
    orgs = db.session.scalars(sa.select(Organisation).where(
        Organisation.kind.not_in(("chi_bo_co_so", "chi_bo_truc_thuoc"))).order_by(Organisation.path)).all()
    return choices([(0, _("— Không —"))] + [(o.id, "· " * o.depth + o.name) for o in orgs])


def _validate_member_link(form: UserForm, user: User | None) -> Member | None:
    if not form.member_id.data:
        return None
    member = db.session.get(Member, form.member_id.data)
    if member is None:
        form.member_id.errors.append(_("Không có đảng viên với mã này."))
        return None
    taken = db.session.scalar(sa.select(User).where(User.member_id == member.id))
    if taken is not None and taken is not user:
        form.member_id.errors.append(_("Đảng viên này đã có tài khoản %(u)s.", u=taken.username))
        return None
    return member


@bp.route("/users/new", methods=["GET", "POST"])
@login_required
def create_user():
    scoping.require_admin()
    form = UserForm()
    form.oversight_org_id.choices = _oversight_choices()
    if form.validate_on_submit():
        _validate_member_link(form, None)
        if not form.password.data:
            form.password.errors.append(_("Vui lòng đặt mật khẩu cho tài khoản mới."))
        if db.session.scalar(sa.select(User).where(User.username == form.username.data)):
            form.username.errors.append(_("Tên đăng nhập đã tồn tại."))
        if not (form.member_id.errors or form.password.errors or form.username.errors):
            user = actions.create_user(form.username.data, form.password.data,
                                       display_name=form.display_name.data or "",
                                       is_admin=form.is_admin.data, member_id=form.member_id.data or None,
                                       oversight_org_id=form.oversight_org_id.data or None)
            db.session.commit()
            flash(_("Đã tạo tài khoản %(u)s.", u=user.username), "success")
            return redirect(url_for("accounts.users"), code=303)
    return render_template("accounts/user_form.html", form=form, user=None), 422 if form.errors else 200


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    scoping.require_admin()
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    form.oversight_org_id.choices = _oversight_choices()
    if request.method == "GET":
        form.oversight_org_id.data = user.oversight[0].organisation_id if user.oversight else 0
    form.username.data = user.username  # the username is the account's identity: not editable
    if form.validate_on_submit():
        _validate_member_link(form, user)
        if user.id == current_user.id and (not form.is_admin.data or not form.active.data):
            form.is_admin.errors.append(_("Bạn không thể tự bỏ quyền quản trị hoặc khóa tài khoản của mình."))
        if not (form.member_id.errors or form.is_admin.errors):
            actions.update_user(user, display_name=form.display_name.data or "", is_admin=form.is_admin.data,
                                active=form.active.data, member_id=form.member_id.data or None,
                                oversight_org_id=form.oversight_org_id.data or None)
            if form.password.data:
                actions.change_password(user, form.password.data)
            db.session.commit()
            flash(_("Đã lưu tài khoản %(u)s.", u=user.username), "success")
            return redirect(url_for("accounts.users"), code=303)
    return render_template("accounts/user_form.html", form=form, user=user), 422 if form.errors else 200
