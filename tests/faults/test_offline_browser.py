"""Chromium: the console goes offline while the secretary types. The text is kept in the browser,
the line says it is not sent yet, and on reconnect it is sent — exactly once."""
from __future__ import annotations

import json
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forumsite.extensions import db
from forumsite.meeting.models import Proposal
from tests.helpers import browser_login

from .helpers import open_forum

pytestmark = pytest.mark.browser


def proposals(app, forum_id):
    with app.app_context():
        rows = db.session.scalars(sa.select(Proposal.text).where(Proposal.forum_id == forum_id)).all()
        db.session.remove()
    return rows


@pytest.mark.parametrize("offline_seconds", [
    pytest.param(3, id="3s"),
    pytest.param(30, id="30s", marks=pytest.mark.slow),
])
def test_offline_mid_typing_keeps_the_text_and_sends_it_once_on_reconnect(page, context, live_server, app, demo,
                                                                          offline_seconds):
    forum_id = open_forum(app, demo)
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    page.wait_for_selector("#console[data-ready]")
    line = page.locator("#capture-text")
    state = page.locator("[data-capture-state]")
    store = f"forumsite.capture.{forum_id}"

    line.type("gp: Mỗi tháng một buổi ")
    context.set_offline(True)
    expect(state).to_contain_text("Mất kết nối")  # said before anything is even sent
    line.type("sinh hoạt chuyên đề BH3")
    line.press("Enter")
    expect(state).to_contain_text("1 ý kiến chưa gửi được")
    queued = json.loads(page.evaluate(f"localStorage.getItem('{store}')"))
    assert [item["text"] for item in queued] == ["gp: Mỗi tháng một buổi sinh hoạt chuyên đề BH3"]
    assert len(queued[0]["key"]) >= 8

    # Offline for a while: the console's retries every few seconds all fail, nothing reaches the server.
    time.sleep(offline_seconds)
    assert proposals(app, forum_id) == []
    expect(state).to_contain_text("chưa gửi được")
    assert json.loads(page.evaluate(f"localStorage.getItem('{store}')"))[0]["key"] == queued[0]["key"]

    context.set_offline(False)
    expect(page.locator("#console-proposals")).to_contain_text("Mỗi tháng một buổi sinh hoạt chuyên đề")
    expect(state).to_be_empty()
    assert page.evaluate(f"localStorage.getItem('{store}')") == "[]"
    time.sleep(1)  # a late retry would show here as a second row
    assert proposals(app, forum_id) == ["Mỗi tháng một buổi sinh hoạt chuyên đề"]  # BH3 is its tag


def test_a_server_that_cannot_store_now_keeps_the_proposal_queued_until_it_can(page, live_server, app, demo):
    """503 (the database restarting): not a refusal. The proposal stays queued, the line says so, and it
    is sent — once — when the server answers again."""
    forum_id = open_forum(app, demo)
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    page.wait_for_selector("#console[data-ready]")
    unavailable = []

    def answer_503(route):
        unavailable.append(route.request.post_data)
        route.fulfill(status=503, headers={"Retry-After": "10"}, content_type="text/html; charset=utf-8",
                      body='<section class="error-page"><p>Tạm thời chưa truy cập được dữ liệu</p></section>')

    page.route("**/console/proposals", answer_503)
    page.locator("#capture-text").fill("kn: Đề nghị mở lớp bồi dưỡng lý luận NV2")
    page.locator("#capture-text").press("Enter")
    state = page.locator("[data-capture-state]")
    expect(state).to_contain_text("1 ý kiến chưa gửi được")
    page.locator("#capture-text").type("Ý kiến tiếp theo đang gõ")
    page.wait_for_timeout(5500)  # the console retries every 5 s: still 503
    assert len(unavailable) >= 2
    assert proposals(app, forum_id) == []
    expect(page.locator("#capture-text")).to_have_value("Ý kiến tiếp theo đang gõ")  # nothing pushed back in

    page.unroute("**/console/proposals")
    expect(state).to_be_empty(timeout=10000)
    assert proposals(app, forum_id) == ["Đề nghị mở lớp bồi dưỡng lý luận"]  # NV2 is its tag
    expect(page.locator("#capture-text")).to_have_value("Ý kiến tiếp theo đang gõ")


def test_a_refused_proposal_comes_back_ahead_of_what_was_typed_since(page, live_server, app, demo):
    """A 4xx will not succeed on resending: the text returns to the line, and what was typed since stays."""
    forum_id = open_forum(app, demo)
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    page.wait_for_selector("#console[data-ready]")
    page.route("**/console/proposals", lambda route: route.fulfill(
        status=409, content_type="text/html; charset=utf-8",
        body='<section class="error-page"><p>Diễn đàn chưa mở hoặc đã kết thúc.</p></section>'))
    line = page.locator("#capture-text")
    line.evaluate("el => { el.value = 'Ý kiến bị từ chối'; }")
    page.evaluate("""() => {
        const form = document.querySelector('[data-capture]');
        const input = form.querySelector('[name=text]');
        form.requestSubmit();
        input.value = 'Gõ tiếp trong lúc chờ';
    }""")
    expect(line).to_have_value("Ý kiến bị từ chối\nGõ tiếp trong lúc chờ")
    assert page.evaluate(f"localStorage.getItem('forumsite.capture.{forum_id}')") == "[]"
    assert proposals(app, forum_id) == []
