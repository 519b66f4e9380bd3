"""The organisation tree: browse (scoped), and the administrator's edits."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import scoping
from ..extensions import db
from ..forms import choices
from ..rules import organisation as rules
from ..web import db_int
from . import actions, queries
from .forms import GrassrootsTypeForm, OrganisationForm
from .labels import COMMITTEE_WARNINGS, ORG_KIND_LABELS
from .models import GrassrootsType, Organisation

bp = Blueprint("org", __name__, url_prefix="/org")


@bp.get("/")
@login_required
def tree():
    """The top of the tree this user may see."""
    roots = queries.roots_for(current_user)
    return render_template("org/tree.html", roots=roots)


@bp.get("/<int:org_id>")
@login_required
def detail(org_id: int):
    """One organisation: its place, its children with counts, or (for a cell) its members' figures."""
    org = scoping.get_org_or_404(org_id)
    ctx = {"org": org, "ancestors": [a for a in org.ancestors() if scoping.can_read_org(current_user, a)]}
    if org.is_cell:
        counts = queries.cell_counts(org.id)
        warning = rules.committee_warning(org.has_committee, counts["official_own"])
        ctx.update(counts=counts, committee_warning=COMMITTEE_WARNINGS.get(warning) if warning else None)
    else:
        ctx["children"] = queries.children_with_counts(org)
    return render_template("org/detail.html", **ctx)


@bp.get("/<int:org_id>/children")
@login_required
def children(org_id: int):
    """The children of one node, for the expandable tree (htmx fragment)."""
    org = scoping.get_org_or_404(org_id)
    return render_template("org/_children.html", org=org, children=queries.children_with_counts(org))


def _type_choices() -> list[tuple[int, str]]:
    types = db.session.scalars(sa.select(GrassrootsType).order_by(GrassrootsType.position, GrassrootsType.name))
    return choices([(0, _("— Không áp dụng —"))] + [(t.id, t.name) for t in types])


def _parent_choices(org: Organisation) -> list:
    """Where an organisation may be moved: any non-cell outside its own subtree (0 = top level)."""
    rows = db.session.execute(sa.select(Organisation.id, Organisation.name, Organisation.depth)
                              .where(Organisation.kind.not_in(rules.CELL_KINDS), ~org.subtree_filter())
                              .order_by(Organisation.path)).all()
    return choices([(0, _("— Cấp cao nhất —"))] + [(r.id, "· " * r.depth + r.name) for r in rows])


def _check_placement(form: OrganisationForm, parent: Organisation | None) -> None:
    if not rules.can_be_child(parent.kind if parent else None, form.kind.data):
        where = parent.kind_label if parent else _("cấp cao nhất")
        form.kind.errors.append(_("Không thể đặt %(kind)s trực thuộc %(where)s.",
                                  kind=ORG_KIND_LABELS[form.kind.data], where=where))
    if rules.is_grassroots(form.kind.data) and not form.grassroots_type_id.data:
        form.grassroots_type_id.errors.append(_("Tổ chức cơ sở đảng cần có loại hình."))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Add an organisation under ?parent= (administrators)."""
    scoping.require_admin()
    parent_id = request.args.get("parent", type=db_int)
    parent = db.get_or_404(Organisation, parent_id) if parent_id else None
    form = OrganisationForm()
    del form.parent_id  # the place comes from the URL
    form.grassroots_type_id.choices = _type_choices()
    if form.validate_on_submit():
        _check_placement(form, parent)
        if not (form.kind.errors or form.grassroots_type_id.errors):
            org = actions.create_organisation(
                parent, name=form.name.data.strip(), kind=form.kind.data,
                grassroots_type_id=form.grassroots_type_id.data or None,
                is_pilot=form.is_pilot.data and rules.is_cell(form.kind.data),
                has_committee=form.has_committee.data and rules.is_cell(form.kind.data))
            db.session.commit()
            flash(_("Đã thêm %(name)s.", name=org.name), "success")
            return redirect(url_for("org.detail", org_id=org.id), code=303)
    return render_template("org/form.html", form=form, org=None, parent=parent), 422 if form.errors else 200


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    """Rename, retype, move, flag as pilot or as having a chi ủy (administrators)."""
    scoping.require_admin()
    org = db.get_or_404(Organisation, org_id)
    form = OrganisationForm(obj=org)
    form.grassroots_type_id.choices = _type_choices()
    form.parent_id.choices = _parent_choices(org)
    if request.method == "GET":
        form.grassroots_type_id.data = org.grassroots_type_id or 0
        form.parent_id.data = org.parent_id or 0
    if form.validate_on_submit():
        new_parent = db.session.get(Organisation, form.parent_id.data) if form.parent_id.data else None
        _check_placement(form, new_parent)
        if org.children and rules.is_cell(form.kind.data):
            form.kind.errors.append(_("Tổ chức đang có đơn vị trực thuộc nên không thể là chi bộ."))
        if not (form.kind.errors or form.grassroots_type_id.errors):
            actions.update_organisation(
                org, name=form.name.data.strip(), kind=form.kind.data,
                grassroots_type_id=form.grassroots_type_id.data or None,
                is_pilot=form.is_pilot.data and rules.is_cell(form.kind.data),
                has_committee=form.has_committee.data and rules.is_cell(form.kind.data))
            if (new_parent.id if new_parent else None) != org.parent_id:
                # Units merge and split (the district level went in 2025): the subtree follows.
                actions.move_organisation(org, new_parent)
            db.session.commit()
            flash(_("Đã lưu %(name)s.", name=org.name), "success")
            return redirect(url_for("org.detail", org_id=org.id), code=303)
    return render_template("org/form.html", form=form, org=org, parent=org.parent), 422 if form.errors else 200


@bp.get("/types")
@login_required
def types():
    """The configurable list of grassroots organisation types."""
    scoping.require_admin()
    rows = db.session.scalars(sa.select(GrassrootsType).order_by(GrassrootsType.position, GrassrootsType.name))
    return render_template("org/types.html", types=rows.all(), form=GrassrootsTypeForm())


@bp.route("/types/new", methods=["POST"])
@bp.route("/types/<int:type_id>/edit", methods=["GET", "POST"])
@login_required
def edit_type(type_id: int | None = None):
    scoping.require_admin()
    gtype = db.get_or_404(GrassrootsType, type_id) if type_id else None
    form = GrassrootsTypeForm(obj=gtype)
    if form.validate_on_submit():
        clash = db.session.scalar(sa.select(GrassrootsType).where(GrassrootsType.code == form.code.data))
        if clash is not None and clash is not gtype:
            form.code.errors.append(_("Mã này đã được dùng."))
        else:
            actions.save_grassroots_type(gtype, code=form.code.data, name=form.name.data.strip(),
                                         rural=form.rural.data, position=form.position.data or 0)
            db.session.commit()
            flash(_("Đã lưu loại hình."), "success")
            return redirect(url_for("org.types"), code=303)
    if request.method == "POST" and gtype is None:
        rows = db.session.scalars(sa.select(GrassrootsType).order_by(GrassrootsType.position)).all()
        return render_template("org/types.html", types=rows, form=form), 422
    return render_template("org/type_form.html", form=form, gtype=gtype), 422 if form.errors else 200
