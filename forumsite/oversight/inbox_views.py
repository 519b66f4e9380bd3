"""Recommendations (kiến nghị) raised at the forums below, filtered and answered by the upper unit."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import scoping
from ..catalogue import tags
from ..catalogue.models import CatalogueItem
from ..extensions import db
from ..followup import actions as followup_actions
from ..followup.forms import AnswerForm
from ..followup.models import PartyDocument, RecommendationAnswer
from ..forms import validated
from ..meeting.models import Proposal
from ..org.models import Organisation
from ..planning.models import Forum
from ..refusals import Refusal, back_to
from ..rules import documents as doc_rules
from ..rules.planning import HELD
from ..web import db_int
from .queries import year_bounds
from .views import bp, chosen_year, unit_choices

PER_PAGE = 50
STATUSES = ("open", "answered", "all")


def _filters(org: Organisation) -> dict:
    """The inbox's filters from the query string; anything unknown falls back to "all"."""
    units = dict(unit_choices(org))
    unit = request.args.get("unit", type=db_int)
    codes = {c for (c,) in db.session.execute(sa.select(CatalogueItem.code))}
    theme, manifestation = request.args.get("theme", ""), request.args.get("manifestation", "")
    status = request.args.get("status", "open")
    return {"unit": unit if unit in units else None, "theme": theme if theme in codes else "",
            "manifestation": manifestation if manifestation in codes else "",
            "status": status if status in STATUSES else "open", "year": chosen_year()}


def _code_condition(code: str):
    # Codes are a JSON list; the quoted code cannot occur inside another code ("BH1" vs "BH12").
    return sa.cast(Proposal.codes, sa.Text).like(f'%"{code}"%')


def recommendation_query(org: Organisation, f: dict, *columns):
    """The inbox's rows (or, given ``columns``, e.g. a count, over the same rows)."""
    scope = db.session.get(Organisation, f["unit"]) if f["unit"] else org
    start, end = year_bounds(f["year"])
    stmt = (sa.select(*(columns or (Proposal, Forum, Organisation, RecommendationAnswer)))
            .select_from(Proposal).join(Forum, Forum.id == Proposal.forum_id)
            .join(Organisation, Organisation.id == Forum.cell_id)
            .outerjoin(RecommendationAnswer, RecommendationAnswer.proposal_id == Proposal.id)
            .where(scope.subtree_filter(), Proposal.kind == "kien_nghi", Proposal.deleted_at.is_(None),
                   Proposal.merged_into_id.is_(None), Forum.status.in_(HELD), Forum.held_on.between(start, end)))
    for key in ("theme", "manifestation"):
        if f[key]:
            stmt = stmt.where(_code_condition(f[key]))
    if f["status"] == "open":
        stmt = stmt.where(RecommendationAnswer.id.is_(None))
    elif f["status"] == "answered":
        stmt = stmt.where(RecommendationAnswer.id.is_not(None))
    return stmt


@bp.get("/recommendations")
@login_required
def recommendations(org_id: int):
    org = scoping.get_overseen_unit_or_404(org_id)
    f = _filters(org)
    stmt = recommendation_query(org, f)
    total = db.session.scalar(recommendation_query(org, f, sa.func.count(Proposal.id)))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=db_int), 1), pages)
    rows = db.session.execute(stmt.order_by(Forum.held_on.desc(), Proposal.id)
                              .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    reported = set(db.session.scalars(sa.select(PartyDocument.forum_id).where(
        PartyDocument.kind == "BC", PartyDocument.status == doc_rules.ADOPTED,
        PartyDocument.forum_id.in_({r[1].id for r in rows} or {-1}))))
    items = db.session.execute(sa.select(CatalogueItem.code, CatalogueItem.kind, CatalogueItem.subject)
                               .order_by(CatalogueItem.position, CatalogueItem.code)).all()
    tags.remember({code: subject for code, _kind, subject in items})  # the chips read the same rows
    args = {k: v for k, v in f.items() if v}
    return render_template("oversight/recommendations.html", org=org, rows=rows, total=total, page=page,
                           pages=pages, f=f, args=args, units=unit_choices(org), reported=reported,
                           themes=[i for i in items if not i[0].startswith("BH")],
                           manifestations=[i for i in items if i[0].startswith("BH")],
                           year=f["year"], ancestors=org.ancestors())


@bp.post("/recommendations/<int:proposal_id>")
@login_required
def answer(org_id: int, proposal_id: int):
    """Answer one recommendation; the cell reads the answer on its review page."""
    org = scoping.get_overseen_unit_or_404(org_id)
    row = db.session.execute(sa.select(Proposal, Forum, Organisation).join(Forum, Forum.id == Proposal.forum_id)
                             .join(Organisation, Organisation.id == Forum.cell_id)
                             .where(Proposal.id == proposal_id, org.subtree_filter())).first()
    if row is None:
        abort(404)
    proposal, forum, cell = row
    form = AnswerForm()
    try:
        with back_to(_back(org, form)):
            validated(form)
            answer_ = followup_actions.answer_recommendation(proposal, form.text.data or "", org.id)
    except Refusal as refusal:
        if not request.htmx:
            raise  # the one responder: a flash and a 303 back to the inbox with its filters
        # htmx: the recommendation answers with the error beside its own answer box, not a toast.
        db.session.rollback()
        return render_template("oversight/_recommendation.html", org=org, p=proposal, forum=forum, cell=cell,
                               a=None, error=refusal.message, reported=set()), refusal.status
    db.session.commit()
    if request.htmx:
        return render_template("oversight/_recommendation.html", org=org, p=proposal, forum=forum, cell=cell,
                               a=answer_, saved=True, reported=set())
    flash(_("Đã trả lời kiến nghị."), "success")
    return redirect(_back(org, form) + f"#rec-{proposal.id}", code=303)


def _back(org: Organisation, form: AnswerForm) -> str:
    """Back to the inbox with the user's filters (a same-site path only, never an open redirect)."""
    target = form.next.data or ""
    if target.startswith(f"/org/{org.id}/oversight/recommendations") and not target.startswith("//"):
        return target
    return url_for("oversight.recommendations", org_id=org.id)
