"""In Chromium: log in, and search a member with and without diacritics (htmx swaps the rows)."""
import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login

pytestmark = pytest.mark.browser


def test_search_with_and_without_diacritics(page, live_server, demo, shot):
    messages = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    browser_login(page, live_server, "bithu")
    expect(page).to_have_url(f"{live_server}/")  # "Hôm nay"; the cell's members one click away
    page.get_by_role("link", name="Đảng viên của chi bộ").click()
    expect(page).to_have_url(f"{live_server}/cells/{demo['cell_a']}/members")
    rows = page.locator("#member-rows tbody tr")
    expect(rows).to_have_count(15)
    shot(page, "members-list")

    search = page.get_by_label("Tìm theo tên")
    search.fill("nguyen van")
    expect(rows).to_have_count(1)
    expect(page.locator("#member-rows")).to_contain_text("Nguyễn Văn Hùng")
    assert "q=nguyen%20van" in page.url  # the search is in the address, so it can be shared and reloaded

    search.fill("Trần Thị")
    expect(rows).to_have_count(1)
    expect(page.locator("#member-rows")).to_contain_text("Trần Thị Lan")

    search.fill("hung")  # Hùng, and the Hưng of nobody: no diacritics needed
    expect(page.locator("#member-rows")).to_contain_text("Nguyễn Văn Hùng")
    shot(page, "members-search")
    assert not messages, messages  # no CSP violation or script error on the page


def test_inline_edit_with_the_keyboard(page, live_server, demo):
    browser_login(page, live_server, "bithu")
    page.goto(f"{live_server}/cells/{demo['cell_a']}/members")
    row = page.locator("tr", has_text="Võ Thị Mai")
    row.get_by_role("button", name="Sửa nhanh").click()
    name = page.get_by_label("Họ và tên")
    expect(name).to_be_focused()
    name.fill("Võ Thị Mai Anh")
    name.press("Enter")
    expect(page.locator("#member-rows")).to_contain_text("Võ Thị Mai Anh")
    page.reload()
    expect(page.locator("#member-rows")).to_contain_text("Võ Thị Mai Anh")


def test_english_interface(page, live_server, demo):
    browser_login(page, live_server, "bithu")
    page.goto(f"{live_server}/cells/{demo['cell_a']}/members")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Member")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_transfer_is_requested_then_accepted_without_script(browser, page, live_server, demo):
    """Security probe F1: the sender's transfer waits on the receiving cell's member page; the chair there
    accepts it with a plain form (no script needed), and the page with the request passes axe."""
    from forumsite.clock import today_local
    from forumsite.vn import format_short_date

    from .axe import describe, violations

    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    plain = context.new_page()
    plain.set_default_timeout(20_000)
    try:
        browser_login(plain, live_server, "bithu")
        plain.goto(f"{live_server}/cells/{demo['cell_a']}/members")
        plain.get_by_role("link", name="Bùi Thị Thu").click()
        plain.get_by_role("link", name="Chuyển sinh hoạt").click()
        plain.get_by_label("Chuyển đến chi bộ").select_option(label="Chi bộ Thôn Long Hưng — Đảng bộ xã Hải Phú")
        plain.get_by_label("Ngày chuyển").fill(format_short_date(today_local()))
        plain.get_by_role("button", name="Gửi đề nghị chuyển").click()
        expect(plain.locator("body")).to_contain_text("Đang chờ tiếp nhận")
        plain.get_by_role("button", name="Đăng xuất").click()

        # The receiving chair's page, with script (axe runs in the page).
        browser_login(page, live_server, "bithu2")
        page.goto(f"{live_server}/cells/{demo['cell_b']}/members")
        expect(page.get_by_role("region", name="Đề nghị chuyển sinh hoạt đến chi bộ")).to_contain_text("Bùi Thị Thu")
        found = violations(page)
        assert not found, describe("incoming transfers", found)

        browser_login(plain, live_server, "bithu2")
        plain.goto(f"{live_server}/cells/{demo['cell_b']}/members")
        incoming = plain.get_by_role("region", name="Đề nghị chuyển sinh hoạt đến chi bộ")
        expect(plain.locator("#member-rows")).not_to_contain_text("Bùi Thị Thu")
        incoming.get_by_role("button", name="Tiếp nhận").click()
        expect(plain.locator("body")).to_contain_text("Đã tiếp nhận Bùi Thị Thu")
        expect(plain.locator("#member-rows")).to_contain_text("Bùi Thị Thu")
    finally:
        context.close()
