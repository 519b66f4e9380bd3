"""In Chromium: a console whose stream the server refuses (every slot taken: 503) still shows what a
member's phone and another operator change, by polling, as the projector and the phones do (probe F14)."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import console
from tests.helpers import AuthActions

pytestmark = pytest.mark.browser


def test_a_console_without_a_stream_polls(browser, live_server, app, opened):
    app.config["MAX_STREAMS"] = 0  # every stream is refused
    secretary = console(browser, live_server, opened)
    member = app.test_client()
    AuthActions(member).login("dangvien")
    assert member.post(f"/forums/{opened}/speak/", headers={"HX-Request": "true"}).status_code == 200
    expect(secretary.locator("#console-speakers .queue")).to_contain_text("Võ Thị Mai", timeout=15000)
    # No stream carried it: the server refuses every console stream (asked directly rather than by listening
    # to the page, whose first refusal may come before a listener could be attached).
    assert secretary.request.get(f"{live_server}/forums/{opened}/console/stream").status == 503
    # And back to nothing new: once the console has caught up, a poll answers 204 and replaces nothing (the
    # first poll after the change may still carry it).
    with secretary.expect_response(lambda r: "/console/poll" in r.url and r.status == 204, timeout=20000) as answer:
        pass
    assert answer.value.status == 204
