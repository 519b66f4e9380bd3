"""Keyboard only — Tab, Enter, Space and the console's shortcuts, never the mouse — through the
secretary's console and the committee's review, with the focus visible at every stop (an outline of
2 px or more with a contrast of 3:1 against what surrounds it, or a box-shadow)."""

import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login, plan_forum_of_cell_a

from .focus import FOCUS_JS, focus_problem, named, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def published(app, demo):
    """A published forum of cell A, planned and approved as the chair would."""
    return plan_forum_of_cell_a(app, demo)


def settle(page):
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def shortcut(page, key):
    """Esc leaves the field being typed in; then the one-letter shortcut."""
    settle(page)
    page.keyboard.press("Escape")
    page.keyboard.press(key)


def assert_focus_visible(seen):
    problems = {f"{s['tag']}#{s['id']} «{s['name']}»: {focus_problem(s)}" for s in seen if focus_problem(s)}
    assert not problems, "\n".join(sorted(problems))
    assert all(s["visible"] for s in seen), [s for s in seen if not s["visible"]][:3]


def test_the_console_with_the_keyboard_alone(page, live_server, published):
    seen = []
    page.on("dialog", lambda d: d.accept())
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{published}/console")
    page.wait_for_selector("#console[data-ready]")
    # The first Tab reaches the skip link, which takes the focus to the content.
    first = tab_to(page, lambda s: True, seen=seen)
    assert first["tag"] == "A" and first["name"] == "Bỏ qua, đến nội dung chính", first
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    tab_to(page, named("Mở diễn đàn"), seen=seen)
    page.keyboard.press("Enter")
    expect(page.locator("#console-agenda li.current")).to_contain_text("Khai mạc")
    page.reload()
    page.wait_for_selector("#console[data-ready]")
    expect(page.locator("#capture-text")).to_be_focused()  # the capture line waits for the first word

    # A proposal typed and saved with Enter; the line is empty and keeps the focus.
    page.keyboard.type("gp: Mỗi tháng một buổi sinh hoạt chuyên đề về tự phê bình BH5")
    page.keyboard.press("Enter")
    expect(page.locator(".proposal")).to_have_count(1)
    expect(page.locator(".proposal").first).to_contain_text("Mỗi tháng một buổi sinh hoạt chuyên đề")
    expect(page.locator("#capture-text")).to_have_value("")
    expect(page.locator("#capture-text")).to_be_focused()

    # Through the agenda: n goes on, b comes back.
    shortcut(page, "n")
    expect(page.locator("#console-agenda li.current")).not_to_contain_text("Khai mạc")
    moved = page.locator("#console-agenda li.current").inner_text()
    shortcut(page, "n")
    expect(page.locator("#console-agenda li.current")).not_to_have_text(moved)
    shortcut(page, "b")
    expect(page.locator("#console-agenda li.current")).to_have_text(moved)

    # A speaker: l to the name field, Enter to queue, s to start, e to end.
    shortcut(page, "l")
    page.keyboard.type("Trần Thị Lan")
    page.keyboard.press("Enter")
    expect(page.locator("#console-speakers .queue")).to_contain_text("Trần Thị Lan")
    shortcut(page, "s")
    expect(page.locator(".current-name")).to_have_text("Trần Thị Lan")
    shortcut(page, "e")
    expect(page.locator(".current-name")).to_have_count(0)
    expect(page.locator("#console-speakers")).to_contain_text("Trần Thị Lan")

    # The whole console walked with Tab: every stop shows where the focus is.
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(120):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_JS)
        if state:
            seen.append(state)
    assert len({(s["tag"], s["id"], s["name"]) for s in seen}) >= 30
    assert_focus_visible(seen)


def test_the_committee_review_with_the_keyboard_alone(app, page, live_server, demo):
    from forumsite.extensions import db
    from forumsite.org.models import Organisation
    from tests.helpers import concluded_forum

    with app.test_request_context():
        # An objective said at the forum and the cell's place name: a draft the pre-adoption check can pass.
        held = concluded_forum(demo["cell_a"], ("mt: Phấn đấu 100% đảng viên hoàn thành tốt nhiệm vụ",)).id
        db.session.get(Organisation, demo["cell_a"]).place_name = "Hải Phú"
        db.session.commit()
    seen = []
    browser_login(page, live_server, "bithu")
    page.goto(f"{live_server}/forums/{held}/review")
    # Two proposals selected with Space, a clause written, added with Enter.
    for _ in range(2):
        tab_to(page, lambda s: s["tag"] == "INPUT" and s["id"].startswith("pick-")
               and not page.locator(f"#{s['id']}").is_checked(), seen=seen)
        page.keyboard.press("Space")
    assert page.locator(".review-proposals input:checked").count() == 2
    tab_to(page, lambda s: s["id"] == "clause-text", seen=seen)
    page.keyboard.type("Mỗi quý một buổi sinh hoạt chuyên đề về tự phê bình")
    page.keyboard.press("Tab")  # the section: task, as it is
    page.keyboard.press("Tab")
    page.keyboard.type("Chi ủy")
    page.keyboard.press("Tab")
    page.keyboard.type("31/3/2027")
    tab_to(page, named("Thêm điều khoản"), seen=seen)
    page.keyboard.press("Enter")
    expect(page.locator(".clauses")).to_contain_text("Từ 2 ý kiến của")
    # The draft resolution, then its adoption vote — all from the keyboard.
    tab_to(page, named("Lập dự thảo nghị quyết chuyên đề"), seen=seen)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Nghị quyết")
    # Only the hands are typed: the eligible and present voters come from the record.
    tab_to(page, lambda s: s["id"] == "ad-for", seen=seen)
    page.keyboard.type("11")  # of the 12 voters present; one against
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("0")
    tab_to(page, lambda s: s["tag"] == "INPUT" and page.evaluate("document.activeElement.name") == "confirm",
           seen=seen)
    page.keyboard.press("Space")  # "Tôi xác nhận…": the document will be locked and numbered
    tab_to(page, named("Ghi kết quả biểu quyết"), seen=seen)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Số 01-NQ/CB")
    assert len(seen) >= 10
    assert_focus_visible(seen)


def test_the_focus_check_can_fail(page, live_server):
    """An outline removed, or drawn in a colour close to the background, is reported."""
    page.goto(f"{live_server}/login")
    # Through the CSSOM: the page's CSP refuses an injected <style>, rightly.
    page.evaluate("""() => {
        document.getElementById('username').style.setProperty('outline-style', 'none', 'important');
        document.getElementById('password').style.setProperty('outline-color', '#f0f0f0', 'important'); }""")
    page.locator("#username").focus()  # a programmatic focus after a key press still matches :focus-visible
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    username = page.evaluate(FOCUS_JS)
    page.keyboard.press("Tab")
    password = page.evaluate(FOCUS_JS)
    assert username["id"] == "username" and focus_problem(username) == "no outline and no box-shadow"
    assert password["id"] == "password" and "contrast" in (focus_problem(password) or "")
