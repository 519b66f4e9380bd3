"""The follow-up's and oversight's htmx forms also work without script: posted without HX-Request, each
answers a 303 or a whole page (never a bare fragment), whether the input is good or refused; with htmx the
same post answers a fragment. (The room's forms have their own table; see tests/test_plain_forms.py.)"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from tests.helpers import HX, plan_forum_of_cell_a
from tests.site_pages import build_site


def _whole_page_or_303(response) -> bool:
    return response.status_code == 303 or "<html" in response.get_data(as_text=True)


@pytest.fixture
def site(app, demo):
    """The demo made complete (an answered recommendation), plus a forum of cell A held with its minutes
    still a draft (a section to autosave)."""
    from forumsite.followup import actions as follow
    from forumsite.followup import drafting
    from forumsite.meeting import actions as live
    from forumsite.meeting.models import Proposal
    from forumsite.planning.models import Forum

    ids = build_site(app, demo)
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.test_request_context():
        forum = db.session.get(Forum, forum_id)
        live.mark_rest_present(forum)
        live.save_conclusion(forum, "Chi bộ thống nhất các giải pháp.")
        live.conclude(forum)
        minutes = follow.create_document(forum, "BB", drafting.minutes_sections(forum))
        section = minutes.sections[1]
        recommendation = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == ids["held"],
                                                                      Proposal.kind == "kien_nghi"))
        db.session.commit()
        return {**ids, "section": f"/forums/{forum_id}/documents/BB/sections/{section.id}",
                "version": section.version, "answer": f"/org/{ids['province']}/oversight/recommendations/"
                                                      f"{recommendation.id}"}


# (name, user, path key, form data builder)
FORMS = [
    ("section-autosave", "bithu", "section", lambda s: {"text": "Nội dung mới của phần này.",
                                                        "version": s["version"]}),
    ("section-autosave-stale", "bithu", "section", lambda s: {"text": "Bản cũ hơn", "version": 0}),
    ("section-autosave-too-long", "bithu", "section", lambda s: {"text": "x" * 50001, "version": s["version"]}),
    ("recommendation-answer", "admin", "answer", lambda s: {"text": "Đảng ủy xã sẽ trả lời trong quý I."}),
    ("recommendation-answer-empty", "admin", "answer", lambda s: {"text": "  "}),
]


@pytest.mark.parametrize(("name", "user", "key", "data"), FORMS, ids=[f[0] for f in FORMS])
def test_posted_without_htmx_the_answer_is_a_303_or_a_whole_page(client, auth, site, name, user, key, data):
    auth.login(user)
    response = client.post(site[key], data=data(site))
    assert response.status_code < 500
    assert _whole_page_or_303(response), f"{name}: {response.status_code} {response.get_data(as_text=True)[:200]}"


@pytest.mark.parametrize(("name", "user", "key", "data"), FORMS, ids=[f[0] for f in FORMS])
def test_with_htmx_the_same_post_answers_a_fragment(client, auth, site, name, user, key, data):
    auth.login(user)
    response = client.post(site[key], data=data(site), headers=HX)
    assert response.status_code != 303 and "<html" not in response.get_data(as_text=True)


def test_the_plain_autosave_keeps_the_text_and_says_so(client, auth, app, site):
    from forumsite.followup.models import DocumentSection

    auth.login("bithu")
    response = client.post(site["section"], data={"text": "Nội dung đã lưu không cần script.",
                                                  "version": site["version"]}, follow_redirects=True)
    assert "Đã lưu phiên bản" in response.get_data(as_text=True)
    section_id = int(site["section"].rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.get(DocumentSection, section_id).text == "Nội dung đã lưu không cần script."
    stale = client.post(site["section"], data={"text": "Bản của người thứ hai", "version": site["version"]})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "<html" in html and "Bản của người thứ hai" in html


NASTY = ["", " ", "-1", "1.5", "99999999999999999999999", "31/02/2026", "\x00", "<script>alert(1)</script>",
         "ư" * 60_000, "٣", "y", "n", "0"]
DRAFT_FORMS = [  # (path key under the draft forum, field names)
    ("clauses", ("selected", "text", "section", "owner", "deadline", "good_model")),
    ("review/meeting", ("met_on", "attendees", "notes")),
    ("documents/BB/approve", ("confirm", "on")),
    ("documents/NQ/adopt", ("votes_for", "against", "not_voting", "confirm", "confirm_gap", "on")),
    ("section", ("text", "version")),
]


@pytest.mark.parametrize(("where", "names"), DRAFT_FORMS, ids=[d[0] for d in DRAFT_FORMS])
def test_draft_forms_take_anything(client, auth, site, where, names):
    """The security fuzzer's world has no draft (tests/security/test_fuzz.py): the same nasty values here,
    plain and htmx; never a 500, and a refusal is a 303, a page or a fragment, never an empty answer."""
    auth.login("bithu")
    forum = site["section"].split("/")[2]
    path = site["section"] if where == "section" else f"/forums/{forum}/{where}"
    if where == "documents/NQ/adopt":
        assert client.post(f"/forums/{forum}/documents/NQ/draft").status_code == 303
    for value in NASTY:
        for headers in ({}, HX):
            response = client.post(path, data={name: value for name in names}, headers=headers)
            assert response.status_code < 500, (where, value[:20], response.status_code)
            assert response.status_code == 303 or response.get_data(as_text=True).strip(), (where, value[:20])
