"""The oversight pages on a small tree whose figures were counted by hand (tests/oversight_tree.py)."""
from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.followup.models import RecommendationAnswer
from forumsite.org.models import Organisation
from forumsite.oversight import queries
from forumsite.planning.models import Plan

from . import oversight_tree
from .oversight_tree import YEAR

TODAY = dt.date(YEAR, 11, 26)


@pytest.fixture
def tree(app):
    with app.app_context():
        return oversight_tree.build()


def _overview(app, org_id, today=TODAY):
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        plan = queries.plan_for(org, YEAR)
        view = queries.overview(org, YEAR, today, plan)
        return view


def test_province_totals_match_the_hand_count(app, tree):
    t = _overview(app, tree["P"]).total
    assert (t.cells, t.cells_held, t.forums_planned, t.forums_held) == (5, 3, 6, 3)
    assert t.coverage == pytest.approx(3 / 5)
    assert (t.cells_below, t.cells_above) == (2, 1)  # C3, C4 hold nothing; C2 planned three
    assert (t.roll, t.present, t.spoke) == (19, 15, 8)  # guests and the absent speaker of C5 never count
    assert (t.proposals, t.recommendations, t.models) == (11, 3, 2)  # deleted and merged lines left out
    assert t.proposals_per_forum == pytest.approx(11 / 3)
    assert (t.resolutions, t.tasks, t.tasks_done, t.tasks_overdue) == (1, 3, 1, 1)
    assert (t.pilots, t.pilots_held) == (2, 1)


def test_units_types_and_pilot_rule(app, tree):
    view = _overview(app, tree["P"])
    rows = {row.name: f for row, f in view.children}
    assert list(rows) == ["Huyện ủy Hai", "Huyện ủy Một"]  # Vietnamese alphabetical order
    d1, d2 = rows["Huyện ủy Một"], rows["Huyện ủy Hai"]
    assert (d1.cells, d1.cells_held, d1.pilots, d1.pilots_held, d1.cells_below) == (3, 2, 2, 1, 1)
    assert (d2.cells, d2.cells_held, d2.pilots, d2.cells_below, d2.present, d2.roll) == (2, 1, 0, 1, 3, 5)
    # Each huyện needs a pilot per grassroots type it has: D1 has both of its types, D2 none for "xã".
    assert view.checks[tree["D1"]].satisfied
    assert view.checks[tree["D2"]].missing == [tree["xa"]]
    assert view.stage == "rollout"
    assert view.behind[tree["D1"]] == ["pilot_not_held", "cells_below"]
    assert view.behind[tree["D2"]] == ["pilot_missing", "cells_below"]
    types = {(t.code if t else None): f for t, f in view.types}
    assert (types["xa"].cells, types["xa"].cells_held, types["co_quan"].cells, types["co_quan"].cells_held) \
        == (4, 3, 1, 0)
    assert [(c.name, u.name, t.code) for c, u, t, _f in view.pilots] == [
        ("Chi bộ Ba", "Huyện ủy Một", "co_quan"), ("Chi bộ Một", "Huyện ủy Một", "xa")]


def test_stage_follows_the_plan_dates(app, tree):
    assert _overview(app, tree["P"], dt.date(YEAR, 3, 1)).stage == "before"
    view = _overview(app, tree["P"], dt.date(YEAR, 5, 1))
    assert view.stage == "pilot"
    # While piloting, only a missing pilot is a delay; cells without forums are not yet.
    assert view.behind[tree["D1"]] == [] and view.behind[tree["D2"]] == ["pilot_missing"]


def test_other_years_and_subtrees(app, tree):
    with app.app_context():
        c4 = db.session.get(Organisation, tree["C4"])
        last_year = queries.overview(c4.parent, YEAR - 1, TODAY, None).total
    assert (last_year.cells, last_year.cells_held, last_year.roll, last_year.recommendations) == (2, 1, 3, 1)
    g1 = _overview(app, tree["G1"])
    assert [row.name for row, _f in g1.children] == ["Chi bộ Hai", "Chi bộ Một"]
    assert g1.checks == {}  # the pilot rule is the upper units' business


