"""Landing, health check and language switch."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from ..accounts import access
from ..accounts.redirects import safe_next
from ..extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
@login_required
def home():
    """"Hôm nay": the forums of the person's cell with the one step each needs. Administrators land on the
    tree; an oversight account without a cell on its dashboard (the forums of its subtree are what it follows)."""
    from ..clock import today_local
    from . import today

    if current_user.is_admin:
        return redirect(url_for("org.tree"))
    member = current_user.member
    if member is None or member.suspended:
        org = access.home_org(current_user)
        if org is None or org.is_cell:
            return render_template("core/no_place.html")
        return redirect(url_for("oversight.dashboard", org_id=org.id))
    day = today_local()
    overseen = [g.organisation for g in current_user.oversight]
    from .labels import WEEKDAYS

    return render_template("core/home.html", cell=member.cell, member=member, today=day, overseen=overseen,
                           weekdays=WEEKDAYS, **today.sections(current_user, day))


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
