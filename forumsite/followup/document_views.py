"""The cell's documents after the forum, on the ``followup`` blueprint: drafts (resolution, minutes, report),
autosave and versions, corrections, the pre-adoption check, adoption and export."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..clock import today_local
from ..exports import party_print
from ..extensions import db
from ..forms import validated
from ..meeting import queries
from ..meeting.labels import ADOPTION_KINDS
from ..planning import access
from ..refusals import Refusal, back_to
from ..rules import documents as doc_rules
from . import actions, drafting
from .forms import AdoptionForm, CorrectionForm, LockForm, SectionForm
from .models import DocumentSection
from .views import _document, _forum, bp

DRAFTERS = {"NQ": drafting.resolution_sections, "BB": drafting.minutes_sections, "BC": drafting.report_sections}


@bp.post("/documents/<kind>/draft")
@login_required
def draft(forum_id: int, kind: str):
    """Write the draft resolution (from the forum and the clauses) or minutes (from the session record)."""
    forum = _forum(forum_id)
    if kind not in DRAFTERS:
        abort(404)
    with back_to(url_for("followup.review", forum_id=forum.id)):
        if forum.status == "concluded":
            actions.start_review(forum)
        actions.create_document(forum, kind, DRAFTERS[kind](forum))
    db.session.commit()
    return redirect(url_for("followup.document", forum_id=forum.id, kind=kind), code=303)


def _refuse_unchecked(forum, doc, form: LockForm):
    """The check and the confirmation every locking step passes: None when the document may be locked."""
    problems = _problems(forum, doc)
    if problems:
        db.session.rollback()
        return _document_page(forum, doc, status=422, refused=True, form=request.form)
    if not form.confirm.data:
        db.session.rollback()
        return _document_page(forum, doc, status=422, unconfirmed=True, form=request.form)
    return None


@bp.post("/documents/BC/send")
@login_required
def send_report(forum_id: int):
    """Send the report with the recommendations to the parent organisation."""
    forum = _forum(forum_id)
    doc = _document(forum, "BC")
    back = url_for("followup.document", forum_id=forum.id, kind="BC")
    if doc is None:
        abort(404)
    form = LockForm()
    with back_to(back):
        validated(form)
    if not doc.locked and (refused := _refuse_unchecked(forum, doc, form)):
        return refused
    with back_to(back):
        actions.send_report(forum, doc)
    db.session.commit()
    flash(_("Đã gửi báo cáo %(s)s lên cấp trên.", s=doc_rules.symbol(doc.number, doc.kind)), "success")
    return redirect(back, code=303)


@bp.post("/documents/BB/approve")
@login_required
def approve_minutes(forum_id: int):
    """The minutes, read back to the cell, are approved: locked and numbered BB."""
    forum = _forum(forum_id)
    doc = _document(forum, "BB")
    back = url_for("followup.document", forum_id=forum.id, kind="BB")
    if doc is None:
        abort(404)
    form = LockForm()
    with back_to(back):
        validated(form)
    if not doc.locked and (refused := _refuse_unchecked(forum, doc, form)):
        return refused
    with back_to(back):
        actions.adopt_document(forum, doc, None, form.on.data or today_local())
    db.session.commit()
    flash(_("Đã thông qua: %(s)s.", s=doc_rules.symbol(doc.number, doc.kind)), "success")
    return redirect(back, code=303)


@bp.get("/documents/<kind>")
@login_required
def document(forum_id: int, kind: str):
    """The composer (the chair) or the adopted text (members)."""
    forum = access.get_forum_or_404(forum_id)
    doc = _document(forum, kind)
    can_edit = access.can_plan(current_user, forum)
    if doc is None or (not can_edit and not doc.locked):
        abort(404)
    return _document_page(forum, doc, can_edit)


def _document_page(forum, doc, can_edit: bool = True, status: int = 200, **extra):
    """The document page; also the answer (422) to an adoption refused, with what to fix."""
    from ..rules import voting
    from .record import load

    editing = can_edit and not doc.locked
    record = load(forum) if editing else None
    decided_tally, decided_line = _forum_adoption(forum) if editing and doc.kind == "NQ" else (None, "")
    return render_template("followup/document.html", forum=forum, doc=doc, can_edit=editing,
                           can_correct=can_edit and doc.locked, diffs={s.id: _diffs(s) for s in doc.sections},
                           symbol=doc_rules.shown_symbol(doc.number, doc.kind), record=record,
                           problems=_problems(forum, doc, record) if editing else [], today=today_local(),
                           needed=voting.needed_to_pass, decided_tally=decided_tally, decided_line=decided_line,
                           form=extra.pop("form", {}), **extra), status


def _problems(forum, doc, record=None, adopted: bool = False) -> list[str]:
    """The pre-adoption check, in words (rules/documents.py adoption_problems)."""
    from ..exports import docx_party
    from .messages import PROBLEMS
    from .record import load

    record = record or load(forum)

    signer = docx_party.secretary_name(forum)
    if doc.kind == "BB":
        signer = signer if forum.secretary is not None else ""
    found = doc_rules.adoption_problems([(s.key, s.title, s.text) for s in doc.sections], forum.cell.place_name,
                                        signer, record.fractions(), adopted=adopted)
    return [str(PROBLEMS[code]) % {"where": where} for code, where in found]


def _diffs(section: DocumentSection) -> dict[int, list[tuple[str, str]]]:
    """For each version, its changes from the one before: (kind, line) with kind "+", "-" or " "."""
    import difflib

    out, previous = {}, None
    for v in section.versions:
        if previous is not None:
            lines = []
            for line in difflib.ndiff(previous.text.splitlines(), v.text.splitlines()):
                if line[:1] in "+- ":
                    lines.append((line[:1], line[2:]))
            out[v.version] = lines
        previous = v
    return out


@bp.get("/documents/<kind>/print")
@login_required
def print_document(forum_id: int, kind: str):
    """The document as it prints (A4, Times New Roman): the browser's print or save as PDF."""
    forum, doc = _readable(forum_id, kind)
    return party_print.print_html(forum, doc)


