"""F6(b) (security probe 2026-12): a show of hands with no typed subject takes the checked proposals' texts;
a body repeating one id tens of thousands of times must cost one lookup and a bounded subject, not a string
of hundreds of megabytes built while the forum's write lock is held."""
import time
import tracemalloc

import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.meeting.models import Proposal, Tally
from forumsite.meeting.views import MAX_SELECTED, SUBJECT_MAX
from tests.helpers import plan_forum_of_cell_a

HX = {"HX-Request": "true"}


def _long_proposals(app, demo, auth, count=1):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    auth.login("thuky")
    from forumsite.meeting import actions as live
    from forumsite.planning.models import Forum

    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        ids = [live.capture_proposal(forum, f"long-{i:04d}", f"gp: {i} " + "Sinh hoạt chuyên đề " * 200,
                                     "khac", frozenset())[0].id for i in range(count)]
        db.session.commit()
    return forum_id, ids


def test_one_id_repeated_50000_times_is_read_once(client, auth, app, demo):
    forum_id, (proposal_id,) = _long_proposals(app, demo, auth)
    with app.app_context():
        assert len(db.session.get(Proposal, proposal_id).text) >= 4000  # the longest a capture keeps
    body = {"subject_kind": "proposal", "subject": "", "selected": [str(proposal_id)] * 50_000}
    started = time.perf_counter()
    response = client.post(f"/forums/{forum_id}/console/tally", headers=HX, data=body)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert elapsed < 5, elapsed  # the body's 50,000 fields parsed, one proposal read
    with app.app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.forum_id == forum_id))
        assert tally.proposal_ids == [proposal_id]
        assert 0 < len(tally.subject) <= SUBJECT_MAX
    assert client.post(f"/forums/{forum_id}/console/tally/{tally.id}/cancel", headers=HX).status_code == 200
    tracemalloc.start()
    response = client.post(f"/forums/{forum_id}/console/tally", headers=HX, data=body)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MB at peak"  # the body and its parsing, no more


def test_the_subject_joins_distinct_proposals_up_to_its_length(client, auth, app, demo):
    forum_id, ids = _long_proposals(app, demo, auth, count=3)
    response = client.post(f"/forums/{forum_id}/console/tally", headers=HX,
                           data={"subject_kind": "proposals", "subject": "", "selected": [str(i) for i in ids] * 2})
    assert response.status_code == 200
    with app.app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.forum_id == forum_id))
        first = db.session.get(Proposal, ids[0]).text
        assert tally.proposal_ids == ids
        assert tally.subject == first[:SUBJECT_MAX] and len(tally.subject) == SUBJECT_MAX


def test_more_distinct_proposals_than_the_limit_are_refused(client, auth, app, demo):
    forum_id, _ = _long_proposals(app, demo, auth)
    many = [str(i) for i in range(1, MAX_SELECTED + 2)]
    for path in ("tally", "proposals/merge"):
        response = client.post(f"/forums/{forum_id}/console/{path}", headers=HX,
                               data={"subject_kind": "proposals", "subject": "", "selected": many})
        assert response.status_code == 422, path
        assert "Chọn quá nhiều ý kiến cùng lúc" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Tally.id))) == 0
