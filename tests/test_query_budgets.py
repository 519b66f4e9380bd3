"""Every page and htmx fragment renders with a bounded number of SQL statements, and that number does not
grow with the data (no N+1): each is counted on the complete demo, then again after the data grew five-fold
(members, forums, cells, speakers, proposals, clauses, tasks, plans, users, reports, published models).

BUDGETS holds the ceiling per page; a page missing from it fails, so a new page gets a budget when it lands.
Counted with a SQLAlchemy before_cursor_execute listener: every statement sent, the login's included."""
import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from forumsite.extensions import db

from .site_pages import build_site, pages

BUDGETS = {
    # full pages (the demo's figure plus a margin of 20 %, at least 2). The projector opened with the forum's
    # link makes a display of that PC (issue 16.2: an insert, its audit entry, the forum's version), once per
    # PC; the console lists the room's displays.
    "login": 2, "home": 8, "home-member": 8, "phone-outcome": 8,
    "org-tree": 5, "org-detail": 10, "cell-members": 8, "member-detail": 9,
    "members-import": 6, "plans": 6, "cell-forums": 8, "forum-new": 8, "forum-detail": 16, "forum-detail-held": 16,
    "agenda": 8, "forum-edit": 9, "print-invitation": 10, "print-attendance": 10, "console": 26, "projector": 19,
    "phone-follow": 15, "review": 24, "resolution": 18, "minutes": 18, "report": 15, "document-print": 10,
    "tasks": 8, "unit-reports": 9, "oversight-dashboard": 26, "oversight-unit": 15, "oversight-cell": 11,
    "oversight-recommendations": 12, "oversight-gallery": 14, "oversight-synthesis": 5, "press": 4, "catalogue": 6,
    "agenda-template": 5, "org-types": 5, "users": 6, "password": 6, "audit": 5, "error-403": 7, "error-404": 6,
    # htmx fragments
    "console-proposals": 18, "console-speakers": 18, "console-tally": 18, "console-attendance": 18,
    "console-agenda": 20, "console-opening": 18, "console-conclusion": 18, "console-displays": 23,
    "projector-poll": 11, "phone-poll": 15,
    "phone-speak": 8, "org-children": 5, "member-row": 8, "oversight-xlsx": 11,
}


def fragments(ids: dict) -> list[tuple[str, str | None, str, int]]:
    live, token = ids["live"], ids["token"]
    console = [(f"console-{n}", "thuky", f"/forums/{live}/console/regions/{n}", 200)
               for n in ("proposals", "speakers", "tally", "attendance", "agenda", "opening", "conclusion", "displays")]
    return console + [
        ("projector-poll", None, f"/display/{token}/poll?v=0", 200),
        ("phone-poll", "dangvien", f"/forums/{live}/follow/poll?v=0", 200),
        ("phone-speak", "dangvien", f"/forums/{live}/speak/", 200),
        ("org-children", "admin", f"/org/{ids['commune']}/children", 200),
        ("member-row", "bithu", f"/members/{ids['member']}/row", 200),
        ("oversight-xlsx", "tuyengiao", f"/org/{ids['province']}/oversight/export.xlsx", 200),
    ]


