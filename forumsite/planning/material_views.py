"""Guests and documents of a forum."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..extensions import db
from ..meeting.actions import require_open_record
from ..refusals import Refusal
from . import access, actions, documents
from .forms import ActionForm, DocumentForm, GuestForm
from .models import ForumDocument, Guest
from .views import bp


def _back(forum_id: int, anchor: str):
    return redirect(url_for("planning.forum", forum_id=forum_id) + anchor, code=303)


def _require_open(forum, anchor: str) -> None:
    """Guests and documents are part of the session's record: once the forum has ended, the refusal
    goes back to the page with the reason."""
    try:
        require_open_record(forum)
    except Refusal as error:
        error.back = url_for("planning.forum", forum_id=forum.id) + anchor
        raise


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@bp.post("/forums/<int:forum_id>/guests")
@login_required
def invite(forum_id: int):
    forum = access.get_forum_or_404(forum_id, plan=True)
    _require_open(forum, "#guests")
    form = GuestForm()
    if not form.validate_on_submit():
        flash(_errors(form), "error")
        return _back(forum.id, "#guests")
    actions.invite_guest(forum, form.name.data.strip(), form.position.data or "", form.organisation.data or "",
                         form.category.data)
    db.session.commit()
    flash(_("Đã thêm khách mời %(name)s.", name=form.name.data.strip()), "success")
    return _back(forum.id, "#guests")


@bp.post("/forums/<int:forum_id>/guests/<int:guest_id>/delete")
@login_required
def uninvite(forum_id: int, guest_id: int):
    forum = access.get_forum_or_404(forum_id, plan=True)
    guest = db.session.get(Guest, guest_id)
    if guest is None or guest.forum_id != forum.id:
        abort(404)
    _require_open(forum, "#guests")
    if not ActionForm().validate_on_submit():
        abort(400)
    actions.remove_guest(guest)
    db.session.commit()
    return _back(forum.id, "#guests")


def _folder(forum_id: int) -> Path:
    return Path(current_app.instance_path) / "uploads" / str(forum_id)


@bp.post("/forums/<int:forum_id>/documents")
@login_required
def upload(forum_id: int):
    """Attach a PDF, DOCX or ODT, checked by content and size."""
    forum = access.get_forum_or_404(forum_id, operate=True)
    _require_open(forum, "#documents")
    form = DocumentForm()
    if not form.validate_on_submit():
        flash(_errors(form), "error")
        return _back(forum.id, "#documents")
    upload = request.files.get("file")
    content = upload.read(current_app.config["DOCUMENT_MAX_BYTES"] + 1) if upload else b""
    if not content:
        flash(_("Vui lòng chọn tệp tài liệu."), "error")
        return _back(forum.id, "#documents")
    if len(content) > current_app.config["DOCUMENT_MAX_BYTES"]:
        flash(_("Tài liệu quá lớn (tối đa %(n)s MB).", n=current_app.config["DOCUMENT_MAX_BYTES"] // 2**20), "error")
        return _back(forum.id, "#documents")
    kind = documents.sniff(content)
    if kind is None:
        flash(_("Chỉ nhận tài liệu PDF, DOCX hoặc ODT (kiểm tra theo nội dung tệp)."), "error")
        return _back(forum.id, "#documents")
    content_type, extension = documents.TYPES[kind]
    filename = Path(upload.filename or f"tai-lieu{extension}").name[:200]
    actions.attach_document(forum, _folder(forum.id), content, form.kind.data,
                            (form.title.data or "").strip() or filename, filename, content_type, extension)
    db.session.commit()
    flash(_("Đã đính kèm %(name)s.", name=filename), "success")
    return _back(forum.id, "#documents")


def _document(forum_id: int, document_id: int, operate: bool = False) -> ForumDocument:
    forum = access.get_forum_or_404(forum_id, operate=operate)
    document = db.session.get(ForumDocument, document_id)
    if document is None or document.forum_id != forum.id:
        abort(404)
    return document


@bp.get("/forums/<int:forum_id>/documents/<int:document_id>")
@login_required
def download(forum_id: int, document_id: int):
    document = _document(forum_id, document_id)
    path = _folder(forum_id) / document.stored_name
    if not path.exists():
        abort(404)
    # Served as what the upload check found it to be, never under the uploader's extension (an HTML page).
    content_type, name = documents.download_name(document.filename, document.stored_name)
    response = send_file(path, mimetype=content_type)
    # RFC 5987: Vietnamese file names survive the download.
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@bp.post("/forums/<int:forum_id>/documents/<int:document_id>/delete")
@login_required
def remove_document(forum_id: int, document_id: int):
    document = _document(forum_id, document_id, operate=True)
    _require_open(document.forum, "#documents")
    if not ActionForm().validate_on_submit():
        abort(400)
    actions.remove_document(document, _folder(forum_id))
    db.session.commit()
    return _back(forum_id, "#documents")
