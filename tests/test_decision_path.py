"""Cells without a chi ủy decide at the forum (issue 15): the words, the selection, the clauses, the resolution
that cites the forum's vote, and the oversight counts."""
import io
import re

import sqlalchemy as sa

from forumsite.clock import today_local
from forumsite.extensions import db
from forumsite.followup.models import Clause, PartyDocument
from forumsite.meeting.models import Proposal, Tally
from forumsite.rules import decision
from forumsite.rules import figures as fig
from tests.helpers import EARLY, HX, close, make_link, plan_forum, region, url

CHI_UY = re.compile(r"chi\s+ủy", re.IGNORECASE)


def test_the_path_follows_the_cell_and_names_who_acts():
    assert decision.path_for(True) == decision.COMMITTEE and decision.path_for(False) == decision.CELL_AT_FORUM
    assert not CHI_UY.search(" ".join(vars(decision.words(decision.CELL_AT_FORUM)).values()))
    assert decision.signature(decision.CELL_AT_FORUM, "BC") == "T/M CHI BỘ"
    assert decision.signature(decision.COMMITTEE, "BC") == "T/M CHI ỦY"
    assert decision.signature(decision.COMMITTEE, "NQ") == "T/M CHI BỘ"  # the resolution is the cell's vote


def test_the_items_become_clauses_grouped_by_kind_in_the_chairs_order():
    items = [(7, "giai_phap"), (3, "mo_hinh"), (9, "muc_tieu"), (4, "giai_phap")]
    assert decision.clauses_from_vote(items) == [("objective", 9), ("task", 7), ("task", 4), ("model", 3)]
    assert decision.numbered(["Một", "Hai"]) == "1. Một\n2. Hai"


def test_the_adoption_line_cites_the_forums_vote():
    assert fig.forum_adoption_line(5, 6, "20/10/2026") == (
        "Nghị quyết đã được chi bộ biểu quyết thông qua tại diễn đàn ngày 20/10/2026, 5/6 đảng viên chính thức "
        "tán thành (83,3%).")


def _forum_decided_at_the_forum(client, app, demo):
    """Cell B (no chi ủy) as its bí thư runs it: four proposals, a duplicate merged, three items voted."""
    forum_id = plan_forum(client, demo["cell_b"])
    client.post(f"/forums/{forum_id}/approve", data={"by": "bi_thu", "on": today_local().strftime("%d/%m/%Y")})
    client.post(f"/forums/{forum_id}/publish")
    client.post(url(forum_id, "/open"), headers=HX, data=EARLY)  # dated 15/12/2026: opened as confirmed
    client.post(url(forum_id, "/attendance/rest-present"), headers=HX)
    lines = ["gp: Sinh hoạt chuyên đề hằng quý", "mh: Mô hình đảng viên giúp hộ nghèo",
             "gp: Mỗi quý một buổi sinh hoạt chuyên đề", "mt: Không có đảng viên vi phạm", "yk: Ý kiến khác"]
    for i, text in enumerate(lines):
        client.post(url(forum_id, "/proposals"), headers=HX, data={"key": f"decided-{i}", "text": text})
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Proposal.id).where(Proposal.forum_id == forum_id)
                                      .order_by(Proposal.id)))
    client.post(url(forum_id, "/proposals/merge"), headers=HX, data={"selected": [ids[0], ids[2]]})
    client.post(url(forum_id, "/tally"), headers=HX, data={"subject_kind": "tasks",
                                                           "selected": [ids[0], ids[1], ids[3]]})
    return forum_id, ids


