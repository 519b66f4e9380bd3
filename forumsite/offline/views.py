"""The chair's offline actions on the forum's page: take the forum to the meeting room, take it back, receive its
record (with the differences to accept first, when the server's forum changed meanwhile)."""
from __future__ import annotations

import secrets
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..planning import access
from ..planning.forms import ActionForm
from ..refusals import Refusal
from . import (
    actions,
    checkin,
    messages,  # noqa: F401  (registers the refusals' words)
)
from .forms import CheckoutForm
from .labels import describe
from .models import ForumCheckout, LaptopCopy, OfflineCheckin

bp = Blueprint("offline", __name__, url_prefix="/forums/<int:forum_id>/offline")

PENDING_SECONDS = 3600  # an uploaded record waits this long for the chair's decision on its differences


def panel(forum) -> dict:
    """What the forum's page shows the chair about the offline way of working."""
    last = db.session.scalar(sa.select(OfflineCheckin).where(OfflineCheckin.forum_id == forum.id)
                             .order_by(OfflineCheckin.id.desc()).limit(1))
    laptop, ever_out = db.session.execute(sa.select(
        sa.exists().where(LaptopCopy.forum_id == forum.id),
        sa.exists().where(ForumCheckout.forum_id == forum.id))).one()
    return {"checkout": forum.checkout if forum.checkout_id else None, "last": last, "laptop": laptop,
            "ever_out": ever_out,
            "form": CheckoutForm(formdata=None), "notes": [describe(n) for n in (last.notes if last else [])]}


def _back(forum_id: int):
    return redirect(url_for("planning.forum", forum_id=forum_id) + "#offline", code=303)


def _zip(content: bytes, name: str):
    from io import BytesIO

    return send_file(BytesIO(content), mimetype="application/zip", as_attachment=True, download_name=name)


@bp.post("/checkout")
@login_required
def checkout(forum_id: int):
    """Mark the forum as held on a laptop, and download its package."""
    forum = access.get_forum_or_404(forum_id, plan=True)
    form = CheckoutForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _back(forum.id)
    _checkout, content = actions.check_out(forum, form.destination.data or "", current_user)
    db.session.commit()
    return _zip(content, f"dien-dan-{forum.id}.forumsite.zip")


@bp.post("/package")
@login_required
def package_again(forum_id: int):
    forum = access.get_forum_or_404(forum_id, plan=True, while_away=True)
    ActionForm().validate_on_submit() or abort(400)
    content = actions.package_again(forum, current_user)
    db.session.commit()
    return _zip(content, f"dien-dan-{forum.id}.forumsite.zip")


@bp.post("/export")
@login_required
def export_record(forum_id: int):
    """On the laptop: the forum's record, to carry back to the server (the same file as forum-export)."""
    forum = access.get_forum_or_404(forum_id, plan=True, while_away=True)
    ActionForm().validate_on_submit() or abort(400)
    content = actions.export_audited(forum, current_user)
    db.session.commit()
    return _zip(content, f"bien-ban-dien-dan-{forum.id}.forumsite.zip")


@bp.post("/cancel")
@login_required
def cancel(forum_id: int):
    """Thu hồi: the server accepts changes to the forum again."""
    forum = access.get_forum_or_404(forum_id, plan=True, while_away=True)
    ActionForm().validate_on_submit() or abort(400)
    actions.cancel_checkout(forum, current_user)
    db.session.commit()
    flash(_("Đã thu hồi diễn đàn về máy chủ; biên bản từ máy họp gửi về sau sẽ được đối chiếu trước khi nhận."),
          "success")
    return _back(forum.id)


def _pending_dir() -> Path:
    folder = Path(current_app.instance_path) / "offline" / "pending"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.zip"):
        if old.stat().st_mtime < time.time() - PENDING_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def receive(forum, content: bytes, accept: bool, user):
    """Check, compare, apply: the differences (and the record held back) when the chair must decide first,
    else the check-in (None when the record had been received before)."""
    opened, _found = actions.open_record(content, forum)
    if actions.already_received(opened) is not None:
        return "already", None
    found = checkin.differences(forum, opened)
    if found and not accept:
        return "differences", found
    entry = actions.check_in(forum, opened, user, accepted=found)
    return "applied", entry


@bp.post("/checkin")
@login_required
def checkin_upload(forum_id: int):
    """The record from the meeting room, uploaded: applied at once, or its differences shown first."""
    forum = access.get_forum_or_404(forum_id, plan=True, while_away=True)
    ActionForm().validate_on_submit() or abort(400)
    upload = request.files.get("record")
    content = upload.read(current_app.config["MAX_CONTENT_LENGTH"]) if upload else b""
    if not content:
        raise Refusal("offline_not_zip", back=url_for("planning.forum", forum_id=forum.id))
    return _decide(forum, content, accept=False)


@bp.post("/checkin/confirm")
@login_required
def checkin_confirm(forum_id: int):
    """The chair accepts the differences (the record is applied) or stops (nothing changes)."""
    forum = access.get_forum_or_404(forum_id, plan=True, while_away=True)
    ActionForm().validate_on_submit() or abort(400)
    token = request.form.get("token", "")
    path = _pending_dir() / f"{token}.zip"
    if not token.isalnum() or not path.is_file():
        raise Refusal("offline_expired", back=url_for("planning.forum", forum_id=forum.id))
    if request.form.get("decision") != "accept":
        path.unlink(missing_ok=True)
        flash(_("Đã dừng: biên bản từ máy họp chưa được ghi nhận, diễn đàn trên máy chủ giữ nguyên."), "info")
        return _back(forum.id)
    response = _decide(forum, path.read_bytes(), accept=True)
    path.unlink(missing_ok=True)
    return response


def _decide(forum, content: bytes, accept: bool):
    back = url_for("planning.forum", forum_id=forum.id)
    try:
        outcome, detail = receive(forum, content, accept, current_user)
    except Refusal as refusal:
        refusal.back = refusal.back or back
        raise
    if outcome == "already":
        flash(_("Biên bản này đã nhận trước đó; không ghi lại lần nữa."), "info")
        return _back(forum.id)
    if outcome == "differences":
        token = secrets.token_hex(16)
        (_pending_dir() / f"{token}.zip").write_bytes(content)
        return render_template("offline/differences.html", forum=forum, token=token, action=ActionForm(),
                               differences=[describe({"code": "accepted", "what": w, "name": n, "how": h})
                                            for w, n, h in detail]), 409
    db.session.commit()
    flash(_("Đã nhận biên bản diễn đàn từ máy họp."), "success")
    for note in detail.notes:
        flash(describe(note), "info")
    return _back(forum.id)
