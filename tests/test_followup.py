"""After the forum: clauses keep their provenance, sections never overwrite silently, documents are
numbered per kind within the cell's term."""
import datetime as dt

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.followup import actions, drafting
from forumsite.followup.models import PartyDocument
from forumsite.meeting.models import Proposal, Tally
from forumsite.org.models import Organisation
from tests.helpers import concluded_forum


def test_a_clause_merged_from_two_proposals_keeps_both_authors(app, demo):
    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"])
        actions.start_review(forum)
        solutions = db.session.scalars(sa.select(Proposal).where(Proposal.kind == "giai_phap")).all()
        clause = actions.compose_clause(forum, "Mỗi quý một buổi sinh hoạt chuyên đề về tự phê bình", solutions,
                                        owner="Đồng chí Bí thư", deadline=dt.date(2027, 3, 31))
        db.session.commit()
        authors = sorted(s.proposal.author_name for s in clause.sources)
        assert authors == ["Nguyễn Văn Hùng", "Trần Thị Lan"]  # both speakers stay on record
        assert forum.status == "in_review"
        other = concluded_forum(demo["cell_b"])
        with pytest.raises(actions.FollowupError):
            actions.compose_clause(other, "Sai diễn đàn", solutions)


def test_the_draft_is_written_from_the_forum(app, demo):
    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"])
        solutions = db.session.scalars(sa.select(Proposal).where(Proposal.kind == "giai_phap")).all()
        actions.compose_clause(forum, "Mỗi quý một buổi sinh hoạt chuyên đề", solutions, owner="Chi ủy",
                               deadline=dt.date(2027, 3, 31))
        sections = dict((k, t) for k, _title, t in drafting.resolution_sections(forum))
        assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam" in sections["can_cu"]
        assert "ngày 20 tháng 11 năm 2026" in sections["can_cu"]
        # 15 in the room, one of them exempt: 14 of the 14 expected, the rate of that same fraction.
        assert "Dự diễn đàn có 14/14 đảng viên phải dự (tỷ lệ 100,0%) và 1 đảng viên được miễn" in sections["danh_gia"]
        assert "Chưa thường xuyên tự phê bình" in sections["danh_gia"]
        assert "a) Mỗi quý một buổi sinh hoạt chuyên đề." in sections["nhiem_vu"]  # sub-items a) b) (issue 14)
        # Section III refers to the task by its letter, never copying its text.
        assert "Chi ủy chủ trì thực hiện nhiệm vụ a), hoàn thành trước ngày 31 tháng 3 năm 2027;" in sections["to_chuc"]
        assert "Mỗi quý" not in sections["to_chuc"]
        assert "Huyện ủy" not in sections["noi_nhan"] and "Đảng bộ xã Hải Phú" in sections["noi_nhan"]


def test_codes_are_tags_never_prose_in_the_documents(app, demo):
    """A newcomer's BH19 on a harmless proposal never turns into "members related themselves to BH19": the
    draft names only what the chair confirmed, by its wording, and no document states a code."""
    import re

    from forumsite.catalogue.models import CatalogueItem

    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"], ("gp: Dòng họ chấp hành tốt pháp luật BH19",))
        clan = db.session.scalar(sa.select(Proposal).where(Proposal.idempotency_key == "extra0"))
        assert (clan.text, clan.codes) == ("Dòng họ chấp hành tốt pháp luật", ["BH19"])
        actions.compose_clause(forum, clan.plain_text, [clan])
        code = re.compile(r"\b(BH|NV|CT)\s?\d")
        drafts = [drafting.resolution_sections, drafting.minutes_sections, drafting.report_sections]
        for draft in drafts:
            for key, _title, text in draft(forum):
                assert not code.search(text), (draft.__name__, key, text)
        resolution = dict((k, t) for k, _title, t in drafting.resolution_sections(forum))
        assert "liên hệ" not in resolution["danh_gia"]  # nothing confirmed, nothing stated

        actions.confirm_related(forum, ["BH5"])
        subject = db.session.scalar(sa.select(CatalogueItem.subject).where(CatalogueItem.code == "BH5"))
        resolution = dict((k, t) for k, _title, t in drafting.resolution_sections(forum))
        stated = "liên hệ bản thân và chi bộ với các biểu hiện: " + subject[:1].lower() + subject[1:]
        assert stated in resolution["danh_gia"]
        assert not code.search(resolution["danh_gia"])
        group_three = db.session.scalar(sa.select(CatalogueItem.subject).where(CatalogueItem.code == "BH19"))
        assert group_three[:20].lower() not in resolution["danh_gia"].lower()