def test_the_cell_decides_at_the_forum_and_the_bi_thu_issues_it(client, auth, app, demo):
    auth.login("bithu2")
    forum_id, ids = _forum_decided_at_the_forum(client, app, demo)
    with app.app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.forum_id == forum_id))
        assert tally.subject.splitlines() == ["1. Sinh hoạt chuyên đề hằng quý",
                                              "2. Mô hình đảng viên giúp hộ nghèo", "3. Không có đảng viên vi phạm"]
    token = make_link(client, app, forum_id)
    screen = client.get(f"/display/{token}").get_data(as_text=True)
    selection = re.search(r'<ol class="tally-selection">(.*?)</ol>', screen, re.S)
    assert selection and selection.group(1).count("<li>") == 3
    close(client, forum_id, tally.id, votes_for="5", against="1", not_voting="0")

    ended = client.post(url(forum_id, "/conclude"))
    assert ended.status_code == 303
    page = client.get(ended.headers["Location"]).get_data(as_text=True)
    assert "bí thư chi bộ viết nghị quyết chuyên đề" in page and not CHI_UY.search(page)
    with app.app_context():
        clauses = db.session.scalars(sa.select(Clause).where(Clause.forum_id == forum_id)
                                     .order_by(Clause.position)).all()
        assert [(c.section, c.text) for c in clauses] == [
            ("objective", "Không có đảng viên vi phạm"), ("task", "Sinh hoạt chuyên đề hằng quý"),
            ("model", "Mô hình đảng viên giúp hộ nghèo")]
        # the duplicate merged into the item keeps its author on record
        assert sorted(s.proposal_id for s in clauses[1].sources) == [ids[0], ids[2]]

    review = client.get(f"/forums/{forum_id}/review").get_data(as_text=True)
    assert "Nghị quyết chi bộ đã biểu quyết tại diễn đàn" in review and not CHI_UY.search(review)
    client.post(f"/org/{demo['cell_b']}/document-settings", data={"place_name": "Hải Phú"})
    assert client.post(f"/forums/{forum_id}/documents/NQ/draft").status_code == 303
    draft = client.get(f"/forums/{forum_id}/documents/NQ").get_data(as_text=True)
    with app.app_context():
        from forumsite.planning.models import Forum

        held = db.session.get(Forum, forum_id).held_on.strftime("%d/%m/%Y")
    line = f"đã được chi bộ biểu quyết thông qua tại diễn đàn ngày {held}, 5/6 đảng viên chính thức tán thành"
    assert line in draft and 'name="votes_for"' not in draft  # no second vote is asked for
    assert not CHI_UY.search(draft.replace("cấp ủy", ""))

    issued = client.post(f"/forums/{forum_id}/documents/NQ/adopt", data={"on": held, "confirm": "y"})
    assert issued.status_code == 303, issued.get_data(as_text=True)[:3000]
    with app.app_context():
        doc = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum_id,
                                                               PartyDocument.kind == "NQ"))
        assert doc.status == "adopted" and doc.tally_id == tally.id
        assert db.session.scalar(sa.select(sa.func.count(Tally.id)).where(Tally.forum_id == forum_id)) == 1
        assert line in next(s.text for s in doc.sections if s.key == "thong_qua")

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(
        client.get(f"/forums/{forum_id}/documents/NQ.docx").data)).paragraphs)
    cells = "\n".join(c.text for t in Document(io.BytesIO(
        client.get(f"/forums/{forum_id}/documents/NQ.docx").data)).tables for c in t._cells)
    assert line in text and "T/M CHI BỘ" in cells and not CHI_UY.search(text + cells)

    auth.logout()
    auth.login("tuyengiao")
    from forumsite.org.models import Organisation
    from forumsite.oversight import queries

    with app.app_context():
        view = queries.overview(db.session.get(Organisation, demo["province"]), int(held[-4:]), today_local(),
                                None)
        assert (view.total.cells_at_forum, view.total.resolutions_at_forum, view.total.resolutions) == (1, 1, 1)
        assert view.total.tasks == 2  # the objective is not a task; the task and the good model are


def test_a_cell_with_a_chi_uy_keeps_its_committee_words(client, auth, app, demo):
    from tests.helpers import plan_forum_of_cell_a

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    auth.login("bithu")
    ended = client.post(url(forum_id, "/conclude"))
    page = client.get(ended.headers["Location"]).get_data(as_text=True)
    assert "chi ủy họp đánh giá" in page and "Họp chi ủy: đánh giá" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Clause.id)).where(Clause.forum_id == forum_id)) == 0


def test_the_cells_own_vote_at_the_forum_refreshes_the_conclusion(client, auth, app, demo):
    auth.login("bithu2")  # cell B has no chi ủy: the cell adopts the chair's selection at the forum
    forum_id = plan_forum(client, demo["cell_b"])
    client.post(f"/forums/{forum_id}/approve", data={"by": "bi_thu", "on": "1/12/2026"})
    client.post(f"/forums/{forum_id}/publish")
    client.post(url(forum_id, "/open"), headers=HX, data=EARLY)
    client.post(url(forum_id, "/attendance/rest-present"), headers=HX)
    client.post(url(forum_id, "/proposals"), headers=HX,
                data={"key": "conclusion-1", "text": "gp: Kèm cặp đảng viên trẻ"})
    with app.app_context():
        chosen = db.session.scalar(sa.select(Proposal.id).where(Proposal.forum_id == forum_id))
    client.post(url(forum_id, "/tally"), headers=HX, data={"subject_kind": "tasks", "selected": [chosen]})
    with app.app_context():
        tally_id = db.session.scalar(sa.select(Tally.id).where(Tally.forum_id == forum_id))
    html = close(client, forum_id, tally_id, votes_for="5", against="1", not_voting="0").get_data(as_text=True)
    conclusion = region(html, "conclusion")
    assert "Nhiệm vụ, giải pháp đã biểu quyết thông qua" in conclusion and "Kèm cặp đảng viên trẻ" in conclusion


