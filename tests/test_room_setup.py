"""Room set-up in a minute (issue 16.1): the console's "Chuẩn bị phòng họp" card before the forum opens, with
the projector's link as a QR code and a copy button, and a short pairing code typed at /p on the projector PC
(single use, a few minutes, rate-limited, audited)."""
import datetime as dt

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.planning.models import Forum
from forumsite.screen import rules
from forumsite.screen.models import Display
from tests.helpers import make_app, plan_forum_of_cell_a


@pytest.fixture
def published(app, demo):
    return plan_forum_of_cell_a(app, demo)


def _forum(app, forum_id):
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        db.session.expunge(forum)
        return forum


def _actions(app):
    with app.app_context():
        return [(e.action, e.username) for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def test_the_card_is_at_the_top_of_the_console_before_the_forum_opens(client, auth, app, published):
    auth.login("thuky")
    html = client.get(f"/forums/{published}/console").get_data(as_text=True)
    assert "Chuẩn bị phòng họp" in html
    assert html.index('id="room-setup"') < html.index('id="console-opening"')  # above everything else
    assert "/p" in html and "Tạo mã ghép nối" in html and f"/f/{published}" in html


def test_a_code_pairs_one_display_once(client, auth, app, published):
    auth.login("thuky")
    response = client.post(f"/forums/{published}/display/pair")
    assert response.status_code == 303 and response.headers["Location"].endswith("#room-setup")
    forum = _forum(app, published)
    code, token = forum.pairing_code, forum.display_token
    assert token and len(code) == 6 and set(code) <= set(rules.PAIRING_ALPHABET)
    html = client.get(f"/forums/{published}/console").get_data(as_text=True)
    assert f"{code[:3]} {code[3:]}" in html and 'src="data:image/svg+xml' in html and "data-copy" in html
    auth.logout()

    projector = app.test_client()
    assert "Ghép nối máy chiếu" in projector.get("/p").get_data(as_text=True)
    typed = f"{code[:3].lower()} {code[3:]}"  # as someone types it
    response = projector.post("/p", data={"code": typed})
    # The code makes a display of its own (its own token, not the forum's link): disconnecting it ends it alone.
    with app.app_context():
        display = db.session.scalar(sa.select(Display).where(Display.forum_id == published))
        assert display.number == 1 and display.token != token
        own = display.token
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/display/{own}")
    assert projector.get(response.headers["Location"]).status_code == 200
    # Used: a second display needs a new code.
    again = app.test_client().post("/p", data={"code": code})
    assert again.status_code == 422 and "Mã không đúng" in again.get_data(as_text=True)
    assert _forum(app, published).pairing_code is None
    actions = _actions(app)
    assert ("screen.pair_code", "thuky") in actions and ("screen.pair", "") in actions
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "screen.pair_code"))
        assert code not in str(entry.details)  # the code itself stays out of the trail


def test_an_expired_or_wrong_code_opens_nothing(client, auth, app, published):
    auth.login("thuky")
    client.post(f"/forums/{published}/display/pair")
    code = _forum(app, published).pairing_code
    with app.app_context():
        forum = db.session.get(Forum, published)
        forum.pairing_expires_at = forum.pairing_expires_at - rules.PAIRING_VALID - dt.timedelta(seconds=1)
        db.session.commit()
    for typed in (code, "", "ABCDEFGHIJ", "' OR 1=1 --"):
        response = app.test_client().post("/p", data={"code": typed})
        assert response.status_code == 422, typed
    html = client.get(f"/forums/{published}/console").get_data(as_text=True)
    assert f"{code[:3]} {code[3:]}" not in html  # the console no longer shows an expired code


def test_a_member_cannot_make_a_code(client, auth, app, published):
    auth.login("dangvien")
    assert client.post(f"/forums/{published}/display/pair").status_code == 403
    assert _forum(app, published).pairing_code is None


def test_guessing_codes_is_rate_limited(tmp_path, pg_ready):
    app = make_app(tmp_path, pg_ready, RATELIMIT_ENABLED=True, PAIR_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.post("/p", data={"code": f"AAAAA{n}"}).status_code for n in range(5)]
    assert statuses[:3] == [422] * 3 and statuses[3:] == [429, 429]


def test_the_code_is_normalised_as_typed():
    assert rules.normalise_code(" ab3-k9p ") == "AB3K9P"
    assert not rules.pairing_open(None, None, dt.datetime(2026, 11, 26))


def test_the_pairing_form_carries_its_csrf_token(tmp_path, pg_ready):
    from tests.helpers import csrf_token

    app = make_app(tmp_path, pg_ready, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/p", data={"code": "ABCDEF"}).status_code == 400  # no token: refused before any lookup
    token = csrf_token(client.get("/p").get_data(as_text=True))
    assert client.post("/p", data={"code": "ABCDEF", "csrf_token": token}).status_code == 422
