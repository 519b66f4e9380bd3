"""The cell's tasks from adopted resolutions: who, by when, how far; overdue ones stand out."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from .. import scoping
from ..clock import today_local
from ..extensions import db
from ..forms import validated
from ..refusals import back_to
from . import actions
from .forms import TaskForm
from .models import Task

bp = Blueprint("tasks", __name__)


@bp.get("/cells/<int:cell_id>/tasks")
@login_required
def index(cell_id: int):
    cell = scoping.get_cell_or_404(cell_id)
    tasks = db.session.scalars(sa.select(Task).where(Task.organisation_id == cell.id)
                               .order_by(Task.status.desc(), Task.deadline.is_(None), Task.deadline, Task.id)
                               .options(selectinload(Task.notes))).all()
    return render_template("followup/tasks.html", cell=cell, tasks=tasks, today=today_local(),
                           can_edit=scoping.can_manage_cell(current_user, cell))


@bp.post("/tasks/<int:task_id>")
@login_required
def update(task_id: int):
    """A progress note, and done or open again (the cell's chair)."""
    task = db.session.get(Task, task_id)
    if task is None:
        abort(404)
    cell = scoping.get_cell_or_404(task.organisation_id, manage=True)
    form = TaskForm()
    with back_to(url_for("tasks.index", cell_id=cell.id)):
        validated(form)
        actions.update_task(task, form.status.data or task.status, form.note.data or "")
    db.session.commit()
    flash(_("Đã cập nhật nhiệm vụ."), "success")
    return redirect(url_for("tasks.index", cell_id=cell.id) + f"#task-{task.id}", code=303)