def test_two_editors_of_one_section_see_a_conflict(app, demo):
    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"])
        document = actions.create_document(forum, "NQ", drafting.resolution_sections(forum))
        db.session.commit()
        section = document.sections[1]
        loaded = section.version
        actions.edit_section(forum, section, "Bản của người thứ nhất", loaded)
        db.session.commit()
        with pytest.raises(actions.EditConflict) as conflict:
            actions.edit_section(forum, section, "Bản của người thứ hai", loaded)  # edited from the old version
        assert conflict.value.theirs == "Bản của người thứ nhất" and conflict.value.mine == "Bản của người thứ hai"
        db.session.rollback()
        assert [v.version for v in section.versions] == [1, 2]
        actions.restore_section(forum, section, 1)
        db.session.commit()
        assert section.version == 3 and section.text == section.versions[0].text


def test_numbering_restarts_with_each_term(app, demo):
    with app.test_request_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        actions.set_term(cell, dt.date(2020, 7, 15))
        actions.set_term(cell, dt.date(2025, 7, 20))
        numbers = []
        for on in (dt.date(2025, 3, 1), dt.date(2025, 6, 1), dt.date(2025, 8, 1), dt.date(2025, 9, 1)):
            forum = concluded_forum(demo["cell_a"])
            document = actions.create_document(forum, "NQ", [("x", "x", "x")])
            tally = Tally(forum_id=forum.id, subject_kind="resolution", subject="NQ", passed=True, votes_for=9,
                          eligible=11, closed_at=dt.datetime(2026, 1, 1))
            db.session.add(tally)
            db.session.flush()
            actions.adopt_document(forum, document, tally, on)
            minutes = actions.create_document(forum, "BB", [("x", "x", "x")])
            actions.adopt_document(forum, minutes, None, on)
            numbers.append((document.number, document.term_start, minutes.number))
            db.session.commit()
        assert numbers == [(1, dt.date(2020, 7, 15), 1), (2, dt.date(2020, 7, 15), 2),
                           (1, dt.date(2025, 7, 20), 1), (2, dt.date(2025, 7, 20), 2)]
        adopted = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.kind == "NQ"))
        with pytest.raises(actions.FollowupError):  # an adopted text is locked
            actions.edit_section(None, adopted.sections[0], "x", 1)


def test_a_resolution_needs_a_passed_vote(app, demo):
    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"])
        document = actions.create_document(forum, "NQ", [("x", "x", "x")])
        failed = Tally(forum_id=forum.id, subject_kind="resolution", subject="NQ", passed=False)
        db.session.add(failed)
        db.session.flush()
        for tally in (None, failed):
            with pytest.raises(actions.FollowupError):
                actions.adopt_document(forum, document, tally)


def test_provenance_survives_merging(app, demo):
    with app.test_request_context():
        forum = concluded_forum(demo["cell_a"])
        first, second = db.session.scalars(sa.select(Proposal).where(Proposal.kind == "giai_phap")
                                           .order_by(Proposal.id)).all()
        second.merged_into_id = first.id  # merged at the forum as a duplicate
        db.session.commit()
        clause = actions.compose_clause(forum, "Sinh hoạt chuyên đề hằng quý", [first])
        db.session.commit()
        assert sorted(s.proposal_id for s in clause.sources) == [first.id, second.id]
        assert {s.proposal.author_name for s in clause.sources} == {"Nguyễn Văn Hùng", "Trần Thị Lan"}


def test_good_models_are_results_tracked_like_tasks(app, client, auth):
    """A good model in the adopted resolution becomes a task, and the upper committee's gallery follows its
    progress instead of saying it never reached the resolution."""
    from forumsite.demo import load_demo
    from forumsite.followup.models import Clause, Task

    with app.app_context():
        load_demo()
        db.session.commit()
        model = db.session.scalar(sa.select(Clause).where(Clause.section == "model"))
        task = db.session.scalar(sa.select(Task).where(Task.clause_id == model.id))
        assert task is not None and task.text == model.text and task.owner == model.owner
        province = db.session.scalar(sa.select(Organisation.id).where(Organisation.parent_id.is_(None)))
    auth.login("tuyengiao")
    card = client.get(f"/org/{province}/oversight/models").get_data(as_text=True)
    card = card[card.index(f'id="model-{model.id}"'):]
    card = card[:card.index("</article>")]
    assert "Đang thực hiện" in card and "chưa đưa vào nghị quyết" not in card
