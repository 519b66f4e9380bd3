"""Plans, the cell's year of forums, planning a forum, approval and publication, paper versions."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import scoping
from ..clock import today_local
from ..exports import pdf
from ..extensions import db
from ..forms import choices
from ..members.models import CHAIR_ROLES, Member
from ..org.models import Organisation
from ..rules import documents as doc_rules
from ..rules import planning as rules
from ..vn import name_key
from ..web import db_int
from . import access, actions
from .forms import ActionForm, ApprovalForm, DocumentForm, ForumForm, GuestForm, PlanForm, SecretaryForm
from .labels import APPROVER_LABELS, DOCUMENT_LABELS, GUEST_LABELS, PART_LABELS
from .models import Forum, Plan

bp = Blueprint("planning", __name__)


# --- plans -----------------------------------------------------------------------------------------

@bp.get("/plans")
@login_required
def plans():
    """The plans issued above or within the user's place in the tree."""
    rows = access.plans_for(current_user)
    manageable = current_user.is_admin or bool(current_user.oversight)
    return render_template("planning/plans.html", plans=rows, manageable=manageable)


def _issuer_choices() -> list:
    stmt = sa.select(Organisation).where(Organisation.kind.not_in(("chi_bo_co_so", "chi_bo_truc_thuoc")),
                                         scoping.org_condition(current_user)).order_by(Organisation.path)
    return choices([(o.id, "· " * o.depth + o.name) for o in db.session.scalars(stmt)])


def _plan_data(form: PlanForm) -> dict:
    return {k: form[k].data for k in actions.PLAN_FIELDS}


@bp.route("/plans/new", methods=["GET", "POST"])
@login_required
def create_plan():
    """Record a plan issued by a unit the user oversees."""
    if not (current_user.is_admin or current_user.oversight):
        abort(404)
    form = PlanForm()
    issuer_choices = _issuer_choices()
    org_id = request.values.get("organisation_id", type=db_int)
    organisation = db.session.get(Organisation, org_id) if org_id else None
    if form.validate_on_submit():
        if organisation is None or not access.can_manage_plan(current_user, organisation):
            form.issuer.errors.append(_("Vui lòng chọn đơn vị ban hành trong phạm vi của bạn."))
        else:
            plan = actions.create_plan(organisation, _plan_data(form))
            db.session.commit()
            flash(_("Đã lưu kế hoạch %(n)s.", n=plan.number), "success")
            return redirect(url_for("planning.plans"), code=303)
    return render_template("planning/plan_form.html", form=form, plan=None, issuers=issuer_choices,
                           organisation_id=org_id), 422 if form.errors else 200


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit_plan(plan_id: int):
    plan = access.get_plan_or_404(plan_id, manage=True)
    form = PlanForm(obj=plan)
    if form.validate_on_submit():
        actions.update_plan(plan, _plan_data(form))
        db.session.commit()
        flash(_("Đã lưu kế hoạch %(n)s.", n=plan.number), "success")
        return redirect(url_for("planning.plans"), code=303)
    return render_template("planning/plan_form.html", form=form, plan=plan), 422 if form.errors else 200


# --- the cell's year -------------------------------------------------------------------------------

# The years the list answers; its navigation links only to these (no link to a 404).
YEARS = range(2000, 2101)

@bp.get("/cells/<int:cell_id>/forums")
@login_required
def year(cell_id: int):
    """Forums of the cell in a year, against the plan's 1–2, with their statuses."""
    cell = scoping.get_cell_or_404(cell_id)
    year_ = request.args.get("year", type=db_int) or today_local().year
    if year_ not in YEARS:
        abort(404)
    forums = db.session.scalars(sa.select(Forum).where(
        Forum.cell_id == cell.id, sa.extract("year", Forum.held_on) == year_).order_by(Forum.held_on)).all()
    visible = [f for f in forums if access.can_see(current_user, f)]
    plan = next(iter(access.plans_for(current_user, cell)), None)
    check = rules.year_check([f.status for f in forums], plan.min_forums if plan else 1,
                             plan.max_forums if plan else 2)
    return render_template("planning/year.html", cell=cell, year=year_, forums=visible, check=check, plan=plan,
                           years=YEARS, can_plan=scoping.can_manage_cell(current_user, cell),
                           names=forum_names(visible))


def forum_names(forums: list[Forum]) -> dict[int, tuple[str, str]]:
    """Each forum's (date name, the part of its title that differs from the others') in a list (rules/listing)."""
    from ..rules.listing import date_names, distinct_parts

    return dict(zip((f.id for f in forums), zip(date_names([f.held_on for f in forums]),
                                                distinct_parts([f.title for f in forums]), strict=True), strict=True))


