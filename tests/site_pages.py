"""Every kind of page of forumsite, with the user who sees it, over the demo province made complete:
a forum held and adopted (review, resolution, minutes, report, tasks, an answered recommendation, a
published good model) and a forum in session (attendance, speakers, proposals, a tally, a projector).

Shared by the accessibility tests (axe in Chromium) and the query budgets (test client)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from forumsite.clock import today_local
from forumsite.extensions import db

DISPLAY_TOKEN = "projector-token-for-the-page-tests"

LIVE_PROPOSALS = [
    "gp: Mỗi tháng một buổi sinh hoạt chuyên đề về tự phê bình và phê bình BH5",
    "nn: Một số đảng viên chưa gương mẫu trong sinh hoạt chi bộ BH3",
    "kn: Đề nghị Đảng ủy xã tổ chức lớp bồi dưỡng lý luận chính trị NV2",
    "mh: Mô hình “Dân vận khéo” ở khu dân cư NV3",
]


def build_site(app, demo) -> dict:
    """Complete the demo (the ``demo`` fixture leaves the finished forum out) and return the ids pages need."""
    from forumsite.demo import _finished_forum
    from forumsite.followup import actions as follow
    from forumsite.followup import drafting
    from forumsite.followup.models import Clause
    from forumsite.meeting import actions as live
    from forumsite.meeting.models import Proposal
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.oversight import actions as oversight
    from forumsite.planning import actions as plan
    from forumsite.planning.models import Forum

    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        members = {m.full_name: m for m in db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id))}
        secretary = members["Phạm Thị Hương"]
        _finished_forum(cell, secretary)
        held = db.session.scalar(sa.select(Forum).where(Forum.cell_id == cell.id))
        report = follow.create_document(held, "BC", drafting.report_sections(held))
        follow.send_report(held, report, dt.date(2026, 10, 6))
        province = db.session.get(Organisation, demo["province"])
        recommendation = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == held.id,
                                                                      Proposal.kind == "kien_nghi"))
        follow.answer_recommendation(recommendation, "Đảng ủy xã mở lớp vào quý I năm 2027.", province.id)
        model = db.session.scalar(sa.select(Clause).where(Clause.forum_id == held.id, Clause.good_model.is_(True)))
        oversight.publish_model(province, model, "Mỗi đảng viên một việc làm theo gương Bác",
                                "Mỗi đảng viên đăng ký một việc làm cụ thể, chi bộ kiểm điểm hằng quý.")
        oversight.set_public_gallery(province, True)

        forum = plan.plan_forum(cell, {"title": "Diễn đàn quý IV chi bộ Thôn Phú Hưng", "held_on": today_local(),
                                       "starts_at": dt.time(7, 30), "place": "Nhà văn hóa thôn", "mode": "standalone",
                                       "secretary_id": secretary.id, "plan_id": None},
                                 ["de_dan", "bieu_hien", "thao_luan", "giai_phap"])
        plan.approve_forum(forum, "chi_uy", today_local())
        plan.publish_forum(forum)
        live.open_forum(forum)
        live.mark_attendance(forum, members["Bùi Thị Thu"], "absent_excused", "Đi công tác")
        live.mark_rest_present(forum)
        forum.display_token = DISPLAY_TOKEN
        codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
        first = live.add_speaker(forum, member=members["Trần Thị Lan"])
        live.add_speaker(forum, member=members["Hoàng Văn Đức"])
        live.add_speaker(forum, member=members["Võ Thị Mai"], requested=True)
        live.start_speech(forum, first)
        for n, line in enumerate(LIVE_PROPOSALS):
            live.capture_proposal(forum, f"pages-{n}", line, "khac", codes, speaker=first)
        live.open_tally(forum, "proposal", "Mỗi tháng một buổi sinh hoạt chuyên đề")
        other = db.session.get(Organisation, demo["cell_b"])
        draft = plan.plan_forum(other, {"title": "Diễn đàn chi bộ Thôn Long Hưng", "held_on": today_local(),
                                        "starts_at": dt.time(14, 0), "place": "Hội trường thôn", "mode": "standalone",
                                        "secretary_id": None, "plan_id": None},
                                ["de_dan", "bieu_hien", "thao_luan", "giai_phap"])
        db.session.commit()
        return {**demo, "draft": draft.id, "held": held.id, "live": forum.id, "token": DISPLAY_TOKEN,
                "member": members["Võ Thị Mai"].id}


def pages(ids: dict) -> list[tuple[str, str | None, str, int]]:
    """(name, user, path, expected status) for every kind of page; user None is anonymous."""
    a, held, live, prov = ids["cell_a"], ids["held"], ids["live"], ids["province"]
    return [
        ("login", None, "/login", 200),
        ("home", "bithu", "/", 200),
        ("home-member", "dangvien", "/", 200),
        ("phone-outcome", "dangvien", f"/forums/{held}/follow", 200),
        ("org-tree", "admin", "/org/", 200),
        ("org-detail", "admin", f"/org/{a}", 200),
        ("cell-members", "bithu", f"/cells/{a}/members", 200),
        ("member-detail", "bithu", f"/members/{ids['member']}", 200),
        ("members-import", "bithu", f"/cells/{a}/members/import", 200),
        ("plans", "tuyengiao", "/plans", 200),
        ("cell-forums", "bithu", f"/cells/{a}/forums", 200),
        ("forum-new", "bithu", f"/cells/{a}/forums/new", 200),
        ("forum-detail", "bithu", f"/forums/{live}", 200),
        ("forum-detail-held", "bithu", f"/forums/{held}", 200),
        ("agenda", "bithu2", f"/forums/{ids['draft']}/agenda", 200),
        ("forum-edit", "bithu2", f"/forums/{ids['draft']}/edit", 200),
        ("print-invitation", "bithu", f"/forums/{live}/print/invitation", 200),
        ("print-attendance", "bithu", f"/forums/{live}/print/attendance", 200),
        ("console", "thuky", f"/forums/{live}/console", 200),
        ("projector", None, f"/display/{ids['token']}", 200),
        ("phone-follow", "dangvien", f"/forums/{live}/follow", 200),
        ("review", "bithu", f"/forums/{held}/review", 200),
        ("resolution", "bithu", f"/forums/{held}/documents/NQ", 200),
        ("minutes", "bithu", f"/forums/{held}/documents/BB", 200),
        ("report", "bithu", f"/forums/{held}/documents/BC", 200),
        ("document-print", "bithu", f"/forums/{held}/documents/NQ/print", 200),
        ("tasks", "bithu", f"/cells/{a}/tasks", 200),
        ("unit-reports", "tuyengiao", f"/org/{ids['commune']}/reports/", 200),
        ("oversight-dashboard", "tuyengiao", f"/org/{prov}/oversight/", 200),
        ("oversight-unit", "tuyengiao", f"/org/{ids['district']}/oversight/", 200),
        ("oversight-cell", "tuyengiao", f"/org/{a}/oversight/", 200),
        ("oversight-recommendations", "tuyengiao", f"/org/{prov}/oversight/recommendations", 200),
        ("oversight-gallery", "tuyengiao", f"/org/{prov}/oversight/models", 200),
        ("oversight-synthesis", "tuyengiao", f"/org/{prov}/oversight/synthesis", 200),
        ("press", None, f"/cong-khai/{prov}/mo-hinh-hay", 200),
        ("catalogue", "admin", "/catalogue/", 200),
        ("agenda-template", "admin", "/admin/agenda-template", 200),
        ("org-types", "admin", "/org/types", 200),
        ("users", "admin", "/users", 200),
        ("password", "dangvien", "/account/password", 200),
        ("audit", "admin", "/audit/", 200),
        ("error-403", "dangvien", f"/forums/{live}/console", 403),
        ("error-404", "dangvien", "/no-such-page", 404),
    ]
