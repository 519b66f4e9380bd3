"""Setting up the room as a secretary would (issue 16.1): the card at the top of the console, a short code
typed at /p on the projector PC, and the projector following the opening without a reload."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ready
from tests.helpers import browser_login, plan_forum_of_cell_a

pytestmark = pytest.mark.browser


def test_the_projector_pc_is_paired_with_a_short_code(browser, live_server, app, demo, shot):
    forum_id = plan_forum_of_cell_a(app, demo)
    laptop_context = browser.new_context(viewport={"width": 1600, "height": 1000},
                                         permissions=["clipboard-read", "clipboard-write"])
    laptop = laptop_context.new_page()
    browser_login(laptop, live_server, "thuky")
    laptop.goto(f"{live_server}/forums/{forum_id}/console")
    ready(laptop)
    card = laptop.locator("#room-setup")
    assert card.bounding_box()["y"] < 400  # at the top, not under a 3,900-px console
    laptop.get_by_role("button", name="Tạo mã ghép nối").click()
    code = laptop.locator("#room-setup .pairing-code").text_content().strip()
    assert len(code.replace(" ", "")) == 6
    expect(card.locator("img.room-qr")).to_be_visible()
    card.get_by_role("button", name="Chép liên kết").click()
    expect(laptop.locator("#toast")).to_contain_text("Đã chép liên kết trình chiếu")
    assert "/display/" in laptop.evaluate("navigator.clipboard.readText()")
    shot(laptop, "room-setup-card")

    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{live_server}/p")
    projector.get_by_label("Mã ghép nối").fill(code.lower())
    projector.get_by_role("button", name="Mở màn hình trình chiếu").click()
    expect(projector.locator("#screen-agenda")).to_contain_text("Diễn đàn sắp bắt đầu")
    projector.evaluate("() => { window.sameDocument = true; }")

    laptop.get_by_role("button", name="Mở diễn đàn").click()
    expect(projector.locator("#screen-agenda .current-item")).to_contain_text("Khai mạc", timeout=3000)
    assert projector.evaluate("() => window.sameDocument === true")
    laptop_context.close()


def test_opening_a_forum_dated_tomorrow_asks_in_place_then_opens(page, live_server, app, demo):
    """Issue 16.7 under htmx: the question appears under the console's head; confirmed, the forum opens."""
    import datetime as dt

    from forumsite.clock import today_local
    from forumsite.extensions import db
    from forumsite.planning.models import Forum

    forum_id = plan_forum_of_cell_a(app, demo)
    with app.app_context():
        db.session.get(Forum, forum_id).held_on = today_local() + dt.timedelta(days=1)
        db.session.commit()
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    ready(page)
    page.get_by_role("button", name="Mở diễn đàn").click()
    check = page.locator("#open-check")
    expect(check).to_contain_text("chưa đến ngày")
    expect(page.locator(".status").first).to_have_text("Đã công bố")
    check.get_by_role("button", name="Vẫn mở diễn đàn").click()
    expect(page.locator("#capture-text")).to_be_visible()
    with app.app_context():
        assert db.session.get(Forum, forum_id).status == "in_session"
