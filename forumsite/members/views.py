"""Members of a cell: list with search, create, edit (inline too), transfer, import."""
from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import access
from ..extensions import db
from ..forms import choices
from ..org.models import Organisation
from ..org.queries import cell_counts
from ..rules.organisation import CELL_KINDS
from ..vn import fold, name_key, text_key
from . import actions, importer
from .forms import ImportForm, MemberForm, MemberRowForm, TransferForm
from .import_labels import FIELD_NAMES, FILE_ERRORS, row_message
from .labels import FLAG_LABELS, ROLE_LABELS, STATUS_LABELS
from .models import FLAGS, Member

bp = Blueprint("members", __name__)


def _filtered(cell: Organisation, args) -> list[Member]:
    stmt = sa.select(Member).where(Member.cell_id == cell.id)
    q = fold(args.get("q", ""))[:100]
    if q:
        # Diacritics ignored: "nguyen van" finds "Nguyễn Văn" (and "Nguyen Van" finds it too).
        stmt = stmt.where(Member.name_folded.contains(q, autoescape=True))
    if args.get("status") in STATUS_LABELS:
        stmt = stmt.where(Member.status == args["status"])
    if args.get("role") in ROLE_LABELS:
        stmt = stmt.where(Member.role == args["role"])
    if args.get("flag") in FLAGS:
        stmt = stmt.where(getattr(Member, args["flag"]).is_(True))
    return sorted(db.session.scalars(stmt), key=lambda m: name_key(m.full_name))


@bp.get("/cells/<int:cell_id>/members")
@login_required
def index(cell_id: int):
    """The cell's members; the search box refreshes only the rows (htmx)."""
    cell = access.get_cell_or_404(cell_id)
    members = _filtered(cell, request.args)
    if request.htmx and request.htmx.target == "member-rows":
        return render_template("members/_rows.html", cell=cell, members=members)
    return render_template("members/index.html", cell=cell, members=members, counts=cell_counts(cell.id),
                           filters=request.args, status_labels=STATUS_LABELS, role_labels=ROLE_LABELS,
                           flag_labels=FLAG_LABELS)


def _form_data(form) -> dict:
    return {name: form[name].data for name in actions.FIELDS if name in form}


@bp.route("/cells/<int:cell_id>/members/new", methods=["GET", "POST"])
@login_required
def create(cell_id: int):
    cell = access.get_cell_or_404(cell_id, manage=True)
    form = MemberForm()
    if form.validate_on_submit():
        member = actions.create_member(cell, _form_data(form))
        db.session.commit()
        flash(_("Đã thêm đảng viên %(name)s.", name=member.full_name), "success")
        return redirect(url_for("members.index", cell_id=cell.id), code=303)
    return render_template("members/form.html", form=form, cell=cell, member=None), 422 if form.errors else 200


@bp.get("/members/<int:member_id>")
@login_required
def detail(member_id: int):
    member = access.get_member_or_404(member_id)
    return render_template("members/detail.html", member=member, cell=member.cell)


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def edit(member_id: int):
    member = access.get_member_or_404(member_id, manage=True)
    form = MemberForm(obj=member)
    if form.validate_on_submit():
        actions.update_member(member, _form_data(form))
        db.session.commit()
        flash(_("Đã lưu thông tin của %(name)s.", name=member.full_name), "success")
        return redirect(url_for("members.detail", member_id=member.id), code=303)
    return (render_template("members/form.html", form=form, cell=member.cell, member=member),
            422 if form.errors else 200)


@bp.get("/members/<int:member_id>/row")
@login_required
def row(member_id: int):
    """One row of the list (htmx: after an inline edit is cancelled)."""
    member = access.get_member_or_404(member_id)
    return render_template("members/_row.html", m=member, cell=member.cell)


@bp.route("/members/<int:member_id>/row/edit", methods=["GET", "POST"])
@login_required
def edit_row(member_id: int):
    """Inline edit of name, status and role inside the list."""
    member = access.get_member_or_404(member_id, manage=True)
    form = MemberRowForm(obj=member)
    if request.method == "POST":
        if form.validate_on_submit():
            actions.update_member(member, _form_data(form))
            db.session.commit()
            return render_template("members/_row.html", m=member, cell=member.cell, saved=True)
        return render_template("members/_row_edit.html", m=member, form=form), 422
    return render_template("members/_row_edit.html", m=member, form=form)


def _cell_choices(exclude: int) -> list[tuple[int, str]]:
    cells = db.session.execute(sa.select(Organisation.id, Organisation.name).where(
        Organisation.kind.in_(CELL_KINDS), Organisation.id != exclude)).all()
    return choices([(0, _("— Chọn chi bộ —"))] + sorted(((c.id, c.name) for c in cells), key=lambda c: text_key(c[1])))


