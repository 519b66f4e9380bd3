"""What a member does in the room from a phone: ask to speak, withdraw, see one's place."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import render_error
from ..extensions import db, limiter
from ..planning import access
from ..rules import voting
from . import actions, queries
from .messages import ERRORS
from .models import Attendance, Speaker

bp = Blueprint("participation", __name__, url_prefix="/forums/<int:forum_id>/speak")


def _phone_key() -> str:
    """Per account: each press is an audited write and a change sent to every screen of the room."""
    from flask_limiter.util import get_remote_address

    if current_user.is_authenticated:
        return f"phone:{current_user.id}"
    return f"phone-addr:{get_remote_address()}"


# Asking to speak, withdrawing and sending a written proposal share one allowance per member (PHONE_RATE_LIMIT).
phone_limit = limiter.shared_limit(lambda: current_app.config["PHONE_RATE_LIMIT"], scope="phone-speak",
                                   key_func=_phone_key)


@bp.errorhandler(429)
def _too_fast(error):
    return render_error(429, _("Bạn bấm quá nhanh. Vui lòng đợi một lát rồi thử lại."))


def _me(forum):
    member = current_user.member
    if member is None or member.cell_id != forum.cell_id or member.suspended:
        abort(403)
    return member


def _place(forum, member) -> tuple[Speaker | None, int | None]:
    waiting = [s for s in queries.speakers(forum) if s.state == "waiting"]
    for index, s in enumerate(waiting, 1):
        if s.member_id == member.id:
            return s, index
    return None, None


def _answer(forum, member, error: str | None = None, status: int = 200):
    if not request.htmx:
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    speaker, place = _place(forum, member)
    mine = [s for s in queries.speakers(forum) if s.member_id == member.id]
    return render_template("meeting/_my_request.html", forum=forum, speaker=speaker, place=place, error=error,
                           speaking=any(s.state in ("speaking", "paused") for s in mine),
                           spoken=sum(s.state == "done" for s in mine)), status


@bp.get("/")
@login_required
def status(forum_id: int):
    forum = access.get_forum_or_404(forum_id)
    return _answer(forum, _me(forum))


@bp.post("/")
@phone_limit
@login_required
def request_to_speak(forum_id: int):
    """Đăng ký phát biểu: the member's name joins the secretary's queue."""
    forum = access.get_forum_or_404(forum_id)
    member = _me(forum)
    mark = db.session.scalar(sa.select(Attendance).where(Attendance.forum_id == forum.id,
                                                         Attendance.member_id == member.id))
    try:
        if mark is None or mark.status not in voting.PRESENT_STATUSES:
            raise actions.SessionError("not_present")
        actions.add_speaker(forum, member=member, requested=True)
    except actions.SessionError as error:
        db.session.rollback()
        if request.htmx:
            return _answer(forum, member, str(ERRORS[error.code]), 422)
        return render_error(422, str(ERRORS[error.code]))
    db.session.commit()
    return _answer(forum, member)


@bp.post("/withdraw")
@phone_limit
@login_required
def withdraw(forum_id: int):
    forum = access.get_forum_or_404(forum_id)
    member = _me(forum)
    speaker, _ = _place(forum, member)
    if speaker is not None and forum.status in actions.RECORD_FROZEN:
        # Whoever was still waiting when the forum ended stays in its record.
        return render_error(409, str(ERRORS["record_closed"]))
    if speaker is not None:
        actions.withdraw_speaker(forum, speaker)
        db.session.commit()
    return _answer(forum, member)
