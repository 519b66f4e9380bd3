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
from sqlalchemy.orm import selectinload as load

from .. import scoping
from ..extensions import db
from ..forms import choices
from ..org.models import Organisation
from ..org.queries import cell_counts
from ..refusals import back_to
from ..rules.organisation import CELL_KINDS
from ..vn import fold, name_key, text_key
from . import actions, importer
from .forms import ActionForm, ImportForm, MemberForm, MemberRowForm, TransferForm
from .import_labels import FIELD_NAMES, FILE_ERRORS, row_message
from .labels import FLAG_LABELS, MEMBER_STATUS_LABELS, ROLE_LABELS
from .models import FLAGS, Member, TransferRequest

bp = Blueprint("members", __name__)


def _filtered(cell: Organisation, args) -> list[Member]:
    stmt = sa.select(Member).where(Member.cell_id == cell.id)
    q = fold(args.get("q", ""))[:100]
    if q:
        # Diacritics ignored: "nguyen van" finds "Nguyễn Văn" (and "Nguyen Van" finds it too).
        stmt = stmt.where(Member.name_folded.contains(q, autoescape=True))
    if args.get("status") in MEMBER_STATUS_LABELS:
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
    cell = scoping.get_cell_or_404(cell_id)
    members = _filtered(cell, request.args)
    if request.htmx and request.htmx.target == "member-rows":
        return render_template("members/_rows.html", cell=cell, members=members)
    return render_template("members/index.html", cell=cell, members=members, counts=cell_counts(cell.id),
                           filters=request.args, status_labels=MEMBER_STATUS_LABELS, role_labels=_roles(cell),
                           flag_labels=FLAG_LABELS, transfers=_transfers(cell), action=ActionForm())


def _roles(cell) -> dict:
    """The roles a cell's filter offers: no "chi ủy viên" where the cell has no chi ủy (issue 15)."""
    return {k: v for k, v in ROLE_LABELS.items() if k != "chi_uy_vien" or cell.has_committee}


def _form_data(form) -> dict:
    return {name: form[name].data for name in actions.FIELDS if name in form}


@bp.route("/cells/<int:cell_id>/members/new", methods=["GET", "POST"])
@login_required
def create(cell_id: int):
    cell = scoping.get_cell_or_404(cell_id, manage=True)
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
    member = scoping.get_member_or_404(member_id)
    return render_template("members/detail.html", member=member, cell=member.cell,
                           pending=actions.pending_request(member), action=ActionForm())


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def edit(member_id: int):
    member = scoping.get_member_or_404(member_id, manage=True)
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
    member = scoping.get_member_or_404(member_id)
    return render_template("members/_row.html", m=member, cell=member.cell)


@bp.route("/members/<int:member_id>/row/edit", methods=["GET", "POST"])
@login_required
def edit_row(member_id: int):
    """Inline edit of name, status and role inside the list."""
    member = scoping.get_member_or_404(member_id, manage=True)
    form = MemberRowForm(obj=member)
    if request.method == "POST":
        if form.validate_on_submit():
            actions.update_member(member, _form_data(form))
            db.session.commit()
            return render_template("members/_row.html", m=member, cell=member.cell, saved=True)
        return render_template("members/_row_edit.html", m=member, form=form), 422
    return render_template("members/_row_edit.html", m=member, form=form)


def _destinations(cell: Organisation) -> list[tuple[int, str]]:
    """Cells a member may be sent to: every other cell of the same province (the root of the tree above
    this cell), as the organisation tree shows them to every account; each named with its parent, since
    two villages of different communes often share a name. Sending is only a request: the receiving side
    still has to accept."""
    root = f"/{cell.ancestor_ids[0]}/" if cell.ancestor_ids else "/"
    orgs = db.session.execute(sa.select(Organisation.id, Organisation.name, Organisation.kind,
                                        Organisation.parent_id)
                              .where(Organisation.path.startswith(root, autoescape=True))).all()
    names = {o.id: o.name for o in orgs}
    cells = [(o.id, f"{o.name} — {names[o.parent_id]}" if o.parent_id in names else o.name)
             for o in orgs if o.kind in CELL_KINDS and o.id != cell.id]
    return sorted(cells, key=lambda c: text_key(c[1]))


