"""Written proposals from the members' phones (issue 16.6): the member sends and reads their own; the
secretary accepts, merges or declines each at the console. Routes on the existing blueprints (the phone's
"participation", the console's "meeting"); each POST is one named action of meeting.actions."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import login_required

from ..extensions import db
from ..forms import validated
from ..planning import access
from ..refusals import Refusal
from ..rules.planning import ROLL_OPEN
from . import actions, queries, views
from .forms import DeclineForm, MergeSubmissionForm, WrittenForm
from .labels import ATTENDANCE_LABELS, KIND_LABELS
from .member_views import _me, phone_limit
from .member_views import bp as phone_bp
from .models import SUBMISSION_MAX, Attendance, Proposal, Submission


def my_part(forum, member, status: int = 200):
    """The member's own part of the forum: marked present or not, and the written proposals sent."""
    import sqlalchemy as sa

    from ..followup.models import PartyDocument

    mark = db.session.scalar(sa.select(Attendance).where(Attendance.forum_id == forum.id,
                                                         Attendance.member_id == member.id))
    resolution = db.session.scalar(sa.select(PartyDocument.id).where(PartyDocument.forum_id == forum.id,
                                                                     PartyDocument.kind == "NQ",
                                                                     PartyDocument.status == "adopted"))
    ctx = {"forum": forum, "mark": mark, "attendance_labels": ATTENDANCE_LABELS, "kinds": KIND_LABELS,
           "mine": queries.submissions(forum, member=member), "resolution": resolution,
           "can_send": forum.status in ROLL_OPEN, "limit": SUBMISSION_MAX}
    template = "meeting/_my_part.html" if request.htmx else "meeting/my_part.html"
    return render_template(template, **ctx), status


@phone_bp.get("/mine")
@login_required
def mine(forum_id: int):
    """What the member sent and what became of it; before the forum the way to its agenda and documents,
    after it the way to the adopted resolution and its tasks."""
    forum = access.get_forum_or_404(forum_id)
    if forum.status == "draft":
        abort(404)
    return my_part(forum, _me(forum))


@phone_bp.post("/written")
@phone_limit
@login_required
def submit_written(forum_id: int):
    """Gửi ý kiến bằng văn bản: it waits on the secretary's console."""
    forum = access.get_forum_or_404(forum_id)
    member = _me(forum)
    form = validated(WrittenForm())
    known = views.known_codes()
    actions.submit_written(forum, member, form.text.data, form.kind.data, [c for c in form.codes.data if c in known])
    db.session.commit()
    if not request.htmx:
        from flask import flash, redirect, url_for
        from flask_babel import gettext as _

        flash(_("Đã gửi ý kiến; thư ký sẽ xem xét."), "success")
        return redirect(url_for("participation.mine", forum_id=forum.id), code=303)
    return my_part(forum, member)


# --- the secretary's console -------------------------------------------------------------------------

def _submission(forum, submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.forum_id != forum.id:
        abort(404)
    return submission


@views.bp.post("/submissions/<int:submission_id>/accept")
@login_required
def accept_submission(forum_id: int, submission_id: int):
    forum = views._forum(forum_id)
    actions.accept_submission(forum, _submission(forum, submission_id))
    db.session.commit()
    return views.respond(forum, "submissions", "proposals")


@views.bp.post("/submissions/<int:submission_id>/merge")
@login_required
def merge_submission(forum_id: int, submission_id: int):
    forum = views._forum(forum_id)
    submission = _submission(forum, submission_id)
    into = validated(MergeSubmissionForm()).into.data
    target = db.session.get(Proposal, into) if into else None
    if target is None or target.forum_id != forum.id:
        raise Refusal("merge_target")
    actions.merge_submission(forum, submission, target)
    db.session.commit()
    return views.respond(forum, "submissions", "proposals")


@views.bp.post("/submissions/<int:submission_id>/decline")
@login_required
def decline_submission(forum_id: int, submission_id: int):
    forum = views._forum(forum_id)
    reason = validated(DeclineForm()).reason.data
    actions.decline_submission(forum, _submission(forum, submission_id), reason)
    db.session.commit()
    return views.respond(forum, "submissions")