# --- planning a forum ------------------------------------------------------------------------------

def _secretary_choices(cell: Organisation) -> list:
    # Not a member exempt from meetings, suspended, or only attached here for a while.
    members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id, Member.suspended.is_(False),
                                                         Member.exempt.is_(False), Member.temp_out.is_(False))).all()
    members.sort(key=lambda m: name_key(m.full_name))
    return choices([(0, _("— Chưa cử —"))] + [(m.id, m.full_name) for m in members])


def _prepare(form: ForumForm, cell: Organisation) -> list[Plan]:
    plans = access.plans_for(current_user, cell)
    form.plan_id.choices = choices([(0, _("— Không theo kế hoạch —"))] + [(p.id, p.label) for p in plans])
    form.secretary_id.choices = _secretary_choices(cell)
    return plans


def _forum_data(form: ForumForm) -> dict:
    data = {k: form[k].data for k in actions.FORUM_FIELDS}
    data["title"] = " ".join(data["title"].split())
    data["secretary_id"] = data["secretary_id"] or None
    data["plan_id"] = data["plan_id"] or None
    return data


@bp.route("/cells/<int:cell_id>/forums/new", methods=["GET", "POST"])
@login_required
def create_forum(cell_id: int):
    """Plan a forum from the framework programme (the cell's chair)."""
    cell = scoping.get_cell_or_404(cell_id, manage=True)
    form = ForumForm()
    plans = _prepare(form, cell)
    if request.method == "GET":
        form.title.data = plans[0].theme if plans else rules.FORUM_THEME
        form.plan_id.data = plans[0].id if plans else 0
        form.parts.data = list(PART_LABELS)
        form.place.data = _("Hội trường %(cell)s", cell=cell.name)
    if form.validate_on_submit():
        forum = actions.plan_forum(cell, _forum_data(form), form.parts.data)
        db.session.commit()
        flash(_("Đã lập diễn đàn. Kiểm tra chương trình, khách mời và tài liệu rồi trình duyệt."), "success")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    return render_template("planning/forum_form.html", form=form, cell=cell, forum=None), \
        422 if form.errors else 200


@bp.route("/forums/<int:forum_id>/edit", methods=["GET", "POST"])
@login_required
def edit_forum(forum_id: int):
    forum = access.get_forum_or_404(forum_id, plan=True)
    if forum.status not in rules.PREPARING:
        abort(409)
    form = ForumForm(obj=forum)
    _prepare(form, forum.cell)
    if request.method == "GET":
        form.plan_id.data = forum.plan_id or 0
        form.secretary_id.data = forum.secretary_id or 0
    if form.validate_on_submit():
        actions.update_forum(forum, _forum_data(form), form.parts.data)
        db.session.commit()
        flash(_("Đã lưu diễn đàn."), "success")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    return render_template("planning/forum_form.html", form=form, cell=forum.cell, forum=forum), \
        422 if form.errors else 200


@bp.post("/forums/<int:forum_id>/secretary")
@login_required
def set_secretary(forum_id: int):
    """Change or withdraw the secretary at any status until the record is closed (edit_forum is for
    drafts and published forums only; a secretary who leaves must be replaceable in session too)."""
    forum = access.get_forum_or_404(forum_id, plan=True)
    form = SecretaryForm()
    form.secretary_id.choices = _secretary_choices(forum.cell)
    if forum.status == "closed":
        flash(_("Hồ sơ diễn đàn đã hoàn tất: không thay đổi thư ký được nữa."), "error")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    if not form.validate_on_submit():
        flash(_("Vui lòng chọn thư ký là đảng viên đang sinh hoạt tại chi bộ."), "error")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    new = form.secretary_id.data or None
    if actions.set_secretary(forum, new):
        db.session.commit()
        if new is None:
            flash(_("Đã thôi cử thư ký diễn đàn."), "success")
        else:
            flash(_("Đã cử %(name)s làm thư ký diễn đàn.", name=forum.secretary.full_name), "success")
    return redirect(url_for("planning.forum", forum_id=forum.id), code=303)


