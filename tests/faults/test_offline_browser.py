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

from ..conftest import browser_login
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
    expect(page.locator("#console-proposals")).to_contain_text("Mỗi tháng một buổi sinh hoạt chuyên đề BH3")
    expect(state).to_be_empty()
    assert page.evaluate(f"localStorage.getItem('{store}')") == "[]"
    time.sleep(1)  # a late retry would show here as a second row
    assert proposals(app, forum_id) == ["Mỗi tháng một buổi sinh hoạt chuyên đề BH3"]
