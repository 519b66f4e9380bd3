"""Probe findings on the oversight pages: I2 (drafts listed on the cell page that the forum page hides)
and I6 (an answer sent by a plain form, without script, gets a flash and a 303)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.planning.models import Forum

from .. import oversight_tree
from ..oversight_tree import YEAR


@pytest.fixture
def tree(app):
    with app.app_context():
        return oversight_tree.build()


def test_the_cell_page_hides_the_drafts_the_forum_page_hides(app, client, auth, tree):
    from forumsite.accounts.actions import create_user

    with app.app_context():
        drafts = db.session.scalars(sa.select(Forum.id).where(Forum.cell_id == tree["C2"],
                                                              Forum.status == "draft")).all()
        create_user("quantri", "demo12345", is_admin=True)
        db.session.commit()
    assert len(drafts) == 2
    auth.login("theodoi_p", "demo12345")
    for forum_id in drafts:
        assert client.get(f"/forums/{forum_id}").status_code == 404
    page = client.get(f"/org/{tree['C2']}/oversight/?year={YEAR}").get_data(as_text=True)
    assert "Dự thảo" not in page
    assert page.count("<td class=\"num\">4 / 4</td>") == 1  # the forum held is still listed
    # The administrator opens the drafts on the forum page, so sees them listed too.
    auth.logout()
    auth.login("quantri", "demo12345")
    assert client.get(f"/forums/{drafts[0]}").status_code == 200
    assert client.get(f"/org/{tree['C2']}/oversight/?year={YEAR}").get_data(as_text=True).count("Dự thảo") == 2


def test_a_plain_form_answer_gets_a_flash_and_a_303(app, client, auth, tree):
    auth.login("theodoi_p", "demo12345")
    url = f"/org/{tree['P']}/oversight/recommendations/{tree['rec_f1']}"
    response = client.post(url, data={"text": "Tỉnh ủy sẽ bổ sung tài liệu."})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/org/{tree['P']}/oversight/recommendations#rec-{tree['rec_f1']}")
    assert "Đã trả lời kiến nghị." in client.get(response.headers["Location"]).get_data(as_text=True)
    empty = client.post(f"/org/{tree['P']}/oversight/recommendations/{tree['rec_f7']}", data={"text": "  "})
    assert empty.status_code == 303
    assert "Nội dung đang trống." in client.get(empty.headers["Location"]).get_data(as_text=True)
