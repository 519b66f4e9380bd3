"""The good-models gallery of a subtree, and what the unit publishes from it for the press."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import aliased

from .. import scoping
from ..extensions import db
from ..followup.models import Clause, PartyDocument, Task, TaskNote
from ..forms import validated
from ..org.models import GrassrootsType, Organisation
from ..planning.models import Forum
from ..refusals import back_to
from ..rules import documents as doc_rules
from ..rules.organisation import GRASSROOTS_KINDS
from ..web import db_int
from . import actions
from .forms import PublicGalleryForm, PublishForm
from .models import PublishedModel
from .views import bp, unit_choices

PER_PAGE = 30


def _type_condition(type_id: int):
    """The cell reports under this grassroots type: its own, or that of the đảng bộ cơ sở above it."""
    grassroots = aliased(Organisation)
    above = sa.exists().where(grassroots.kind.in_(GRASSROOTS_KINDS), grassroots.grassroots_type_id == type_id,
                              Organisation.path.startswith(grassroots.path))
    return sa.or_(sa.and_(Organisation.kind == "chi_bo_co_so", Organisation.grassroots_type_id == type_id), above)


def gallery_query(org: Organisation, unit_id: int | None, type_id: int | None, q: str):
    scope = db.session.get(Organisation, unit_id) if unit_id else org
    stmt = (sa.select(Clause, Forum, Organisation).join(Forum, Forum.id == Clause.forum_id)
            .join(Organisation, Organisation.id == Forum.cell_id)
            .where(Clause.good_model.is_(True), scope.subtree_filter()))
    if type_id:
        stmt = stmt.where(_type_condition(type_id))
    if q:
        stmt = stmt.where(Clause.text.icontains(q, autoescape=True))
    return stmt


@bp.get("/models")
@login_required
def gallery(org_id: int):
    org = scoping.get_overseen_unit_or_404(org_id)
    units = unit_choices(org)
    types = db.session.scalars(sa.select(GrassrootsType).order_by(GrassrootsType.position)).all()
    unit_id = request.args.get("unit", type=db_int)
    unit_id = unit_id if unit_id in dict(units) else None
    type_id = request.args.get("type", type=db_int)
    type_id = type_id if type_id in {t.id for t in types} else None
    q = " ".join((request.args.get("q") or "").split())[:100]
    stmt = gallery_query(org, unit_id, type_id, q)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=db_int), 1), pages)
    rows = db.session.execute(stmt.order_by(Forum.held_on.desc(), Clause.id)
                              .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    clause_ids = [c.id for c, _f, _o in rows] or [-1]
    tasks = {t.clause_id: t for t in db.session.scalars(sa.select(Task).where(Task.clause_id.in_(clause_ids)))}
    notes = dict(db.session.execute(sa.select(TaskNote.task_id, sa.func.count(TaskNote.id))
                                    .where(TaskNote.task_id.in_([t.id for t in tasks.values()] or [-1]))
                                    .group_by(TaskNote.task_id)).all())
    published = {p.clause_id: p for p in db.session.scalars(sa.select(PublishedModel).where(
        PublishedModel.unit_id == org.id, PublishedModel.clause_id.in_(clause_ids)))}
    # The model's status comes from the cell's adopted resolution and, once there, from its task's progress.
    adopted = set(db.session.scalars(sa.select(PartyDocument.forum_id).where(
        PartyDocument.forum_id.in_([f.id for _c, f, _o in rows] or [-1]), PartyDocument.kind == "NQ",
        PartyDocument.status == doc_rules.ADOPTED)))
    type_of = _types_of([o for _c, _f, o in rows], types)
    args = {k: v for k, v in {"unit": unit_id, "type": type_id, "q": q}.items() if v}
    return render_template("oversight/gallery.html", org=org, rows=rows, total=total, page=page, pages=pages,
                           units=units, types=types, unit_id=unit_id, type_id=type_id, q=q, args=args,
                           tasks=tasks, notes=notes, published=published, type_of=type_of, adopted=adopted,
                           ancestors=org.ancestors(), year=None)


def _types_of(cells: list[Organisation], types: list[GrassrootsType]) -> dict[int, GrassrootsType]:
    """Each listed cell's grassroots type, with one query for all their ancestors."""
    by_id = {t.id: t for t in types}
    ancestor_ids = {i for c in cells for i in c.ancestor_ids}
    orgs = {o.id: o for o in db.session.scalars(sa.select(Organisation).where(
        Organisation.id.in_(ancestor_ids or {-1})))}
    found = {}
    for cell in cells:
        for oid in reversed(cell.ancestor_ids):
            o = orgs.get(oid)
            if o is not None and o.kind in GRASSROOTS_KINDS:
                if o.grassroots_type_id in by_id:
                    found[cell.id] = by_id[o.grassroots_type_id]
                break
    return found


def _clause_in(org: Organisation, clause_id: int) -> Clause:
    row = db.session.execute(sa.select(Clause).join(Forum, Forum.id == Clause.forum_id)
                             .join(Organisation, Organisation.id == Forum.cell_id)
                             .where(Clause.id == clause_id, org.subtree_filter())).scalar_one_or_none()
    if row is None:
        abort(404)
    return row


@bp.post("/models/<int:clause_id>/publish")
@login_required
def publish(org_id: int, clause_id: int):
    org = scoping.get_overseen_unit_or_404(org_id)
    clause = _clause_in(org, clause_id)
    form = PublishForm()
    with back_to(url_for("oversight.gallery", org_id=org.id) + f"#model-{clause.id}"):
        validated(form)
        actions.publish_model(org, clause, form.title.data or "", form.description.data or "")
    db.session.commit()
    flash(_("Đã đăng mô hình lên trang công khai."), "success")
    return redirect(url_for("oversight.gallery", org_id=org.id) + f"#model-{clause.id}", code=303)


@bp.post("/models/<int:clause_id>/unpublish")
@login_required
def unpublish(org_id: int, clause_id: int):
    org = scoping.get_overseen_unit_or_404(org_id)
    entry = db.session.scalar(sa.select(PublishedModel).where(PublishedModel.unit_id == org.id,
                                                              PublishedModel.clause_id == clause_id))
    if entry is None:
        abort(404)
    actions.unpublish_model(org, entry)
    db.session.commit()
    flash(_("Đã gỡ mô hình khỏi trang công khai."), "success")
    return redirect(url_for("oversight.gallery", org_id=org.id) + f"#model-{clause_id}", code=303)


@bp.post("/models/public")
@login_required
def toggle_public(org_id: int):
    org = scoping.get_overseen_unit_or_404(org_id)
    actions.set_public_gallery(org, PublicGalleryForm().opens)
    db.session.commit()
    flash(_("Đã mở trang công khai.") if org.public_gallery else _("Đã đóng trang công khai."), "success")
    return redirect(url_for("oversight.gallery", org_id=org.id), code=303)