def test_dashboard_page_shows_the_figures_and_links_down(client, auth, tree):
    auth.login("theodoi_p")
    page = client.get(f"/org/{tree['P']}/oversight/?year={YEAR}").get_data(as_text=True)
    assert "60 %" in page and "79 %" in page  # coverage 3/5, attendance 15/19
    assert f'/org/{tree["D1"]}/oversight/?year={YEAR}' in page
    assert "Thiếu chi bộ chỉ đạo điểm cho loại hình: Đảng bộ xã" in page
    assert "<svg" in page and 'class="bar-fill' in page
    unit = client.get(f"/org/{tree['D1']}/oversight/?year={YEAR}").get_data(as_text=True)
    assert "Đảng bộ xã An" in unit and "Huyện ủy Hai" not in unit
    cell = client.get(f"/org/{tree['C1']}/oversight/?year={YEAR}").get_data(as_text=True)
    assert "8 / 10" in cell and f"/forums/{tree['f1']}" in cell


def test_a_unit_sees_only_its_subtree(client, auth, tree):
    auth.login("theodoi_d1")
    assert client.get(f"/org/{tree['D1']}/oversight/").status_code == 200
    assert client.get(f"/org/{tree['C1']}/oversight/").status_code == 200
    for other in ("P", "D2", "C5"):
        for path in ("", "recommendations", "models", "export.xlsx", "synthesis.docx"):
            assert client.get(f"/org/{tree[other]}/oversight/{path}").status_code == 404, (other, path)
    assert client.post(f"/org/{tree['D2']}/oversight/recommendations/{tree['rec_f7']}",
                       data={"text": "x"}).status_code == 404
    # A recommendation of another subtree is not answerable through one's own unit either.
    assert client.post(f"/org/{tree['D1']}/oversight/recommendations/{tree['rec_f7']}",
                       data={"text": "x"}).status_code == 404


def test_members_and_anonymous_have_no_dashboard(client, auth, tree):
    assert client.get(f"/org/{tree['P']}/oversight/").status_code == 302
    auth.login("dv_c1")
    assert client.get(f"/org/{tree['C1']}/oversight/").status_code == 404


def test_recommendations_filter_and_answer(app, client, auth, tree):
    auth.login("theodoi_p")
    base = f"/org/{tree['P']}/oversight/recommendations?year={YEAR}"
    page = client.get(base).get_data(as_text=True)
    assert "3 kiến nghị" in page  # two from C1, one from C5; the 2025 one is another year
    assert "1 kiến nghị" in client.get(base + f"&unit={tree['D2']}").get_data(as_text=True)
    assert "1 kiến nghị" in client.get(base + "&manifestation=BH1").get_data(as_text=True)
    assert "1 kiến nghị" in client.get(base + "&theme=NV5").get_data(as_text=True)
    assert "0 kiến nghị" in client.get(base + "&theme=NV1").get_data(as_text=True)
    response = client.post(f"/org/{tree['P']}/oversight/recommendations/{tree['rec_f1']}",
                           data={"text": "Tỉnh ủy sẽ bổ sung tài liệu."}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Tỉnh ủy sẽ bổ sung tài liệu." in response.get_data(as_text=True)
    assert "2 kiến nghị" in client.get(base).get_data(as_text=True)  # "open" by default
    assert "1 kiến nghị" in client.get(base + "&status=answered").get_data(as_text=True)
    empty = client.post(f"/org/{tree['P']}/oversight/recommendations/{tree['rec_f7']}", data={"text": "  "},
                        headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "Nội dung đang trống." in empty.get_data(as_text=True)
    with app.app_context():
        answer = db.session.scalar(sa.select(RecommendationAnswer))
        assert answer.proposal_id == tree["rec_f1"] and answer.username == "theodoi_p"
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                                 .where(AuditEntry.action == "recommendation.answer")) == 1


def test_gallery_and_the_public_page(app, client, auth, tree):
    auth.login("theodoi_p")
    gallery = client.get(f"/org/{tree['P']}/oversight/models").get_data(as_text=True)
    assert "Chi bộ bốn tốt" in gallery and "Đã thực hiện xong" in gallery and "Đảng bộ xã" in gallery
    assert "0 mô hình" in client.get(f"/org/{tree['P']}/oversight/models?type={tree['co_quan']}").get_data(
        as_text=True)
    public = f"/cong-khai/{tree['P']}/mo-hinh-hay"
    assert client.get(public).status_code == 404  # closed until the unit opens it
    client.post(f"/org/{tree['P']}/oversight/models/public", data={"enabled": "1"})
    refused = client.post(f"/org/{tree['P']}/oversight/models/{tree['model']}/publish",
                          data={"title": "", "description": ""}, follow_redirects=True)
    assert "Vui lòng nhập tên và mô tả mô hình." in refused.get_data(as_text=True)
    client.post(f"/org/{tree['P']}/oversight/models/{tree['model']}/publish",
                data={"title": "Chi bộ bốn tốt", "description": "Mỗi đảng viên nhận một việc tốt mỗi tháng."})
    auth.logout()
    press = client.get(public).get_data(as_text=True)
    assert "Mỗi đảng viên nhận một việc tốt mỗi tháng." in press and "Chi bộ Một" in press
    # Nothing internal: not the clause's wording with its owner, no member, no figure, no internal link.
    for secret in ("Nguyễn Văn A", tree["author"], "Đảng viên Chi bộ", "/oversight", "/forums/", "kiến nghị"):
        assert secret not in press, secret
    auth.login("theodoi_p")
    client.post(f"/org/{tree['P']}/oversight/models/{tree['model']}/unpublish")
    assert "Chi bộ bốn tốt" not in client.get(public).get_data(as_text=True)
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"gallery.open", "model.publish", "model.unpublish"} <= actions


