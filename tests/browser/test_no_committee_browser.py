"""In Chromium: the demo's cell without a chi ủy (bithu2, Chi bộ Thôn Long Hưng) from the plan to the exported
resolution (issue 15). The cell decides at the forum: the bí thư selects, the cell votes the numbered list there,
and the resolution cites that vote. No page, flash or document the chair sees speaks of a chi ủy."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from forumsite.clock import today_local
from tests.browser.helpers import key, ready, settle
from tests.helpers import browser_login

pytestmark = pytest.mark.browser

# "chi ủy" in either spelling of the tone mark. The forum's official title and the fixed Party wording say
# "cấp ủy" (the upper committee), never "chi ủy": nothing is exempted.
CHI_UY = re.compile(r"chi\s+(ủy|uỷ)", re.IGNORECASE)
TITLE = "Diễn đàn chi bộ Thôn Long Hưng"
SAID = {
    "Nguyễn Văn Sơn": ["gp: Mỗi tháng một đảng viên báo cáo việc tu dưỡng trước chi bộ",
                       "kn: Đề nghị Đảng ủy xã cấp tài liệu học tập chuyên đề"],
    "Hồ Thị Nhung": ["mh: Mô hình đảng viên giúp hộ nghèo", "mt: Không có đảng viên vi phạm tư cách năm 2027"],
}
CHOSEN = ("Mỗi tháng một đảng viên báo cáo việc tu dưỡng trước chi bộ", "Mô hình đảng viên giúp hộ nghèo",
          "Không có đảng viên vi phạm tư cách năm 2027")


class Seen:
    """Every page and flash the chair meets, checked for a chi ủy the cell does not have."""

    def __init__(self):
        self.where: list[str] = []

    def check(self, page, name: str) -> None:
        page.wait_for_load_state()
        text = page.locator("body").inner_text()
        found = CHI_UY.search(text)
        if found:
            self.where.append(f"{name} ({page.url}): …{text[max(0, found.start() - 60):found.end() + 60]}…")


def test_the_cell_without_a_chi_uy_from_plan_to_resolution(browser, live_server):
    errors: list[str] = []
    seen = Seen()
    laptop_context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    projector_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        laptop, projector = laptop_context.new_page(), projector_context.new_page()
        for page in (laptop, projector):
            # The print page has no icon of its own: the browser's own request for /favicon.ico is not ours.
            page.on("console", lambda m: errors.append(m.text) if m.type == "error"
                    and not m.location.get("url", "").endswith("/favicon.ico") else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.set_default_timeout(10000)
        laptop.on("dialog", lambda d: d.accept())

        browser_login(laptop, live_server, "bithu2")
        seen.check(laptop, "home")
        laptop.get_by_role("link", name="Diễn đàn", exact=True).click()
        seen.check(laptop, "year")
        laptop.get_by_role("link", name="Lập diễn đàn").click()
        seen.check(laptop, "plan form")
        laptop.get_by_label("Tên diễn đàn").fill(TITLE)
        laptop.get_by_label("Ngày tổ chức").fill(today_local().strftime("%d/%m/%Y"))
        laptop.get_by_label("Giờ bắt đầu").fill("19:30")
        laptop.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Long Hưng")
        laptop.get_by_role("button", name="Lưu").click()
        expect(laptop.locator(".status")).to_have_text("Dự thảo")
        seen.check(laptop, "forum (draft)")
        expect(laptop.get_by_label("Dự thảo được duyệt bởi").locator("option")).to_have_count(1)
        laptop.get_by_role("button", name="Ghi nhận duyệt dự thảo").click()
        expect(laptop.locator(".flash")).to_contain_text("Đã ghi nhận việc duyệt dự thảo")
        seen.check(laptop, "forum (approved)")
        laptop.get_by_role("button", name="Công bố đến đảng viên").click()
        expect(laptop.locator(".status")).to_have_text("Đã công bố")
        seen.check(laptop, "forum (published)")

        # The forum: the bí thư chairs and runs the console herself.
        laptop.get_by_role("link", name="Bàn điều hành diễn đàn").click()
        ready(laptop)
        laptop.get_by_role("button", name="Tạo liên kết trình chiếu").click()
        ready(laptop)
        projector.goto(laptop.locator("a.display-link").get_attribute("href"))
        laptop.get_by_role("button", name="Mở diễn đàn").click()
        expect(laptop.locator("#capture-text")).to_be_visible()
        ready(laptop)
        key(laptop, "a")
        laptop.get_by_role("button", name="Những người chưa điểm danh: có mặt").click()
        settle(laptop)
        typed = 0
        for name, lines in SAID.items():
            key(laptop, "l")
            laptop.keyboard.type(name)
            laptop.keyboard.press("Enter")
            expect(laptop.locator("#console-speakers .queue")).to_contain_text(name)
            key(laptop, "s")
            expect(laptop.locator(".current-name")).to_have_text(name)
            key(laptop, "c")
            for line in lines:
                laptop.keyboard.type(line)
                laptop.keyboard.press("Enter")
                typed += 1
                expect(laptop.locator(".proposal")).to_have_count(typed)
        key(laptop, "e")
        seen.check(laptop, "console")

        # The chair's selection: three of the four, voted as one numbered list by show of hands.
        for text in CHOSEN:
            laptop.locator(".proposal", has_text=text).locator("input[type=checkbox]").check()
        laptop.get_by_role("button", name="Biểu quyết các ý kiến đã chọn").click()
        expect(laptop.locator("#votes-for")).to_be_visible()
        selection = projector.locator("#screen-tally ol.tally-selection li")
        expect(selection).to_have_count(3)
        for i, text in enumerate(CHOSEN):
            expect(selection.nth(i)).to_contain_text(text)
        laptop.get_by_label("Tán thành", exact=True).fill("6")
        laptop.get_by_role("button", name="Kết thúc và công bố kết quả").click()
        expect(laptop.locator("#console-tally .verdict")).to_have_text("THÔNG QUA")
        expect(projector.locator("#screen-tally .verdict")).to_have_text("THÔNG QUA")
        expect(projector.locator("#screen-tally ol.tally-selection li")).to_have_count(3)
        expect(laptop.locator("#console-conclusion")).to_contain_text(CHOSEN[0])
        seen.check(laptop, "console (voted)")
        seen.check(projector, "projector")
        laptop.get_by_role("button", name="Kết thúc diễn đàn").click()
        expect(laptop.locator(".status").first).to_have_text("Đã kết thúc")
        expect(laptop.locator(".flash")).to_contain_text("Bước tiếp theo: bí thư chi bộ")
        seen.check(laptop, "forum (concluded) with its flash")

        # After the forum: the clauses are what the cell adopted, one per item, grouped by kind, with authors.
        laptop.get_by_role("link", name="Bí thư chi bộ: viết nghị quyết từ những nội dung chi bộ đã biểu quyết").click()
        clauses = laptop.locator(".clauses > li")
        expect(clauses).to_have_count(3)
        expect(clauses.nth(0)).to_contain_text(CHOSEN[2])  # the objective first, then the task, then the model
        expect(clauses.nth(1)).to_contain_text(CHOSEN[0])
        expect(clauses.nth(1)).to_contain_text("Nguyễn Văn Sơn")
        expect(clauses.nth(2)).to_contain_text(CHOSEN[1])
        expect(clauses.nth(2)).to_contain_text("Hồ Thị Nhung")
        seen.check(laptop, "after the forum")
        laptop.get_by_role("button", name="Lập dự thảo nghị quyết chuyên đề").click()
        expect(laptop.locator("h1")).to_contain_text("Nghị quyết chuyên đề")
        laptop.get_by_label("Địa danh (dòng ngày tháng)").fill("Hải Phú")
        laptop.get_by_role("button", name="Lưu địa danh").click()
        expect(laptop.locator("#check")).to_contain_text("Không còn chỗ chưa điền")
        line = (f"Nghị quyết đã được chi bộ biểu quyết thông qua tại diễn đàn ngày "
                f"{today_local().strftime('%d/%m/%Y')}, 6/6 đảng viên chính thức tán thành (100,0%).")
        expect(laptop.locator(".adoption-line")).to_have_text(line)
        expect(laptop.get_by_label("Tán thành", exact=True)).to_have_count(0)  # no second vote
        seen.check(laptop, "draft resolution")
        laptop.get_by_label("Tôi xác nhận", exact=False).check()
        laptop.get_by_role("button", name="Ký, ban hành nghị quyết").click()
        expect(laptop.locator("h1")).to_contain_text("Số 01-NQ/CB")
        expect(laptop.locator(".flash")).to_contain_text("theo kết quả chi bộ biểu quyết tại diễn đàn")
        seen.check(laptop, "adopted resolution")
        with laptop.expect_download() as download:
            laptop.get_by_role("link", name="Tải về DOCX").click()
        with open(download.value.path(), "rb") as saved:
            document = Document(io.BytesIO(saved.read()))
        laptop.get_by_role("link", name="Bản in").click()
        seen.check(laptop, "printed resolution")
    finally:
        laptop_context.close()
        projector_context.close()

    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    whole = "\n".join(texts)
    assert line in whole
    for text in CHOSEN:
        assert text in whole
    assert "T/M CHI BỘ" in whole and "BÍ THƯ" in whole
    found = CHI_UY.search(whole)
    assert not found, whole[max(0, found.start() - 80):found.end() + 80]
    assert not seen.where, seen.where
    assert not errors, errors