def _readable(forum_id: int, kind: str):
    """A document the user may read: the adopted text for the cell and above, drafts for its chairs."""
    forum = access.get_forum_or_404(forum_id)
    doc = _document(forum, kind)
    if doc is None or (not doc.locked and not access.can_plan(current_user, forum)):
        abort(404)
    return forum, doc


def _section(forum, kind: str, section_id: int) -> DocumentSection:
    doc = _document(forum, kind)
    section = db.session.get(DocumentSection, section_id)
    if doc is None or section is None or section.document_id != doc.id:
        abort(404)
    return section


@bp.post("/documents/<kind>/sections/<int:section_id>")
@login_required
def save_section(forum_id: int, section_id: int, kind: str):
    """Autosave of one section; a save made meanwhile by someone else is a visible conflict."""
    forum = _forum(forum_id)
    section = _section(forum, kind, section_id)
    form = SectionForm()
    if form.version.data is None:
        abort(400)
    validated(form)
    try:
        actions.edit_section(forum, section, form.text.data, form.version.data)
    except actions.EditConflict as conflict:
        db.session.rollback()
        if not request.htmx:  # the no-script Save button: the whole page, both texts beside the section
            return _document_page(forum, section.document, status=409, conflict=conflict)
        return render_template("followup/_conflict.html", forum=forum, kind=kind, section=conflict.section,
                               theirs=conflict.theirs, mine=conflict.mine), 409
    db.session.commit()
    if not request.htmx:
        flash(_("Đã lưu phiên bản %(v)s · %(u)s", v=section.version, u=section.updated_by), "success")
        return redirect(url_for("followup.document", forum_id=forum.id, kind=kind) + f"#section-{section.id}",
                        code=303)
    return render_template("followup/_saved.html", section=section)


@bp.post("/documents/<kind>/sections/<int:section_id>/restore/<int:version>")
@login_required
def restore(forum_id: int, section_id: int, kind: str, version: int):
    forum = _forum(forum_id)
    section = _section(forum, kind, section_id)
    back = url_for("followup.document", forum_id=forum.id, kind=kind) + f"#section-{section.id}"
    with back_to(back):
        actions.restore_section(forum, section, version)
    db.session.commit()
    flash(_("Đã khôi phục phiên bản %(v)s.", v=version), "success")
    return redirect(back, code=303)


@bp.post("/documents/<kind>/sections/<int:section_id>/correct")
@login_required
def correct(forum_id: int, kind: str, section_id: int):
    """Đính chính by the chair: an adopted document keeps its number; the section gets a new version, the
    reason is recorded and shown to the cell and the upper committee."""
    forum = _forum(forum_id)
    section = _section(forum, kind, section_id)
    doc = section.document
    back = url_for("followup.document", forum_id=forum.id, kind=kind) + f"#section-{section.id}"
    form = CorrectionForm()
    with back_to(back):
        validated(form)
    with back_to(back):
        actions.correct_section(forum, section, form.text.data, form.reason.data or "")
    problems = _problems(forum, doc, adopted=True)
    if problems:  # a correction may not bring back a placeholder or a figure the record does not state
        db.session.rollback()
        return _document_page(forum, doc, status=422, correction_problems=problems, form=request.form)
    db.session.commit()
    flash(_("Đã đính chính %(s)s; số và ngày của văn bản giữ nguyên.", s=doc_rules.symbol(doc.number, doc.kind)),
          "success")
    return redirect(back, code=303)


