"""The reference catalogue: a clean reading page for everyone, edits and YAML for administrators."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import scoping
from ..extensions import db
from . import actions, data, wording
from .forms import ImportForm, ItemForm
from .models import CatalogueGroup, CatalogueItem

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")


def get_item_or_404(code: str) -> CatalogueItem:
    item = db.session.scalar(sa.select(CatalogueItem).where(CatalogueItem.code == code.upper()))
    if item is None:
        abort(404)
    return item


@bp.get("/")
@login_required
def index():
    """All items by group, with their codes: what members read before the forum."""
    groups = db.session.scalars(sa.select(CatalogueGroup).order_by(CatalogueGroup.position)).all()
    items = db.session.scalars(sa.select(CatalogueItem).order_by(CatalogueItem.position)).all()
    by_group = {g.code: [i for i in items if i.group_code == g.code] for g in groups}
    counts = {c: sum(i.certainty == c for i in items) for c in wording.CERTAINTY_LABELS}
    return render_template("catalogue/index.html", groups=groups, by_group=by_group, counts=counts,
                           labels=wording.CERTAINTY_LABELS, hints=wording.CERTAINTY_HINTS, safe_url=wording.safe_url)


@bp.get("/<code>")
@login_required
def detail(code: str):
    item = get_item_or_404(code)
    return render_template("catalogue/detail.html", item=item, labels=wording.CERTAINTY_LABELS,
                           hints=wording.CERTAINTY_HINTS, safe_url=wording.safe_url,
                           field_labels=wording.FIELD_LABELS, change_value=wording.change_value)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@login_required
def edit(code: str):
    """Replace an item's wording (e.g. with the official text), its certainty or its sources
    (administrators); the history keeps every previous version."""
    scoping.require_admin()
    item = get_item_or_404(code)
    form = ItemForm(obj=item)
    if request.method == "GET":
        form.sources.data = wording.sources_to_lines(item.sources)
    if form.validate_on_submit():
        if actions.edit_item(item, subject=form.subject.data, text=form.text.data or "",
                             certainty=form.certainty.data, source=form.source.data or "",
                             sources=form.source_list(), note=form.note.data or ""):
            db.session.commit()
            flash(_("Đã lưu %(code)s.", code=item.code), "success")
        return redirect(url_for("catalogue.detail", code=item.code), code=303)
    return render_template("catalogue/edit.html", item=item, form=form), 422 if form.errors else 200


@bp.get("/export.yaml")
@login_required
def export():
    scoping.require_admin()
    return Response(actions.export_catalogue(), mimetype="application/x-yaml",
                    headers={"Content-Disposition": "attachment; filename=danh-muc-tham-khao.yaml"})


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_yaml():
    """Replace wording from a YAML file in the catalogue format; nothing changes if any item is wrong."""
    scoping.require_admin()
    form = ImportForm()
    if request.method == "GET":
        return render_template("catalogue/import.html", form=form)
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    raw = upload.read() if upload else b""
    try:
        document = data.parse(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems = [_("Tệp phải được lưu với bảng mã UTF-8.")]
    except data.CatalogueFormatError as exc:
        problems = exc.problems
    else:
        counts = actions.import_catalogue(document)
        db.session.commit()
        flash(_("Đã nhập danh mục: %(u)s mục được sửa, %(a)s mục mới, %(s)s mục giữ nguyên.",
                u=counts["updated"], a=counts["added"], s=counts["unchanged"]), "success")
        return redirect(url_for("catalogue.index"), code=303)
    if not raw:
        problems = [_("Vui lòng chọn tệp YAML.")]
    return render_template("catalogue/import.html", form=form, problems=problems), 422
