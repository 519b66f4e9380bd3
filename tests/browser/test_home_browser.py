""""Hôm nay" in Chromium (issue 16.4): the day's forum and its one step at the top, on a desk and on a phone."""

import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login, plan_forum_of_cell_a

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size, name", [((1440, 900), "home-desktop"), ((390, 844), "home-phone")])
def test_the_secretary_lands_on_today_with_the_console_one_click_away(page, live_server, app, demo, shot, size, name):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    browser_login(page, live_server, "thuky")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hôm nay")
    action = page.locator(".today-now").get_by_role("link", name="Mở bảng điều hành")
    expect(action).to_be_visible()
    box = action.bounding_box()
    assert box["y"] + box["height"] <= size[1]  # above the fold, phone included
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]  # nothing wider than the screen
    shot(page, name)
    action.click()
    expect(page).to_have_url(f"{live_server}/forums/{forum_id}/console")
    assert not errors, errors
