"""Probe F16: the adoption vote took a typed "eligible" count, so a chair could adopt a resolution with
2 hands "of 3". The eligible members and those present now come from the record; only the hands are typed."""
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.followup.models import PartyDocument
from forumsite.meeting.models import Tally
from tests.helpers import draft, ready


def test_a_typed_eligible_count_is_ignored(client, auth, app, held):
    from forumsite.followup.record import load
    from forumsite.planning.models import Forum

    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    with app.app_context():
        a = load(db.session.get(Forum, held)).attendance
    assert a.eligible > 4  # so that 2 hands are not a majority of the record's eligible members
    client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "eligible": "3", "present_voters": "3", "votes_for": "2", "against": "0", "not_voting": "1",
        "confirm": "y", "confirm_gap": "y", "on": "5/12/2026"})
    with app.app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.subject_kind == "resolution"))
        assert (tally.eligible, tally.present_voters, tally.passed) == (a.eligible, a.present_voters, False)
        doc = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.kind == "NQ"))
        assert (doc.status, doc.number) == ("draft", None)
    page = client.get(f"/forums/{held}/documents/NQ").get_data(as_text=True)
    assert 'name="eligible"' not in page and 'name="present_voters"' not in page
    assert f"<dd>{a.eligible}</dd>" in page


def test_more_hands_than_voters_in_the_room_is_refused(client, auth, app, held):
    from forumsite.followup.record import load
    from forumsite.planning.models import Forum

    auth.login("bithu")
    draft(client, held)
    ready(client, held)
    with app.app_context():
        voters = load(db.session.get(Forum, held)).attendance.present_voters
    refused = client.post(f"/forums/{held}/documents/NQ/adopt", data={
        "votes_for": voters + 1, "against": "0", "not_voting": "0", "confirm": "y", "confirm_gap": "y"},
        follow_redirects=True)
    assert "Số phiếu không hợp lệ" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Tally.id)).where(Tally.subject_kind == "resolution")) == 0