@bp.route("/members/<int:member_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer(member_id: int):
    """Đề nghị chuyển sinh hoạt đảng: the member stays here until the receiving side accepts."""
    member = scoping.get_member_or_404(member_id, manage=True)
    pending = actions.pending_request(member)
    form = TransferForm()
    destinations = _destinations(member.cell)
    form.to_cell_id.choices = choices([(0, _("— Chọn chi bộ —")), *destinations])
    if pending is None and form.validate_on_submit():
        to_cell = db.session.get(Organisation, form.to_cell_id.data)
        if to_cell is None or form.to_cell_id.data not in dict(destinations):
            form.to_cell_id.errors.append(_("Vui lòng chọn chi bộ chuyển đến."))
        else:
            req = actions.request_transfer(member, to_cell, form.transferred_on.data, form.note.data or "")
            if scoping.can_decide_transfer(current_user, member.cell, to_cell):
                # An administrator is also the receiving side: the request is accepted at once.
                from_cell = member.cell
                actions.accept_transfer(req)
                db.session.commit()
                flash(_("Đã chuyển %(name)s sang %(cell)s.", name=member.full_name, cell=to_cell.name), "success")
                return redirect(url_for("members.index", cell_id=from_cell.id), code=303)
            db.session.commit()
            flash(_("Đã gửi đề nghị chuyển %(name)s sang %(cell)s. Đảng viên vẫn sinh hoạt tại chi bộ cho đến "
                    "khi chi bộ nhận tiếp nhận.", name=member.full_name, cell=to_cell.name), "success")
            return redirect(url_for("members.detail", member_id=member.id), code=303)
    status = 200
    if pending is not None and request.method == "POST":
        flash(_("Đã có đề nghị chuyển %(name)s đang chờ tiếp nhận.", name=member.full_name), "error")
        status = 409
    elif form.errors:
        status = 422
    return render_template("members/transfer.html", form=form, member=member, cell=member.cell, pending=pending,
                           action=ActionForm()), status


def _transfer_or_404(transfer_id: int, decide: bool) -> TransferRequest:
    """The request, if the user may act on it: decide (the receiving side) or cancel (the sending cell)."""
    req = db.session.get(TransferRequest, transfer_id)
    if req is None:
        abort(404)
    allowed = (scoping.can_decide_transfer(current_user, req.from_cell, req.to_cell) if decide
               else scoping.can_manage_cell(current_user, req.from_cell))
    if not allowed:
        seen = scoping.can_read_org(current_user, req.from_cell) or scoping.can_read_org(current_user, req.to_cell)
        abort(403 if seen else 404)
    if not ActionForm().validate_on_submit():
        abort(400)
    return req


def _transfer_step(req: TransferRequest, step, done: str, back: str):
    with back_to(back):
        step(req)
    db.session.commit()
    flash(done, "success")
    return redirect(back, code=303)


@bp.post("/transfers/<int:transfer_id>/accept")
@login_required
def accept_transfer(transfer_id: int):
    """The receiving cell's chair (or an upper committee over both cells) takes the member in."""
    req = _transfer_or_404(transfer_id, decide=True)
    return _transfer_step(req, actions.accept_transfer,
                          _("Đã tiếp nhận %(name)s vào %(cell)s.", name=req.member.full_name, cell=req.to_cell.name),
                          url_for("members.index", cell_id=req.to_cell_id))


@bp.post("/transfers/<int:transfer_id>/decline")
@login_required
def decline_transfer(transfer_id: int):
    req = _transfer_or_404(transfer_id, decide=True)
    return _transfer_step(req, actions.decline_transfer,
                          _("Đã từ chối tiếp nhận %(name)s.", name=req.member.full_name),
                          url_for("members.index", cell_id=req.to_cell_id))


@bp.post("/transfers/<int:transfer_id>/cancel")
@login_required
def cancel_transfer(transfer_id: int):
    """The sending cell withdraws its request before it is decided."""
    req = _transfer_or_404(transfer_id, decide=False)
    return _transfer_step(req, actions.cancel_transfer,
                          _("Đã hủy đề nghị chuyển %(name)s.", name=req.member.full_name),
                          url_for("members.index", cell_id=req.from_cell_id))


def _transfers(cell: Organisation) -> dict:
    """Pending requests into and out of the cell, for those who may act on them."""
    def pending(column):
        return db.session.scalars(sa.select(TransferRequest).where(column == cell.id,
                                                                   TransferRequest.status == "pending")
                                  .options(load(TransferRequest.member), load(TransferRequest.from_cell),
                                           load(TransferRequest.to_cell), load(TransferRequest.requested_by))
                                  .order_by(TransferRequest.id)).all()
    incoming = [r for r in pending(TransferRequest.to_cell_id)
                if scoping.can_decide_transfer(current_user, r.from_cell, r.to_cell)]
    outgoing = pending(TransferRequest.from_cell_id) if scoping.can_manage_cell(current_user, cell) else []
    return {"incoming": incoming, "outgoing": outgoing}


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
    cell = scoping.get_cell_or_404(cell_id, manage=True)
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
    cell = scoping.get_cell_or_404(cell_id, manage=True)
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
