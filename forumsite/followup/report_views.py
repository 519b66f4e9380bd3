"""The upper committee's side of the reports: what the cells below sent, receipt, answers."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import joinedload

from .. import scoping
from ..extensions import db
from ..forms import validated
from ..meeting.models import Proposal
from ..org.models import Organisation
from ..planning.models import Forum
from ..refusals import back_to
from ..rules import documents as doc_rules
from . import actions
from .forms import AnswerForm
from .models import DocumentCorrection, PartyDocument, RecommendationAnswer

bp = Blueprint("reports", __name__, url_prefix="/org/<int:org_id>/reports")


def _unit(org_id: int) -> Organisation:
    """An upper unit the user oversees (reading rights on it are the right to answer for it)."""
    org = scoping.get_org_or_404(org_id)
    if org.is_cell:
        abort(404)
    return org


@bp.get("/")
@login_required
def inbox(org_id: int):
    """Reports sent by the cells of this subtree, newest first, with their recommendations."""
    unit = _unit(org_id)
    rows = db.session.execute(
        sa.select(PartyDocument, Forum, Organisation).join(Forum, Forum.id == PartyDocument.forum_id)
        .join(Organisation, Organisation.id == Forum.cell_id)
        .where(PartyDocument.kind == "BC", PartyDocument.status == doc_rules.ADOPTED, unit.subtree_filter())
        .order_by(PartyDocument.issued_on.desc(), PartyDocument.id.desc())).all()
    forum_ids = [f.id for _d, f, _o in rows]
    recommendations = db.session.scalars(sa.select(Proposal).where(
        Proposal.forum_id.in_(forum_ids or [-1]), Proposal.kind == "kien_nghi", Proposal.deleted_at.is_(None),
        Proposal.merged_into_id.is_(None)).order_by(Proposal.id)).all()
    answers = {a.proposal_id: a for a in db.session.scalars(sa.select(RecommendationAnswer).where(
        RecommendationAnswer.proposal_id.in_([p.id for p in recommendations] or [-1])))}
    by_forum: dict[int, list] = {}
    for p in recommendations:
        by_forum.setdefault(p.forum_id, []).append(p)
    # A document corrected after adoption (đính chính) is shown to the committee above, which received it.
    corrections = db.session.execute(
        sa.select(DocumentCorrection, PartyDocument, Forum, Organisation)
        .join(PartyDocument, PartyDocument.id == DocumentCorrection.document_id)
        .join(Forum, Forum.id == PartyDocument.forum_id).join(Organisation, Organisation.id == Forum.cell_id)
        .where(unit.subtree_filter()).options(joinedload(DocumentCorrection.section))
        .order_by(DocumentCorrection.at.desc(), DocumentCorrection.id.desc()).limit(200)).all()
    return render_template("followup/reports.html", unit=unit, rows=rows, by_forum=by_forum, answers=answers,
                           corrections=corrections, doc_symbol=doc_rules.symbol)


def _report(unit: Organisation, document_id: int) -> PartyDocument:
    doc = db.session.get(PartyDocument, document_id)
    if doc is None or doc.kind != "BC":
        abort(404)
    cell = db.session.get(Organisation, doc.organisation_id)
    if not cell.path.startswith(unit.path):
        abort(404)
    return doc


@bp.post("/<int:document_id>/received")
@login_required
def received(org_id: int, document_id: int):
    unit = _unit(org_id)
    doc = _report(unit, document_id)
    with back_to(url_for("reports.inbox", org_id=unit.id)):
        actions.mark_received(doc, unit.id)
    db.session.commit()
    flash(_("Đã xác nhận nhận báo cáo."), "success")
    return redirect(url_for("reports.inbox", org_id=unit.id) + f"#report-{doc.id}", code=303)


@bp.post("/recommendations/<int:proposal_id>")
@login_required
def answer(org_id: int, proposal_id: int):
    """Answer one recommendation; the cell reads it on its review page."""
    unit = _unit(org_id)
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    forum = db.session.get(Forum, proposal.forum_id)
    if not forum.cell.path.startswith(unit.path):
        abort(404)
    form = AnswerForm()
    with back_to(url_for("reports.inbox", org_id=unit.id)):
        validated(form)
        actions.answer_recommendation(proposal, form.text.data or "", unit.id)
    db.session.commit()
    flash(_("Đã trả lời kiến nghị."), "success")
    return redirect(url_for("reports.inbox", org_id=unit.id) + f"#rec-{proposal.id}", code=303)
