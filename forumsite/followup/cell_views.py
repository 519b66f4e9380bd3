"""A cell's settings for its documents: the place name of the date line and its terms (nhiệm kỳ)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import scoping
from ..audit.models import record
from ..extensions import db
from ..planning.models import Forum
from ..rules import documents as doc_rules
from ..vn import parse_date
from ..web import db_int
from . import actions

bp = Blueprint("cellsettings", __name__)


@bp.post("/org/<int:org_id>/document-settings")
@login_required
def save(org_id: int):
    """The place name, and a new term when a congress elected a new leadership (numbers restart)."""
    cell = scoping.get_cell_or_404(org_id, manage=True)
    back = url_for("org.detail", org_id=cell.id) + "#document-settings"
    # Saved from a document's page (the place name was missing there): back to that document.
    forum = db.session.get(Forum, request.form.get("forum_id", type=db_int) or 0)
    if forum is not None and forum.cell_id == cell.id and request.form.get("kind") in doc_rules.KINDS:
        back = url_for("followup.document", forum_id=forum.id, kind=request.form["kind"])
    place = (request.form.get("place_name") or "").strip()[:100]
    try:
        starts_on = parse_date(request.form.get("term_start") or "")
    except ValueError:
        flash(_("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."), "error")
        return redirect(back, code=303)
    if place != cell.place_name:
        record("cell.place_name", cell, organisation_id=cell.id, before=cell.place_name, after=place)
        cell.place_name = place
    if starts_on is not None:
        if any(t.starts_on == starts_on for t in cell.terms):
            flash(_("Nhiệm kỳ bắt đầu ngày này đã có."), "error")
            return redirect(back, code=303)
        actions.set_term(cell, starts_on, (request.form.get("term_label") or "").strip()[:100])
    db.session.commit()
    flash(_("Đã lưu thông tin văn bản của chi bộ."), "success")
    return redirect(back, code=303)