def grow(app, ids: dict, factor: int = 5) -> None:
    """Five times the rows every page lists: cells with a finished forum each, members, proposals,
    speakers, clauses, tasks, forums and plans of cell A, users."""
    from forumsite.accounts.actions import create_user
    from forumsite.demo import PHU_HUNG, THEME, _add_members, _finished_forum
    from forumsite.followup import actions as follow
    from forumsite.followup import drafting
    from forumsite.followup.models import Clause
    from forumsite.meeting import actions as live
    from forumsite.meeting.models import Proposal
    from forumsite.members.models import Member
    from forumsite.org.actions import create_organisation
    from forumsite.org.models import Organisation
    from forumsite.oversight import actions as oversight
    from forumsite.planning import actions as plan
    from forumsite.planning.models import Forum

    extra = factor - 1
    with app.app_context():
        commune = db.session.get(Organisation, ids["commune"])
        district = db.session.get(Organisation, ids["district"])
        province = db.session.get(Organisation, ids["province"])
        cell = db.session.get(Organisation, ids["cell_a"])
        for n in range(extra):  # more cells, each with a forum held, reviewed, adopted, reported
            other = create_organisation(commune, name=f"Chi bộ Thôn Thêm {n + 1}", kind="chi_bo_truc_thuoc",
                                        grassroots_type_id=None, has_committee=True)
            people = _add_members(other, PHU_HUNG)
            _finished_forum(other, people["Phạm Thị Hương"])
            forum = db.session.scalar(sa.select(Forum).where(Forum.cell_id == other.id))
            follow.send_report(forum, follow.create_document(forum, "BC", drafting.report_sections(forum)))
            model = db.session.scalar(sa.select(Clause).where(Clause.forum_id == forum.id, Clause.good_model))
            oversight.publish_model(province, model, f"Mô hình {n + 1}", "Mô tả mô hình.")
            create_user(f"them{n}", "demo12345", member_id=people["Võ Thị Mai"].id)
            plan.create_plan(district, {"number": f"{40 + n}-KH/HU", "issued_on": dt.date(2026, 2, 1 + n),
                                        "issuer": "Ban Thường vụ Huyện ủy", "theme": THEME,
                                        "pilot_from": dt.date(2026, 3, 1), "evaluation_by": dt.date(2026, 4, 30),
                                        "rollout_from": dt.date(2026, 5, 1), "min_forums": 1, "max_forums": 2,
                                        "pilot_per_type": True})
            plan.plan_forum(cell, {"title": f"Diễn đàn thêm {n + 1}", "held_on": dt.date(2026, 12, 1 + n),
                                   "starts_at": dt.time(7, 30), "place": "Nhà văn hóa", "mode": "standalone",
                                   "secretary_id": None, "plan_id": None}, ["de_dan", "thao_luan", "giai_phap"])
        # Cell A: five times the members; the live forum: everyone marked, speakers and proposals x5.
        before = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id)).all()
        for n in range(extra):
            _add_members(cell, [(f"{name} {n + 1}", *rest) for name, *rest in PHU_HUNG])
        forum = db.session.get(Forum, ids["live"])
        live.mark_rest_present(forum)
        added = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id,
                                                            Member.id.notin_([m.id for m in before]))).all()
        codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
        for i, member in enumerate(added[:12]):
            speaker = live.add_speaker(forum, member=member, requested=i % 2 == 0)
            if i < 4:
                live.start_speech(forum, speaker)
                for k in range(4):
                    live.capture_proposal(forum, f"grow-{i}-{k}", f"kn: Ý kiến thêm {i}.{k} BH{k + 1}", "khac", codes)
                live.end_speech(forum, speaker)
        # The held forum: five times the proposals and clauses (as if the review had more to choose from).
        held = db.session.get(Forum, ids["held"])
        for i in range(4 * 9):
            db.session.add(Proposal(forum_id=held.id, kind=("giai_phap", "kien_nghi", "mo_hinh")[i % 3],
                                    text=f"Ý kiến bổ sung {i}", author_name=added[i].full_name,
                                    author_member_id=added[i].id, idempotency_key=f"grow-held-{i}", codes=["BH3"]))
        db.session.flush()
        extra_props = db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == held.id,
                                                                    Proposal.idempotency_key.like("grow-held-%"))).all()
        for i in range(0, len(extra_props), 3):
            follow.compose_clause(held, f"Điều khoản bổ sung {i}", extra_props[i:i + 3], "task", "Chi ủy",
                                  dt.date(2026, 12, 31))
        # Their tasks, each with a progress note (the tasks page lists the notes).
        for task in follow._tasks_from_clauses(held):
            follow.update_task(task, "open", "Đang triển khai", dt.date(2026, 11, 1))
        db.session.commit()
        # It did grow: five times the members of cell A, the cells of the commune, the live proposals.
        assert db.session.scalar(sa.select(sa.func.count(Member.id)).where(Member.cell_id == cell.id)) == 75
        assert db.session.scalar(sa.select(sa.func.count(Organisation.id))
                                 .where(Organisation.parent_id == commune.id)) == 2 + extra
        assert db.session.scalar(sa.select(sa.func.count(Proposal.id)).where(Proposal.forum_id == forum.id)) == 20


def count(app, client, user, path, status, state) -> int:
    if state.get("user", "-") != user:
        client.post("/logout")
        if user:
            assert client.post("/login", data={"username": user, "password": "demo12345"}).status_code == 303
        state["user"] = user
    seen = []

    def hook(*_args):
        seen.append(1)

    headers = {"HX-Request": "true"} if path.endswith(("/speak/", "/children", "/row")) else {}
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", hook)
        try:
            response = client.get(path, headers=headers)
        finally:
            event.remove(db.engine, "before_cursor_execute", hook)
    assert response.status_code in (status, 204) if "poll" in path else response.status_code == status, path
    return len(seen)


@pytest.fixture
def site(app, demo):
    return build_site(app, demo)


def test_every_page_has_a_budget_that_does_not_grow_with_the_data(app, client, site):
    checked = pages(site) + fragments(site)
    assert sorted(BUDGETS) == sorted(name for name, *_ in checked), "every page and fragment needs a budget"
    state = {}
    before = {name: count(app, client, user, path, status, state) for name, user, path, status in checked}
    grow(app, site)
    state = {}
    after = {name: count(app, client, user, path, status, state) for name, user, path, status in checked}
    over = {k: (after[k], BUDGETS[k]) for k in after if after[k] > BUDGETS[k]}
    grew = {k: (before[k], after[k]) for k in after if after[k] > before[k]}
    assert not grew, f"queries grow with the data (N+1): {grew}"
    assert not over, f"over budget: {over}"