@bp.route("/members/<int:member_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer(member_id: int):
    """Chuyển sinh hoạt đảng to another cell; the history stays with the member."""
    member = access.get_member_or_404(member_id, manage=True)
    form = TransferForm()
    form.to_cell_id.choices = _cell_choices(member.cell_id)
    if form.validate_on_submit():
        to_cell = db.session.get(Organisation, form.to_cell_id.data)
        if to_cell is None or not to_cell.is_cell:
            form.to_cell_id.errors.append(_("Vui lòng chọn chi bộ chuyển đến."))
        else:
            from_cell = member.cell
            actions.transfer_member(member, to_cell, form.transferred_on.data, form.note.data or "")
            db.session.commit()
            flash(_("Đã chuyển %(name)s sang %(cell)s.", name=member.full_name, cell=to_cell.name), "success")
            return redirect(url_for("members.index", cell_id=from_cell.id), code=303)
    return render_template("members/transfer.html", form=form, member=member, cell=member.cell), \
        422 if form.errors else 200


# --- import ---------------------------------------------------------------------------------------

def _import_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _expired(path: Path) -> bool:
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return True
    return age > current_app.config["IMPORT_PREVIEW_SECONDS"]


def _forget_old_previews(folder: Path) -> None:
    """Previews never confirmed would otherwise stay on disk for ever (up to 20 MB each)."""
    for path in folder.glob("*.*"):
        if path.suffix in (".bin", ".json") and _expired(path):
            path.unlink(missing_ok=True)


def _existing_keys(cell: Organisation) -> set:
    rows = db.session.execute(sa.select(Member.name_folded, Member.birth_year).where(Member.cell_id == cell.id))
    return {(r.name_folded, r.birth_year) for r in rows}


def _check(cell: Organisation, content: bytes) -> importer.Result:
    limit = current_app.config["IMPORT_MAX_ROWS"]
    return importer.validate(importer.read_table(content, limit), _existing_keys(cell), limit)


@bp.route("/cells/<int:cell_id>/members/import", methods=["GET", "POST"])
@login_required
def import_upload(cell_id: int):
    """Upload a member list and see the preview with every row's problems."""
    cell = access.get_cell_or_404(cell_id, manage=True)
    form = ImportForm()
    if request.method == "GET":
        return render_template("members/import.html", cell=cell, form=form)
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    content = upload.read() if upload else b""
    if not content:
        return render_template("members/import.html", cell=cell, form=form, file_error=FILE_ERRORS["no_file"]), 422
    try:
        result = _check(cell, content)
    except importer.ImportFileError as exc:
        message = str(FILE_ERRORS[exc.code]) % exc.params if exc.params else FILE_ERRORS[exc.code]
        return render_template("members/import.html", cell=cell, form=form, file_error=message), 422
    token = ""
    if result.ok:
        # Keep the file until it is confirmed, so the import reads exactly what was previewed.
        token = secrets.token_urlsafe(16)
        _forget_old_previews(_import_dir())
        (_import_dir() / f"{token}.bin").write_bytes(content)
        (_import_dir() / f"{token}.json").write_text(json.dumps(
            {"cell_id": cell.id, "user_id": current_user.id, "filename": upload.filename or ""}))
    return render_template("members/import.html", cell=cell, form=form, result=result, token=token,
                           row_message=row_message, field_names=FIELD_NAMES,
                           preview=result.records[:50]), 200 if result.ok else 422


@bp.post("/cells/<int:cell_id>/members/import/<token>")
@login_required
def import_confirm(cell_id: int, token: str):
    """Import the previewed file, all rows or none."""
    cell = access.get_cell_or_404(cell_id, manage=True)
    form = ImportForm()
    if not form.validate_on_submit():
        abort(400)
    if not token.replace("-", "").replace("_", "").isalnum():
        abort(404)
    data_path, meta_path = _import_dir() / f"{token}.bin", _import_dir() / f"{token}.json"
    if not data_path.exists() or not meta_path.exists() or _expired(meta_path):
        data_path.unlink(missing_ok=True)
        meta_path.unlink(missing_ok=True)
        flash(str(FILE_ERRORS["expired"]), "error")
        return redirect(url_for("members.import_upload", cell_id=cell.id), code=303)
    meta = json.loads(meta_path.read_text())
    if meta["cell_id"] != cell.id or meta["user_id"] != current_user.id:
        abort(404)
    result = _check(cell, data_path.read_bytes())
    if not result.ok:
        # The cell changed since the preview (someone added a member): show the new problems.
        return render_template("members/import.html", cell=cell, form=form, result=result, token="",
                               row_message=row_message, field_names=FIELD_NAMES, preview=[]), 422
    count = actions.import_members(cell, result.records, meta["filename"])
    db.session.commit()
    data_path.unlink(missing_ok=True)
    meta_path.unlink(missing_ok=True)
    flash(_("Đã nhập %(n)s đảng viên.", n=count), "success")
    return redirect(url_for("members.index", cell_id=cell.id), code=303)
