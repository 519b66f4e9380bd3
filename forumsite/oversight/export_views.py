"""Downloads of the oversight pages: the figures as XLSX, the synthesis report as DOCX."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, current_app, render_template, request
from flask_login import login_required

from .. import scoping
from ..clock import today_local
from ..exports import docx_synthesis, xlsx_oversight
from ..extensions import db
from ..followup.models import Clause
from ..meeting.capture import without_codes
from ..meeting.models import Proposal
from ..org.models import Organisation
from ..planning.models import Forum
from ..rules.planning import HELD
from . import queries
from .queries import year_bounds
from .views import bp, chosen_plan, chosen_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Ký hiệu of the issuer by kind: document_format.md §7 marks HU, ThU, TXU, ĐU unverified, so these are only
# the defaults of a field the clerk confirms.
ABBREVIATIONS = {"tinh_uy": "TU", "huyen_uy": "HU", "thi_uy": "TXU", "thanh_uy": "ThU",
                 "dang_uy_truc_thuoc": "ĐU", "dang_bo_co_so": "ĐU", "dang_bo_bo_phan": "ĐU"}
FIELDS = ("upper", "issuer", "abbreviation", "place", "authority", "signer_title", "signer_name", "recipients")
LIMITS = {"recipients": 500}


def _overview(org_id: int):
    org = scoping.get_overseen_unit_or_404(org_id)
    year = chosen_year()
    return org, queries.overview(org, year, today_local(), chosen_plan(org, year))


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/export.xlsx")
@login_required
def export_xlsx(org_id: int):
    org, view = _overview(org_id)
    return _download(xlsx_oversight.build(view), XLSX, f"dien-dan-{view.year}-don-vi-{org.id}.xlsx")


def _defaults(org: Organisation) -> dict:
    parent = org.parent
    return {"upper": parent.name if parent else "ĐẢNG BỘ TỈNH", "issuer": org.name,
            "abbreviation": "BC/" + ABBREVIATIONS.get(org.kind, "ĐU"), "place": org.place_name,
            "authority": "T/M BAN THƯỜNG VỤ", "signer_title": "", "signer_name": "",
            "recipients": "- Như trên,\n- Lưu VP."}


def _letterhead(org: Organisation) -> docx_synthesis.Letterhead:
    values = _defaults(org)
    for key in FIELDS:
        if key in request.args:
            values[key] = request.args.get(key, "")[:LIMITS.get(key, 200)]
    return docx_synthesis.Letterhead(**values)


@bp.get("/synthesis")
@login_required
def synthesis(org_id: int):
    """The form before the synthesis report: the letterhead and the signer, with defaults."""
    org = scoping.get_overseen_unit_or_404(org_id)
    return render_template("oversight/synthesis.html", org=org, values=_defaults(org), year=chosen_year(),
                           ancestors=org.ancestors())


def _texts(org: Organisation, year: int, kind: str, limit: int = 30) -> list[tuple[str, str]]:
    """The latest recommendations or good models of the subtree, with their cell (for the report)."""
    start, end = year_bounds(year)
    if kind == "model":
        stmt = (sa.select(Clause.text, Organisation.name, sa.null()).join(Forum, Forum.id == Clause.forum_id)
                .where(Clause.good_model.is_(True)))
    else:
        stmt = (sa.select(Proposal.text, Organisation.name, Proposal.codes).join(Forum, Forum.id == Proposal.forum_id)
                .where(Proposal.kind == "kien_nghi", Proposal.deleted_at.is_(None),
                       Proposal.merged_into_id.is_(None)))
    stmt = (stmt.join(Organisation, Organisation.id == Forum.cell_id)
            .where(org.subtree_filter(), Forum.status.in_(HELD), Forum.held_on.between(start, end))
            .order_by(Forum.held_on.desc()).limit(limit))
    # Codes are tags, never prose in a report (records captured before they became tags still carry them).
    rows = db.session.execute(stmt)
    return [(without_codes(text, set(codes)) if codes else text, cell) for text, cell, codes in rows]


@bp.get("/synthesis.docx")
@login_required
def synthesis_docx(org_id: int):
    org, view = _overview(org_id)
    body = docx_synthesis.build(view, _letterhead(org), today_local(), _texts(org, view.year, "recommendation"),
                                _texts(org, view.year, "model"),
                                current_app.config.get("DOCUMENT_MARGINS_MM", (20, 20, 30, 15)))
    return _download(body, DOCX, f"bao-cao-tong-hop-{view.year}-don-vi-{org.id}.docx")