@bp.post("/forums/<int:forum_id>/delete")
@login_required
def delete_forum(forum_id: int):
    forum = access.get_forum_or_404(forum_id, plan=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not forum.is_draft:
        abort(409)
    cell_id = forum.cell_id
    actions.delete_draft(forum)
    db.session.commit()
    flash(_("Đã xóa dự thảo diễn đàn."), "success")
    return redirect(url_for("planning.year", cell_id=cell_id), code=303)


def warnings_for(forum: Forum) -> list[str]:
    """What the chair should fix before the forum, in plain words."""
    found = []
    minimum = rules.duration_warning(forum.planned_minutes, forum.mode == "monthly")
    if minimum:
        found.append(_("Thời lượng dự kiến %(m)s phút, dưới mức tối thiểu %(n)s phút (Hướng dẫn 42-HD/BTCTW).",
                       m=forum.planned_minutes, n=minimum))
    if forum.secretary_id is None:
        found.append(_("Chưa cử thư ký diễn đàn."))
    elif forum.status != "closed" and (forum.secretary.cell_id != forum.cell_id or forum.secretary.suspended):
        # The rights ended with the membership (access.is_secretary); the chair should appoint someone else.
        found.append(_("Thư ký %(name)s không còn sinh hoạt tại chi bộ: cần cử thư ký khác.",
                       name=forum.secretary.full_name))
    if not any(d.kind == "de_dan" for d in forum.documents) and "de_dan" in (forum.parts or []):
        found.append(_("Chưa có báo cáo đề dẫn."))
    if forum.is_draft and not forum.approved_by:
        found.append(_("Dự thảo chưa được chi ủy hoặc bí thư duyệt (Hướng dẫn 12-HD/BTCTW).")
                     if forum.cell.has_committee
                     else _("Dự thảo chưa được bí thư chi bộ duyệt (Hướng dẫn 12-HD/BTCTW)."))
    if forum.published_at:
        from ..clock import to_local

        if rules.notice_is_short(to_local(forum.published_at).replace(tzinfo=None), forum.starts_at_datetime):
            found.append(_("Tài liệu được gửi đến đảng viên chưa đủ 01 ngày trước diễn đàn."))
    return found


@bp.get("/forums/<int:forum_id>")
@login_required
def forum(forum_id: int):
    """The forum at a glance: details, agenda, guests, documents, and what is still missing."""
    forum = access.get_forum_or_404(forum_id)
    times = rules.item_times(forum.starts_at, [i.planned_minutes for i in forum.agenda])
    cell_type = forum.cell.effective_type()
    suggested = rules.suggested_guest_categories(bool(cell_type and cell_type.rural), forum.cell.is_pilot)
    invited = {g.category for g in forum.guests}
    return render_template(
        "planning/forum.html", forum=forum, times=times, end=rules.end_time(forum.starts_at, forum.planned_minutes),
        warnings=warnings_for(forum) if access.can_plan(current_user, forum) else [],
        can_plan=access.can_plan(current_user, forum), can_operate=access.can_operate(current_user, forum),
        missing_guests=[(c, GUEST_LABELS[c]) for c in suggested if c not in invited],
        chairs=[m.full_name for m in _chairs(forum.cell)], part_labels=PART_LABELS,
        approval=_approval_form(forum),
        action=ActionForm(), guest_form=GuestForm(formdata=None, category=suggested[0]),
        secretary_form=_secretary_form(forum) if access.can_plan(current_user, forum) else None,
        document_form=DocumentForm(formdata=None),
        adopted_resolution=_adopted_resolution(forum),
        offline=offline_panel(forum) if access.can_plan(current_user, forum) else None,
        approver_label=lambda code: APPROVER_LABELS.get(code, code),
        document_label=lambda code: DOCUMENT_LABELS.get(code, code))


def offline_panel(forum: Forum) -> dict:
    from ..offline.views import panel

    return panel(forum)


def _approval_form(forum: Forum) -> ApprovalForm:
    """Where there is no chi ủy only the bí thư approves the draft: the form offers nothing else."""
    form = ApprovalForm(on=today_local(), by="chi_uy" if forum.cell.has_committee else "bi_thu")
    if not forum.cell.has_committee:
        form.by.choices = [c for c in form.by.choices if c.value != "chi_uy"]
    return form


def _secretary_form(forum: Forum) -> SecretaryForm | None:
    if forum.status == "closed":
        return None
    form = SecretaryForm(formdata=None, secretary_id=forum.secretary_id or 0)
    form.secretary_id.choices = _secretary_choices(forum.cell)
    return form


def _adopted_resolution(forum: Forum):
    from ..followup.models import PartyDocument

    return db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum.id,
                                                            PartyDocument.kind == "NQ",
                                                            PartyDocument.status == doc_rules.ADOPTED))