@bp.post("/documents/<kind>/adopt")
@login_required
def adopt(forum_id: int, kind: str):
    """The vote that adopts the resolution (or approves the minutes): then locked and numbered.

    Only the hands are typed; the eligible members and those present come from the record (probe F16)."""
    forum = _forum(forum_id)
    doc = _document(forum, kind)
    if doc is None:
        abort(404)
    back = url_for("followup.document", forum_id=forum.id, kind=kind)
    if doc.locked:
        raise Refusal("locked", back=back)
    form = AdoptionForm()
    if refused := _refuse_unchecked(forum, doc, form):
        return refused
    if kind == "NQ" and (decided := _forum_adoption(forum))[0] is not None:
        form = LockForm()
        with back_to(back):
            validated(form)
        return _issue_decided(forum, doc, form, *decided)
    with back_to(back):
        validated(form)
    try:
        with back_to(back):
            # Stored by kind, its words written in each reader's language (meeting.labels.tally_subject).
            tally = actions.record_adoption_vote(forum, "", form.votes_for.data, form.against.data,
                                                 form.not_voting.data, confirm_gap=form.confirm_gap.data,
                                                 subject_kind=ADOPTION_KINDS.get(kind, "other"))
            if not tally.passed:
                db.session.commit()
                flash(_("Biểu quyết không thông qua (%(f)s/%(e)s tán thành): văn bản vẫn là dự thảo.",
                        f=tally.votes_for, e=tally.eligible), "error")
                return redirect(back, code=303)
            actions.adopt_document(forum, doc, tally, form.on.data or today_local())
    except Refusal as refusal:
        if refusal.code != "adoption_count_gap":
            raise
        db.session.rollback()  # the count is questioned on the page itself, with the gap to confirm
        return _document_page(forum, doc, status=422, gap=_gap(forum, form), form=request.form)
    db.session.commit()
    flash(_("Đã thông qua: %(s)s.", s=doc_rules.symbol(doc.number, doc.kind)), "success")
    return redirect(back, code=303)


def _forum_adoption(forum):
    from .record import forum_adoption

    return forum_adoption(forum)


def _issue_decided(forum, doc, form: LockForm, tally, line: str):
    """No chi ủy: the cell adopted the resolution's content by its vote at the forum. The bí thư writes it up
    and signs it; no second vote is held, and the adoption line cites the forum's."""
    back = url_for("followup.document", forum_id=forum.id, kind=doc.kind)
    with back_to(back):
        actions.adopt_document(forum, doc, tally, form.on.data or today_local(), line=line)
    db.session.commit()
    flash(_("Đã ban hành nghị quyết %(s)s theo kết quả chi bộ biểu quyết tại diễn đàn.",
            s=doc_rules.symbol(doc.number, doc.kind)), "success")
    return redirect(back, code=303)


def _gap(forum, form: AdoptionForm) -> int:
    from ..rules import figures as fig

    return fig.count_gap(form.votes_for.data, form.against.data, form.not_voting.data,
                         queries.figures(forum).present_voters)


@bp.get("/documents/<kind>.docx")
@login_required
def export_docx(forum_id: int, kind: str):
    """The document in Word format, laid out per HD 36-HD/VPTW."""
    from ..exports import docx_party

    forum, doc = _readable(forum_id, kind)
    content = docx_party.build(forum, doc, current_app.config["DOCUMENT_MARGINS_MM"])
    name = f"{kind}-{doc.number or 'du-thao'}-{forum.held_on.isoformat()}.docx"
    return Response(content, headers={"Content-Disposition": f"attachment; filename={name}"},
                    mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.get("/documents/<kind>.pdf")
@login_required
def export_pdf(forum_id: int, kind: str):
    from ..exports import pdf

    forum, doc = _readable(forum_id, kind)
    try:
        content = party_print.document_pdf(forum, doc)
    except pdf.PdfUnavailable:
        flash(_("Máy chủ chưa cài thư viện tạo PDF; hãy tải DOCX."), "error")
        return redirect(url_for("followup.document", forum_id=forum.id, kind=kind), code=303)
    name = f"{kind}-{doc.number or 'du-thao'}-{forum.held_on.isoformat()}.pdf"
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