def test_xlsx_export(app, client, auth, tree):
    from openpyxl import load_workbook

    with app.app_context():  # a name a spreadsheet would run as a formula must stay text
        db.session.get(Organisation, tree["C5"]).name = '=HYPERLINK("http://evil.example","x")'
        db.session.commit()
    auth.login("theodoi_p")
    response = client.get(f"/org/{tree['P']}/oversight/export.xlsx?year={YEAR}")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    wb = load_workbook(io.BytesIO(response.data))
    units, cells = wb.worksheets
    header = [c.value for c in units[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in units.iter_rows(min_row=2, values_only=True)}
    assert rows["Huyện ủy Một"]["Chi bộ"] == 3 and rows["Huyện ủy Một"]["Chi bộ đã tổ chức"] == 2
    total = rows["Tổng cộng: Tỉnh ủy Thử"]
    assert (total["Đảng viên dự"], total["Đảng viên trong danh sách"], total["Ý kiến"]) == (15, 19, 11)
    assert total["Tỷ lệ chi bộ đã tổ chức"] == pytest.approx(0.6)
    header = [c.value for c in cells[1]]
    by_cell = {r[0]: dict(zip(header, r, strict=True)) for r in cells.iter_rows(min_row=2, values_only=True)}
    assert len(by_cell) == 5 and by_cell["Chi bộ Một"]["Loại hình"] == "Đảng bộ xã"
    assert by_cell["Chi bộ Hai"]["Diễn đàn kế hoạch"] == 3 and by_cell["Chi bộ Ba"]["Diễn đàn đã tổ chức"] == 0
    evil = next(row for row in cells.iter_rows(min_row=2) if str(row[0].value).startswith("=HYPERLINK"))
    assert evil[0].data_type == "s"


def test_synthesis_report_in_party_format(client, auth, tree):
    from docx import Document

    auth.login("theodoi_p")
    form = client.get(f"/org/{tree['P']}/oversight/synthesis?year={YEAR}").get_data(as_text=True)
    assert 'value="BC/TU"' in form
    response = client.get(f"/org/{tree['P']}/oversight/synthesis.docx?year={YEAR}&abbreviation=BC/BTGTU"
                          "&issuer=Ban Tuyên giáo&signer_title=Trưởng ban&authority=T/M Ban Thường vụ")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    header = document.tables[0].rows[0].cells
    assert [p.text for p in header[0].paragraphs] == ["ĐẢNG BỘ TỈNH", "BAN TUYÊN GIÁO", "*", "Số      -BC/BTGTU"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and f"năm {YEAR}" in text
    assert "5 chi bộ; 3 chi bộ đã tổ chức diễn đàn (đạt 60,0%)" in text
    assert "Chi bộ bốn tốt" in text  # the good model, with its cell
    assert "T/M BAN THƯỜNG VỤ" in document.tables[-1].rows[0].cells[1].text
    run = next(r for p in document.paragraphs for r in p.runs if r.text == "BÁO CÁO")
    assert run.font.name == "Times New Roman" and run.bold


def test_the_dashboard_query_count_does_not_grow_with_the_tree(app, client, auth, tree):
    """A fixed number of queries, whatever the number of units, cells and forums (no N+1)."""
    from sqlalchemy import event

    auth.login("theodoi_p")

    def count(url):
        seen = []

        def hook(*_args):
            seen.append(1)

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", hook)
            try:
                assert client.get(url).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", hook)
        return len(seen)

    urls = [f"/org/{tree['P']}/oversight/?year={YEAR}", f"/org/{tree['P']}/oversight/recommendations",
            f"/org/{tree['P']}/oversight/models", f"/org/{tree['P']}/oversight/export.xlsx"]
    before = [count(u) for u in urls]
    with app.app_context():  # twice the tree: another huyện with its commune and cells, forums held
        p = db.session.get(Organisation, tree["P"])
        for n in range(3):
            d = oversight_tree._org(f"Huyện ủy Thêm {n}", "huyen_uy", p)
            g = oversight_tree._org(f"Đảng bộ xã Thêm {n}", "dang_bo_co_so", d,
                                    db.session.get(Organisation, tree["G1"]).grassroots_type)
            for i in range(3):
                c = oversight_tree._org(f"Chi bộ Thêm {n}.{i}", "chi_bo_truc_thuoc", g, pilot=i == 0)
                f = oversight_tree._forum(c, dt.date(YEAR, 5, 5), "concluded")
                ms = oversight_tree._members(c, 3)
                oversight_tree._roll(f, ms, present=2)
                oversight_tree._spoke(f, ms[:1])
                oversight_tree._proposals(f, ["kien_nghi", "mo_hinh"], f"more{n}{i}")
        db.session.commit()
    after = [count(u) for u in urls]
    assert after == before
    assert max(before) <= 25


def test_bad_filters_fall_back_instead_of_failing(client, auth, tree):
    auth.login("theodoi_p")
    for query in ("year=abc", "year=99999", "plan=-1", "plan=999999"):
        assert client.get(f"/org/{tree['P']}/oversight/?{query}").status_code == 200, query
    for query in ("unit=999999", "theme=<script>", "status=nope", "page=-4", "page=abc"):
        assert client.get(f"/org/{tree['P']}/oversight/recommendations?{query}").status_code == 200, query
    for query in ("type=abc", "q=%25%27%22", "page=100000"):
        assert client.get(f"/org/{tree['P']}/oversight/models?{query}").status_code == 200, query


def test_plan_choice_is_limited_to_readable_plans(app, client, auth, tree):
    with app.app_context():
        hidden = Plan(organisation_id=tree["D2"], number="99-KH/HU", issued_on=dt.date(YEAR, 1, 1), issuer="x",
                      theme="x", min_forums=5, max_forums=6)
        db.session.add(hidden)
        db.session.commit()
        hidden_id = hidden.id
    auth.login("theodoi_d1")
    page = client.get(f"/org/{tree['D1']}/oversight/?year={YEAR}&plan={hidden_id}").get_data(as_text=True)
    assert "99-KH/HU" not in page and "01-KH/TU" in page


def test_generate_province_builds_a_consistent_province(app, runner, auth, client):
    """The generator at a small scale: the tree and the activity hang together, the dashboard reads it,
    and rows added afterwards get fresh ids (PostgreSQL sequences moved past the generated ones)."""
    result = runner.invoke(args=["generate-province", "--scale", "0.01"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo" in result.output
    from forumsite.accounts.actions import create_user
    from forumsite.meeting.models import Attendance, Proposal
    from forumsite.members.models import Member
    from forumsite.planning.models import Forum

    with app.app_context():
        province = db.session.scalar(sa.select(Organisation).where(Organisation.parent_id.is_(None)))
        cells = db.session.scalars(sa.select(Organisation).where(
            Organisation.kind.in_(("chi_bo_co_so", "chi_bo_truc_thuoc")))).all()
        assert 50 <= len(cells) <= 70  # 6,000 × 0.01
        assert all(c.path.startswith(province.path) and c.path.endswith(f"/{c.id}/") for c in cells)
        assert db.session.scalar(sa.select(sa.func.count(Member.id))) > 1000
        names = db.session.scalars(sa.select(Member.full_name).limit(50)).all()
        assert all(len(n.split()) == 3 for n in names) and any("ễ" in n or "ư" in n or "ạ" in n for n in names)
        # Attendance only where a forum was held, and every member on the roll belongs to that forum's cell.
        wrong = db.session.scalar(sa.select(sa.func.count(Attendance.id)).join(Forum, Forum.id == Attendance.forum_id)
                                  .join(Member, Member.id == Attendance.member_id)
                                  .where(Member.cell_id != Forum.cell_id))
        assert wrong == 0
        assert db.session.scalar(sa.select(sa.func.count(Proposal.id))) > 4000
        extra = Organisation(name="Chi bộ mới", kind="chi_bo_truc_thuoc", parent_id=cells[0].parent_id, path="/")
        db.session.add(extra)
        db.session.flush()
        assert extra.id > max(c.id for c in cells)
        db.session.rollback()
        create_user("gen_oversight", "demo12345", oversight_org_id=province.id)
        db.session.commit()
        province_id = province.id
    auth.login("gen_oversight")
    page = client.get(f"/org/{province_id}/oversight/")
    assert page.status_code == 200 and "Huyện ủy Cam Lộ" in page.get_data(as_text=True)


def test_stored_counts_follow_every_change(app, tree):
    """The per-forum counts are kept between views, and are counted again after any change: one written
    through the ORM (the flush hook drops them) or a Core UPDATE of a live action (the version moves)."""
    from forumsite.meeting.models import Attendance, Proposal
    from forumsite.oversight.models import ForumStats
    from forumsite.planning.models import Forum

    assert _overview(app, tree["P"]).total.proposals == 11
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ForumStats)) == 3  # the held forums
        db.session.add(Proposal(forum_id=tree["f1"], kind="kien_nghi", text="thêm", idempotency_key="late-1"))
        db.session.commit()
        assert db.session.get(ForumStats, tree["f1"]) is None
    t = _overview(app, tree["P"]).total
    assert (t.proposals, t.recommendations) == (12, 4)
    with app.app_context():  # as the console's conditional UPDATEs do: Core statement, then the version bump
        db.session.execute(sa.update(Attendance).where(Attendance.forum_id == tree["f7"])
                           .values(status="present"))
        db.session.get(Forum, tree["f7"]).live_version += 1
        db.session.commit()
    t = _overview(app, tree["P"]).total
    assert (t.roll, t.present) == (19, 17)


def _demo_plan(app, number: str) -> Plan:
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.number == number))
        db.session.expunge(plan)
        return plan


