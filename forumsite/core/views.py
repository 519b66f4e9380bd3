"""Landing, health check and language switch."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from .. import scoping
from ..accounts.redirects import safe_next
from ..extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
@login_required
def home():
    """Send each person to the page of their role."""
    if current_user.is_admin:
        return redirect(url_for("org.tree"))
    org = scoping.home_org(current_user)
    if org is None:
        return render_template("core/no_place.html")
    if org.is_cell:
        return redirect(url_for("members.index", cell_id=org.id))
    # Upper committees and the Propaganda Department follow the forums first of all.
    return redirect(url_for("oversight.dashboard", org_id=org.id))


@bp.get("/healthz")
def healthz():
    """Liveness and database status for load balancers and monitoring."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        ok = True
    except Exception:  # the point is to report it, not to raise
        db.session.rollback()
        ok = False
    body = {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unavailable",
            "backend": db.engine.dialect.name}
    return jsonify(body), 200 if ok else 503


@bp.post("/lang")
def set_language():
    """Switch the interface language for this session (and for the account, when logged in)."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated and current_user.locale != lang:
        current_user.locale = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next")), code=303)
