"""Reading the audit trail: administrators see all, a cell's chair sees the cell's."""
from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from .. import scoping
from ..extensions import db
from ..org.models import Organisation
from ..web import db_int
from .labels import action_label, object_label
from .models import AuditEntry, record

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _scoped():
    stmt = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    if current_user.is_admin:
        org_id = request.args.get("org", type=db_int)
        return stmt.where(AuditEntry.organisation_id == org_id) if org_id else stmt
    member = current_user.member
    if member is None or not scoping.can_manage_cell(current_user, member.cell):
        abort(404)
    return stmt.where(AuditEntry.organisation_id == member.cell_id)


@bp.get("/")
@login_required
def index():
    """The latest changes, newest first."""
    entries = db.session.scalars(_scoped().limit(300)).all()
    return render_template("audit/index.html", entries=entries, action_label=action_label,
                           object_label=object_label)


@bp.get("/export.csv")
@login_required
def export():
    """The whole visible trail as CSV (UTF-8 with BOM, so that Excel shows Vietnamese right)."""
    stmt = _scoped()
    # Who took a copy of the trail, and of which part, is itself on the trail.
    scope = request.args.get("org", type=db_int) if current_user.is_admin else current_user.member.cell_id
    if scope is not None and db.session.get(Organisation, scope) is None:
        scope = None  # an administrator's filter on no organisation: the entry names none
    record("audit.export", current_user._get_current_object(), organisation_id=scope)
    db.session.commit()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(["id", "at_utc", "user", "action", "object_type", "object_id", "organisation_id", "details", "ip"])
    for e in db.session.scalars(stmt):
        writer.writerow([e.id, e.at.isoformat(timespec="seconds"), _safe(e.username), e.action, e.object_type,
                         e.object_id or "", e.organisation_id or "", _safe(str(e.details)), e.ip])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=nhat-ky-thay-doi.csv"})


def _safe(text: str) -> str:
    """Spreadsheet formula injection: a cell must not start with = + - @."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
