"""Setting up the room as a secretary would, with two displays (issue 16, the first "Done when"): both paired
with the short code, the introductory report's second page projected on one and the session on the other;
then the forum opens, the theme and the attendance change, and both displays follow without a reload.

Screenshots of each display and of the console's card go to tests/artifacts/ (git-ignored) to be looked at."""
import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ready, settle
from tests.helpers import ARTIFACTS, browser_login, pdf_of_pages, plan_forum_of_cell_a

from .axe import describe, violations

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
REPORT_PAGES = (
    "BAO CAO DE DAN\nDien dan chi bo Thon Phu Hung nam 2026\n\nPhan thu nhat: Tinh hinh chung",
    "PHAN THU HAI: NHAN DIEN BIEU HIEN\n1. Mot so dang vien chua thuong xuyen tu phe binh.\n"
    "2. Viec hoc tap nghi quyet o mot so noi con hinh thuc.\n3. Con tinh trang ne nang, ngai va cham.\n\n"
    "PHAN THU BA: GIAI PHAP\n1. Moi quy mot buoi sinh hoat chuyen de.\n2. Phan cong dang vien kem cap dang vien du bi.",
)


def pair(browser, laptop, live_server, first: bool):
    """A new code on the console, typed on a new projector PC at /p."""
    laptop.locator("#room-setup").get_by_role("button", name="Tạo mã ghép nối" if first else "Tạo mã mới").click()
    laptop.wait_for_load_state()
    code = laptop.locator("#room-setup .pairing-code").text_content().strip()
    screen = browser.new_context(viewport=PROJECTOR).new_page()
    screen.goto(f"{live_server}/p")
    screen.get_by_label("Mã ghép nối").fill(code.lower())
    screen.get_by_role("button", name="Mở màn hình trình chiếu").click()
    expect(screen.locator("#screen-agenda")).to_contain_text("Diễn đàn sắp bắt đầu")
    screen.evaluate("() => { window.sameDocument = true; }")  # gone if the page were ever reloaded
    return screen


