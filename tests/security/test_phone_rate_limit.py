"""A member's phone cannot flood the room (security probe F17): asking to speak and withdrawing share
one allowance per account (PHONE_RATE_LIMIT, 10 a minute); beyond it the phone is told in Vietnamese
(429) and nothing is written. Other members, on the same Wi-Fi address, are not held back."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from tests.helpers import AuthActions, make_app, plan_forum_of_cell_a

HX = {"HX-Request": "true"}


@pytest.fixture
def limited(tmp_path, pg_ready):
    """The app with its rate limits on (the suite turns them off), a forum of cell A in session,
    everyone present."""
    from forumsite.demo import load_demo
    from forumsite.meeting import actions
    from forumsite.org.models import Organisation
    from forumsite.planning.models import Forum

    app = make_app(tmp_path, pg_ready, RATELIMIT_ENABLED=True)
    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        ids = {o.name: o.id for o in db.session.scalars(sa.select(Organisation))}
    forum_id = plan_forum_of_cell_a(app, {"cell_a": ids["Chi bộ Thôn Phú Hưng"]}, open_it=True)
    with app.app_context():
        actions.mark_rest_present(db.session.get(Forum, forum_id))
        db.session.commit()
    return app, forum_id


def phone(app, username):
    client = app.test_client()
    assert AuthActions(client).login(username).status_code in (302, 303)
    return client


def writes(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))


def test_a_phone_is_held_to_its_allowance_and_told_so(limited):
    app, forum_id = limited
    allowance = int(app.config["PHONE_RATE_LIMIT"].split()[0])
    member = phone(app, "dangvien")
    for i in range(allowance):
        path = f"/forums/{forum_id}/speak/" + ("withdraw" if i % 2 else "")
        assert member.post(path, headers=HX).status_code == 200, i
    before = writes(app)
    answer = member.post(f"/forums/{forum_id}/speak/", headers=HX)
    assert answer.status_code == 429
    assert "Bạn bấm quá nhanh. Vui lòng đợi một lát rồi thử lại." in answer.get_data(as_text=True)
    assert 'class="error-page"' in answer.get_data(as_text=True)  # the phone shows it (app.js)
    assert member.post(f"/forums/{forum_id}/speak/withdraw", headers=HX).status_code == 429
    assert writes(app) == before  # nothing written, nothing sent to the screens
    # The limit is the account's, not the address's: another member on the same Wi-Fi still asks.
    assert phone(app, "thuky").post(f"/forums/{forum_id}/speak/", headers=HX).status_code == 200

