"""The forum's agenda editor (htmx, keyboard and drag) and the administrators' framework template."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import scoping
from ..extensions import db
from ..rules import planning as rules
from ..vn import whole_number
from . import access, actions
from .forms import ActionForm, AgendaItemForm, MoveForm, OrderForm
from .models import AgendaItem, AgendaTemplateItem, Forum
from .views import bp


def _editable_forum(forum_id: int) -> Forum:
    forum = access.get_forum_or_404(forum_id, plan=True)
    if forum.status not in rules.PREPARING:
        abort(409)
    return forum


def _item(forum: Forum, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.forum_id != forum.id:
        abort(404)
    return item


def _editor(forum: Forum, status: int = 200, new_form=None):
    """The whole editor: after add, remove and reorder (no field is being typed in then)."""
    times = rules.item_times(forum.starts_at, [i.planned_minutes for i in forum.agenda])
    template = "planning/_agenda_editor.html" if request.htmx else "planning/agenda.html"
    return render_template(template, forum=forum, times=times, new_form=new_form or AgendaItemForm(formdata=None),
                           minimum=rules.minimum_minutes(forum.mode == "monthly"),
                           end=rules.end_time(forum.starts_at, forum.planned_minutes)), status


@bp.get("/forums/<int:forum_id>/agenda")
@login_required
def agenda(forum_id: int):
    """Edit the programme: titles, minutes, presenters, order."""
    return _editor(_editable_forum(forum_id))


@bp.post("/forums/<int:forum_id>/agenda/items")
@login_required
def add_item(forum_id: int):
    forum = _editable_forum(forum_id)
    form = AgendaItemForm()
    if not form.validate_on_submit():
        return _editor(forum, 422, form)
    actions.add_agenda_item(forum, form.title.data.strip(), form.planned_minutes.data, form.presenter.data or "")
    db.session.commit()
    return _editor(forum)


@bp.post("/forums/<int:forum_id>/agenda/items/<int:item_id>")
@login_required
def update_item(forum_id: int, item_id: int):
    """Save one row as it is typed; only the totals come back, so no field is replaced under the cursor."""
    forum = _editable_forum(forum_id)
    item = _item(forum, item_id)
    form = AgendaItemForm()
    if not form.validate_on_submit():
        return render_template("planning/_agenda_row_error.html", item=item, form=form), 422
    actions.update_agenda_item(item, form.title.data.strip(), form.planned_minutes.data, form.presenter.data or "")
    db.session.commit()
    times = rules.item_times(forum.starts_at, [i.planned_minutes for i in forum.agenda])
    return render_template("planning/_agenda_totals.html", forum=forum, times=times, oob=True, item=item,
                           minimum=rules.minimum_minutes(forum.mode == "monthly"),
                           end=rules.end_time(forum.starts_at, forum.planned_minutes))


@bp.post("/forums/<int:forum_id>/agenda/items/<int:item_id>/delete")
@login_required
def remove_item(forum_id: int, item_id: int):
    forum = _editable_forum(forum_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    actions.remove_agenda_item(_item(forum, item_id))
    db.session.commit()
    return _editor(forum)


@bp.post("/forums/<int:forum_id>/agenda/items/<int:item_id>/move")
@login_required
def move_item(forum_id: int, item_id: int):
    """Up or down one place (the keyboard's way to reorder)."""
    forum = _editable_forum(forum_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    actions.move_agenda_item(_item(forum, item_id), form.offset)
    db.session.commit()
    return _editor(forum)


@bp.post("/forums/<int:forum_id>/agenda/order")
@login_required
def reorder(forum_id: int):
    """A new order from drag and drop: every item id once."""
    forum = _editable_forum(forum_id)
    form = OrderForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        actions.reorder_agenda(forum, form.item.data)
    except ValueError:  # not every item once
        abort(400)
    db.session.commit()
    return _editor(forum)


# --- the framework template (administrators) ---------------------------------------------------------

@bp.route("/admin/agenda-template", methods=["GET", "POST"])
@login_required
def agenda_template():
    """The framework programme new forums start from."""
    scoping.require_admin()
    items = db.session.scalars(sa.select(AgendaTemplateItem).order_by(AgendaTemplateItem.position)).all()
    errors = {}
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        updates = {}
        for item in items:
            title = request.form.get(f"title-{item.id}", "").strip()
            minutes = request.form.get(f"minutes-{item.id}", "").strip()
            if not title or len(title) > 400:
                errors[item.id] = _("Vui lòng nhập nội dung (tối đa 400 ký tự).")
            elif not 1 <= (whole_number(minutes) or 0) <= 480:
                errors[item.id] = _("Số phút phải từ 1 đến 480.")
            else:
                updates[item.id] = (title, int(minutes), request.form.get(f"presenter-{item.id}", "").strip()[:200])
        if not errors:
            changed = actions.update_agenda_template(items, updates)
            db.session.commit()
            flash(_("Đã lưu chương trình khung (%(n)s mục thay đổi).", n=changed), "success")
            return redirect(url_for("planning.agenda_template"), code=303)
    return render_template("planning/agenda_template.html", items=items, errors=errors, form=ActionForm()), \
        422 if errors else 200