def test_two_displays_set_up_and_following_the_session(browser, live_server, app, demo, tmp_path):
    os.makedirs(ARTIFACTS, exist_ok=True)
    forum_id = plan_forum_of_cell_a(app, demo)
    errors: list[str] = []
    laptop_context = browser.new_context(viewport={"width": 1440, "height": 1000})
    laptop = laptop_context.new_page()
    laptop.on("dialog", lambda d: d.accept())
    browser_login(laptop, live_server, "thuky")

    # The introductory report, attached as the secretary does on the forum's page.
    report = tmp_path / "bao-cao-de-dan.pdf"
    report.write_bytes(pdf_of_pages(*REPORT_PAGES))
    laptop.goto(f"{live_server}/forums/{forum_id}")
    laptop.get_by_label("Loại tài liệu").select_option(label="Báo cáo đề dẫn")
    laptop.get_by_label("Tên tài liệu").fill("Báo cáo đề dẫn")
    laptop.get_by_label("Tệp (PDF, DOCX, ODT; tối đa 10 MB)").set_input_files(str(report))
    laptop.get_by_role("button", name="Đính kèm").click()
    expect(laptop.locator("#documents")).to_contain_text("Báo cáo đề dẫn")

    laptop.goto(f"{live_server}/forums/{forum_id}/console")
    ready(laptop)
    hall = pair(browser, laptop, live_server, first=True)
    side = pair(browser, laptop, live_server, first=False)
    for screen in (hall, side, laptop):
        screen.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    ready(laptop)
    listed = laptop.locator("#console-displays")
    expect(listed).to_contain_text("Màn hình đã kết nối (2)")

    # Name the first, and put the report on it; turn to its second page.
    row = listed.locator(".display-row").nth(0)
    row.get_by_label("Tên màn hình 1").fill("Màn hình hội trường")
    row.get_by_role("button", name="Đổi tên").click()
    expect(listed.locator(".display-row").nth(0)).to_contain_text("Màn hình hội trường")
    row = listed.locator(".display-row").nth(0)
    row.get_by_label("Chiếu").select_option(label="Báo cáo đề dẫn")
    row.get_by_role("button", name="Chiếu lên màn hình 1").click()
    page_image = hall.locator("#screen-display .display-document img")
    expect(page_image).to_have_attribute("src", re.compile(r"/display/[^/]+/pages/\d+/1\.png$"))
    expect(listed.locator(".display-row").nth(0)).to_contain_text("trang 1/2")
    listed.locator(".display-row").nth(0).get_by_role("button", name="Trang sau").click()
    expect(hall.locator("#screen-display figcaption")).to_contain_text("Trang 2/2")
    expect(page_image).to_have_attribute("src", re.compile(r"/2\.png$"))
    hall.wait_for_function("() => { const i = document.querySelector('#screen-display img');"
                           " return i && i.complete && i.naturalHeight > 1000; }")
    expect(listed.locator(".display-row").nth(0)).to_contain_text("trang 2/2")
    # The other display still shows the session.
    expect(side.locator("#screen-display .display-layer")).to_have_count(0)
    expect(side.locator("#screen-agenda")).to_be_visible()

    # "Nhận diện": each display flashes its own number.
    listed.get_by_role("button", name="Nhận diện").first.click()
    expect(hall.locator(".display-identify-number")).to_have_text("1")
    expect(side.locator(".display-identify-number")).to_have_text("2")
    hall.screenshot(path=os.path.join(ARTIFACTS, "display-identify.png"))
    expect(hall.locator(".display-identify")).to_have_count(0, timeout=10000)
    expect(side.locator(".display-identify")).to_have_count(0, timeout=10000)

    laptop.locator("#room-setup").screenshot(path=os.path.join(ARTIFACTS, "display-console-card.png"))
    # The card with its two displays, and the display showing a document, pass axe.
    for name, screen in (("console", laptop), ("display", hall)):
        found = violations(screen)
        assert not found, describe(name, found)
    hall.screenshot(path=os.path.join(ARTIFACTS, "display-document-page-2.png"))

    # The forum opens; attendance and theme change on the console: both displays follow, never reloaded.
    laptop.get_by_role("button", name="Mở diễn đàn").click()
    expect(side.locator("#screen-agenda .current-item")).to_contain_text("Khai mạc", timeout=5000)
    ready(laptop)
    laptop.get_by_role("button", name="Những người chưa điểm danh: có mặt").click()
    settle(laptop)
    for screen in (hall, side):
        expect(screen.locator(".screen-attendance")).to_contain_text("Có mặt", timeout=5000)
        expect(screen.locator(".screen-attendance")).not_to_contain_text("Có mặt 0/")
    laptop.get_by_label("Giao diện").select_option("dark")
    laptop.locator("#screen-controls").get_by_role("button", name="Hiện phiên họp").click()
    for screen in (hall, side):
        expect(screen.locator("body")).to_have_class("screen projector theme-dark", timeout=5000)
        assert screen.evaluate("() => window.sameDocument === true")
    # The document is still on the hall's display, on its second page.
    assert hall.locator("#screen-display .display-document img").get_attribute("src").endswith("/2.png")
    side.screenshot(path=os.path.join(ARTIFACTS, "display-session-dark.png"))
    hall.screenshot(path=os.path.join(ARTIFACTS, "display-document-dark.png"))

    # Disconnected: the side display says so, in words.
    ready(laptop)
    laptop.locator("#console-displays .display-row").nth(1).get_by_role("button", name="Ngắt").click()
    expect(side.locator("h1")).to_have_text("Màn hình này đã được ngắt", timeout=10000)
    expect(laptop.locator("#console-displays")).to_contain_text("Màn hình đã kết nối (1)")
    # The disconnected display's page answers 410 Gone, which the browser reports as a failed load.
    assert not [e for e in errors if "410" not in e], errors
    laptop_context.close()
