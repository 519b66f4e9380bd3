"""The committee's review after the forum and the clauses it composes (the ``followup`` blueprint; the
documents on the same blueprint are in document_views.py)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import selectinload

from ..clock import today_local
from ..extensions import db
from ..forms import validated
from ..meeting import queries
from ..meeting.labels import KIND_LABELS
from ..planning import access
from ..refusals import back_to
from ..rules import documents as doc_rules
from ..rules.planning import REVIEWABLE
from . import actions, drafting
from .forms import ClauseForm, RelatedForm, ReviewMeetingForm
from .models import Clause, ClauseSource, PartyDocument, Review

bp = Blueprint("followup", __name__, url_prefix="/forums/<int:forum_id>")


def _forum(forum_id: int, edit: bool = True):
    forum = access.get_forum_or_404(forum_id, plan=edit)
    if forum.status not in REVIEWABLE:
        abort(404)
    return forum


def _document(forum, kind: str) -> PartyDocument | None:
    if kind not in doc_rules.KINDS:
        abort(404)
    return db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum.id,
                                                            PartyDocument.kind == kind))


@bp.get("/review")
@login_required
def review(forum_id: int):
    """The forum at a glance for the chi ủy, and the clauses it keeps; where there is none, the clauses the
    cell adopted at the forum, for the bí thư to write up."""
    forum = _forum(forum_id)
    proposals = queries.proposals(forum, code=request.args.get("code") or None)
    by_kind = {kind: [p for p in proposals if p.kind == kind] for kind in KIND_LABELS}
    speakers = queries.speakers(forum)
    # Each clause lists its sources and their authors: loaded in one go, not per clause.
    clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum.id).order_by(Clause.position)
                                 .options(selectinload(Clause.sources).joinedload(ClauseSource.proposal))).all()
    meeting = db.session.scalar(sa.select(Review).where(Review.forum_id == forum.id))
    codes = drafting.codes_discussed(forum)
    return render_template("followup/review.html", forum=forum, by_kind=by_kind, kinds=KIND_LABELS,
                           figures=queries.figures(forum), speakers=[s for s in speakers if s.begin_time],
                           stats=queries.speaker_stats(forum, speakers), tallies=queries.tallies(forum),
                           clauses=clauses, meeting=meeting, codes=codes, code=request.args.get("code", ""),
                           resolution=_document(forum, "NQ"), minutes=_document(forum, "BB"),
                           report=_document(forum, "BC"), answers=_answers(forum),
                           group_three=drafting.group_three(), at_forum=_at_forum(forum),
                           today=today_local())


def _at_forum(forum) -> bool:
    from ..rules.decision import decided_at_forum

    return decided_at_forum(forum.cell.decision_path)


def _answers(forum) -> dict:
    from ..meeting.models import Proposal
    from .models import RecommendationAnswer

    rows = db.session.scalars(sa.select(RecommendationAnswer)
                              .join(Proposal, Proposal.id == RecommendationAnswer.proposal_id)
                              .where(Proposal.forum_id == forum.id))
    return {a.proposal_id: a for a in rows}


@bp.post("/clauses")
@login_required
def compose(forum_id: int):
    """A clause from the checked proposals (merged and reworded), with owner and deadline."""
    forum = _forum(forum_id)
    back = url_for("followup.review", forum_id=forum.id) + "#clauses"
    from ..meeting.models import Proposal

    form = ClauseForm()
    with back_to(back):
        validated(form)
    chosen = db.session.scalars(sa.select(Proposal).where(Proposal.id.in_(form.selected.data or [-1]))).all()
    text = form.text.data or "; ".join(p.plain_text for p in chosen)
    with back_to(back):
        if forum.status == "concluded":
            actions.start_review(forum)
        actions.compose_clause(forum, text, list(chosen), form.section.data or "task", form.owner.data or "",
                               form.deadline.data, form.good_model.data)
    db.session.commit()
    flash(_("Đã thêm điều khoản."), "success")
    return redirect(back, code=303)


@bp.post("/clauses/<int:clause_id>/delete")
@login_required
def remove_clause(forum_id: int, clause_id: int):
    forum = _forum(forum_id)
    clause = db.session.get(Clause, clause_id)
    if clause is None or clause.forum_id != forum.id:
        abort(404)
    actions.remove_clause(forum, clause)
    db.session.commit()
    return redirect(url_for("followup.review", forum_id=forum.id) + "#clauses", code=303)


@bp.post("/review/related")
@login_required
def related(forum_id: int):
    """The chair confirms which manifestations and tasks members related themselves to; only those are named
    in the draft, by their wording."""
    forum = _forum(forum_id)
    discussed = set(drafting.codes_discussed(forum))
    actions.confirm_related(forum, [c for c in RelatedForm().code.data if c in discussed])
    db.session.commit()
    flash(_("Đã lưu các biểu hiện, nhiệm vụ đảng viên đã liên hệ."), "success")
    return redirect(url_for("followup.review", forum_id=forum.id) + "#related", code=303)


@bp.post("/review/meeting")
@login_required
def meeting(forum_id: int):
    """Record the committee's meeting: date, who attended, notes."""
    forum = _forum(forum_id)
    back = url_for("followup.review", forum_id=forum.id) + "#meeting"
    form = ReviewMeetingForm()
    with back_to(back):
        validated(form)
    actions.record_review_meeting(forum, form.met_on.data, form.attendees.data or "", form.notes.data or "")
    db.session.commit()
    flash(_("Đã ghi nhận cuộc họp chi ủy."), "success")
    return redirect(back, code=303)
