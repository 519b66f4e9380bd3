"""Two operators at once, on real threads against the app: one wins, the other is told (409, in
Vietnamese), and the record stays consistent — never two speeches at once, never a silent overwrite."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.meeting import actions, queries
from forumsite.meeting.models import Proposal, Speaker, Tally
from forumsite.planning.models import Forum
from tests.helpers import AuthActions

from .helpers import open_forum


@pytest.fixture
def forum_id(app, demo):
    return open_forum(app, demo)


@pytest.fixture
def operators(app, forum_id):
    """The chair and the forum's secretary, each logged in on a console of their own."""
    clients = []
    for username in ("bithu", "thuky"):
        client = app.test_client()
        assert AuthActions(client).login(username).status_code in (302, 303)
        clients.append(client)
    return clients


def at_once(calls, timeout=30):
    """Run every call on its own thread, released together; their answers in order."""
    start = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(i, call):
        start.wait(5)
        answers[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads)
    return answers


@pytest.fixture
def rendezvous(monkeypatch):
    """Widen the race: each request, once it has read who is speaking, waits (up to 1 s) for the other
    to have read it too. Without the forum being held, both would act on the same stale reading."""
    meet = threading.Barrier(2)
    real = queries.current_speaker

    def current_speaker(speakers):
        found = real(speakers)
        try:
            meet.wait(1.0)
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(queries, "current_speaker", current_speaker)


def add_speakers(app, forum_id, *names):
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        ids = [actions.add_speaker(forum, name=n).id for n in names]
        db.session.commit()
        return ids


def audit_count(app, action):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == action))


def post(client, url, data=None):
    return lambda: client.post(url, data=data or {}, headers={"HX-Request": "true"})


def test_starting_the_same_speaker_twice_starts_one_speech_and_tells_the_other(app, forum_id, operators,
                                                                               rendezvous):
    (speaker,) = add_speakers(app, forum_id, "Lê Văn Tâm")
    url = f"/forums/{forum_id}/console/speakers/{speaker}/start"
    answers = at_once([post(c, url) for c in operators])
    assert sorted(a.status_code for a in answers) == [200, 409]
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert "Người này đã phát biểu hoặc đang phát biểu." in refused
    with app.app_context():
        assert db.session.get(Speaker, speaker).state == "speaking"
    assert audit_count(app, "speaker.start") == 1


def test_starting_two_speakers_at_once_leaves_one_speaking(app, forum_id, operators, rendezvous):
    first, second = add_speakers(app, forum_id, "Lê Văn Tâm", "Đỗ Thị Mai")
    answers = at_once([post(operators[0], f"/forums/{forum_id}/console/speakers/{first}/start"),
                       post(operators[1], f"/forums/{forum_id}/console/speakers/{second}/start")])
    assert [a.status_code for a in answers] == [200, 200]
    with app.app_context():
        states = sorted(s.state for s in db.session.scalars(sa.select(Speaker).where(Speaker.forum_id == forum_id)))
    # The later press ended the earlier speech: one speaking, one done — never both at the microphone.
    assert states == ["done", "speaking"]


def test_closing_the_same_tally_twice_keeps_the_first_count(app, forum_id, operators):
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        actions.mark_rest_present(forum)
        tally = actions.open_tally(forum, "other", "Thông qua chương trình")
        db.session.commit()
        tally_id = tally.id
    url = f"/forums/{forum_id}/console/tally/{tally_id}/close"
    counts = {"not_voting": "0", "confirm_gap": "y"}  # the voters left out did not vote (issue 14)
    answers = at_once([post(operators[0], url, {"votes_for": "9", "against": "1", **counts}),
                       post(operators[1], url, {"votes_for": "8", "against": "2", **counts})])
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = 0 if answers[0].status_code == 200 else 1
    refused = answers[1 - winner].get_data(as_text=True)
    assert "Cuộc biểu quyết này đã kết thúc" in refused
    with app.app_context():
        closed = db.session.get(Tally, tally_id)
        assert (closed.votes_for, closed.votes_against) == [(9, 1), (8, 2)][winner]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Tally)) == 1
    assert audit_count(app, "tally.close") == 1


def test_the_same_capture_sent_twice_at_once_is_stored_once(app, forum_id, operators):
    """A resend that overtakes the first send (the answer was slow): one proposal, both acknowledged."""
    url = f"/forums/{forum_id}/console/proposals"
    data = {"key": "resend-race-0001", "text": "gp: Họp tổ đảng hằng tháng", "kind": "giai_phap"}
    answers = at_once([post(operators[0], url, data), post(operators[0], url, data)])
    assert [a.status_code for a in answers] == [200, 200]
    assert all("resend-race-0001" in a.headers["HX-Trigger"] for a in answers)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 1


@pytest.fixture
def held(app, demo):
    from tests.helpers import concluded_forum

    with app.test_request_context():
        return concluded_forum(demo["cell_a"]).id


def test_two_editors_saving_one_section_from_the_same_version_never_overwrite(app, held):
    from forumsite.followup.models import DocumentSection, PartyDocument

    editors = []
    for username in ("bithu", "admin"):
        client = app.test_client()
        AuthActions(client).login(username)
        editors.append(client)
    assert editors[0].post(f"/forums/{held}/documents/NQ/draft").status_code == 303
    with app.app_context():
        section = db.session.scalar(sa.select(PartyDocument)).sections[1]
        section_id, version = section.id, section.version
    url = f"/forums/{held}/documents/NQ/sections/{section_id}"
    texts = ["Bản của bí thư", "Bản của quản trị"]
    answers = at_once([post(c, url, {"text": t, "version": version}) for c, t in zip(editors, texts, strict=True)])
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = 0 if answers[0].status_code == 200 else 1
    conflict = answers[1 - winner].get_data(as_text=True)
    # The loser sees both texts and that theirs was not saved.
    assert "chưa được lưu" in conflict and texts[0] in conflict and texts[1] in conflict
    with app.app_context():
        saved = db.session.get(DocumentSection, section_id)
        assert (saved.text, saved.version) == (texts[winner], version + 1)


def test_two_operators_pressing_next_at_once_advance_the_queue_once(app, forum_id, operators):
    """Both saw Tâm at the head of the queue and pressed "next": Tâm speaks, Mai still waits, and the
    second press is told the list changed — it does not cut Tâm's speech short for Mai."""
    first, second = add_speakers(app, forum_id, "Lê Văn Tâm", "Đỗ Thị Mai")
    page = operators[0].get(f"/forums/{forum_id}/console").get_data(as_text=True)
    assert f'name="expected" value="{first}"' in page  # the button carries who the operator sees as next
    url = f"/forums/{forum_id}/console/speakers/next"
    answers = at_once([post(c, url, {"expected": str(first)}) for c in operators])
    assert sorted(a.status_code for a in answers) == [200, 409]
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert "Danh sách phát biểu vừa được người điều hành khác thay đổi" in refused
    with app.app_context():
        assert db.session.get(Speaker, first).state == "speaking"
        assert db.session.get(Speaker, second).state == "waiting"
