"""A cell's settings for its documents: the place name of the date line and its terms (nhiệm kỳ)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import scoping
from ..extensions import db
from ..forms import validated
from ..planning.models import Forum
from ..refusals import back_to
from ..rules import documents as doc_rules
from . import actions
from .forms import CellDocumentSettingsForm, DocumentReturnForm

bp = Blueprint("cellsettings", __name__)


@bp.post("/org/<int:org_id>/document-settings")
@login_required
def save(org_id: int):
    """The place name, and a new term when a congress elected a new leadership (numbers restart)."""
    cell = scoping.get_cell_or_404(org_id, manage=True)
    form, origin = CellDocumentSettingsForm(), DocumentReturnForm()
    back = url_for("org.detail", org_id=cell.id) + "#document-settings"
    # Saved from a document's page (the place name was missing there): back to that document.
    forum = db.session.get(Forum, origin.forum_id.data or 0)
    if forum is not None and forum.cell_id == cell.id and origin.kind.data in doc_rules.KINDS:
        back = url_for("followup.document", forum_id=forum.id, kind=origin.kind.data)
    with back_to(back):
        validated(form)
        actions.set_place_name(cell, form.place_name.data)
        if form.term_start.data is not None:
            actions.set_term(cell, form.term_start.data, form.term_label.data)
    db.session.commit()
    flash(_("Đã lưu thông tin văn bản của chi bộ."), "success")
    return redirect(back, code=303)