def _chairs(cell: Organisation) -> list[Member]:
    """The chi ủy chairs the forum collectively; where there is none, the bí thư."""
    roles = CHAIR_ROLES if cell.has_committee else {"bi_thu"}
    members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id, Member.role.in_(roles))).all()
    order = ["bi_thu", "pho_bi_thu", "chi_uy_vien"]
    return sorted(members, key=lambda m: (order.index(m.role), name_key(m.full_name)))


@bp.post("/forums/<int:forum_id>/approve")
@login_required
def approve(forum_id: int):
    """Record that the chi ủy (or the bí thư) approved the draft (HD 12)."""
    forum = access.get_forum_or_404(forum_id, plan=True)
    form = ApprovalForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    if form.by.data == "chi_uy" and not forum.cell.has_committee:
        flash(_("Chi bộ không có chi ủy: dự thảo do bí thư chi bộ duyệt."), "error")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    actions.approve_forum(forum, form.by.data, form.on.data, form.note.data or "")
    db.session.commit()
    flash(_("Đã ghi nhận việc duyệt dự thảo."), "success")
    return redirect(url_for("planning.forum", forum_id=forum.id), code=303)


@bp.post("/forums/<int:forum_id>/publish")
@login_required
def publish(forum_id: int):
    """Send the agenda and documents to the members."""
    forum = access.get_forum_or_404(forum_id, plan=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not forum.approved_by:
        flash(_("Cần ghi nhận việc duyệt dự thảo trước khi công bố."), "error")
        return redirect(url_for("planning.forum", forum_id=forum.id), code=303)
    short = actions.publish_forum(forum)
    from ..screen.responses import public_url

    invited = actions.invite_members(forum, public_url(url_for("screen.short_follow", forum_id=forum.id)))
    db.session.commit()
    flash(_("Đã công bố diễn đàn đến đảng viên."), "success")
    if invited:
        flash(_("Giấy mời được gửi đến %(n)s đảng viên (thư điện tử hoặc tin nhắn).", n=invited), "info")
    else:
        flash(_("Chưa gửi giấy mời qua thư hay tin nhắn: chưa đảng viên nào có địa chỉ thư điện tử hoặc số "
                "điện thoại trong danh sách."), "info")
    if short:
        flash(_("Lưu ý: tài liệu cần được gửi đến đảng viên ít nhất 01 ngày trước diễn đàn."), "warning")
    return redirect(url_for("planning.forum", forum_id=forum.id), code=303)


@bp.post("/forums/<int:forum_id>/unpublish")
@login_required
def unpublish(forum_id: int):
    forum = access.get_forum_or_404(forum_id, plan=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    actions.unpublish_forum(forum)
    db.session.commit()
    flash(_("Diễn đàn trở lại dự thảo."), "success")
    return redirect(url_for("planning.forum", forum_id=forum.id), code=303)


PRINTS = {"agenda": "planning/print_agenda.html", "invitation": "planning/print_invitation.html",
          "attendance": "planning/print_attendance.html"}


def _print_html(forum: Forum, what: str, pdf: bool = False) -> str:
    members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id)).all()
    members.sort(key=lambda m: name_key(m.full_name))
    times = rules.item_times(forum.starts_at, [i.planned_minutes for i in forum.agenda])
    return render_template(PRINTS[what], forum=forum, members=members, times=times, pdf=pdf, what=what)


@bp.get("/forums/<int:forum_id>/print/<what>")
@login_required
def print_view(forum_id: int, what: str):
    """Paper fallbacks: the agenda, the invitation (giấy mời), the attendance sheet."""
    forum = access.get_forum_or_404(forum_id)
    if what not in PRINTS:
        abort(404)
    return _print_html(forum, what)


@bp.get("/forums/<int:forum_id>/print/<what>.pdf")
@login_required
def print_pdf(forum_id: int, what: str):
    """The same paper version as a PDF file."""
    forum = access.get_forum_or_404(forum_id)
    if what not in PRINTS:
        abort(404)
    try:
        content = pdf.render(_print_html(forum, what, pdf=True),
                             Path(current_app.static_folder) / "css" / "print.css")
    except pdf.PdfUnavailable:
        flash(_("Máy chủ chưa cài thư viện tạo PDF; hãy dùng nút In của trình duyệt và chọn Lưu thành PDF."),
              "error")
        return redirect(url_for("planning.print_view", forum_id=forum.id, what=what), code=303)
    name = f"{what}-{forum.held_on.isoformat()}.pdf"
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