def _subtitle(html: str) -> str:
    return html.split('class="subtitle">', 1)[1].split("</p>", 1)[0]


def test_the_dashboard_of_a_year_defaults_to_the_plan_in_force_that_year(app, client, auth, demo):
    """The demo: 47-KH/TU (province, 2017) and 35-KH/HU (district, issued in the current plan year)."""
    kh47, kh35 = _demo_plan(app, "47-KH/TU"), _demo_plan(app, "35-KH/HU")
    year = kh35.issued_on.year
    auth.login("admin")
    district, province = demo["district"], demo["province"]
    assert "35-KH/HU" in _subtitle(client.get(f"/org/{district}/oversight/?year={year}").get_data(as_text=True))
    assert "35-KH/HU" in _subtitle(client.get(f"/org/{demo['commune']}/oversight/?year={year}").get_data(as_text=True))
    # The province is measured against its own plan: the district's plan governs only the district.
    assert "47-KH/TU" in _subtitle(client.get(f"/org/{province}/oversight/?year={year}").get_data(as_text=True))
    # The year before, 35-KH/HU did not exist: neither by default nor when asked for.
    before = client.get(f"/org/{district}/oversight/?year={year - 1}&plan={kh35.id}").get_data(as_text=True)
    assert "47-KH/TU" in _subtitle(before) and f'value="{kh35.id}"' not in before
    # Changing the year on the page does not carry the previous year's plan along: the form sends the
    # plan select's selected value, which is "the plan in force" unless a plan was picked explicitly.
    selected = before.split('id="f-plan"', 1)[1].split("</select>", 1)[0].split(" selected", 1)[0]
    sent = selected.rsplit('value="', 1)[1].split('"', 1)[0]
    after = client.get(f"/org/{district}/oversight/?year={year}&plan={sent}").get_data(as_text=True)
    assert "35-KH/HU" in _subtitle(after)
    # An explicit choice of a plan that existed that year is kept.
    chosen = client.get(f"/org/{district}/oversight/?year={year}&plan={kh47.id}").get_data(as_text=True)
    assert "47-KH/TU" in _subtitle(chosen) and f'value="{kh47.id}" selected' in chosen


def test_the_closest_committees_plan_wins_over_a_newer_one_from_above(app, client, auth, demo):
    kh35 = _demo_plan(app, "35-KH/HU")
    with app.app_context():
        db.session.add(Plan(organisation_id=demo["province"], number="99-KH/TU",
                            issued_on=kh35.issued_on + dt.timedelta(days=30), issuer="Ban Thường vụ Tỉnh ủy",
                            theme="x", min_forums=1, max_forums=2))
        db.session.commit()
    auth.login("admin")
    year = kh35.issued_on.year
    assert "35-KH/HU" in _subtitle(client.get(f"/org/{demo['district']}/oversight/?year={year}").get_data(as_text=True))
    assert "99-KH/TU" in _subtitle(client.get(f"/org/{demo['province']}/oversight/?year={year}").get_data(as_text=True))
