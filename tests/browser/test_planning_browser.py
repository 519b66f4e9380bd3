"""In Chromium: the chair plans, fills and publishes a forum; a member then sees it."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from forumsite.clock import today_local
from tests.helpers import browser_login, docx_bytes

pytestmark = pytest.mark.browser


def test_plan_fill_and_publish_a_forum(page, browser, live_server, demo, shot, tmp_path):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_login(page, live_server, "bithu")
    page.get_by_role("link", name="Diễn đàn", exact=True).click()
    page.get_by_role("link", name="Lập diễn đàn").click()
    when = (today_local() + dt.timedelta(days=14)).strftime("%d/%m/%Y")
    page.get_by_label("Ngày tổ chức").fill(when)
    page.get_by_label("Giờ bắt đầu").fill("7:30")
    page.get_by_label("Thư ký diễn đàn").select_option(label="Phạm Thị Hương")
    shot(page, "forum-new")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".status")).to_have_text("Dự thảo")
    expect(page.locator(".agenda tbody tr")).to_have_count(12)

    # The agenda: change a duration (saved on leaving the field) and move an item with the keyboard.
    page.get_by_role("link", name="Sửa chương trình").click()
    minutes = page.get_by_label("Số phút mục 6")
    minutes.fill("45")
    minutes.press("Tab")
    expect(page.locator("#agenda-totals")).to_contain_text("155 phút")
    title_before = page.get_by_label("Nội dung mục 2").input_value()
    page.get_by_role("button", name="Đưa mục 2 xuống").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Nội dung mục 3")).to_have_value(title_before)
    shot(page, "forum-agenda-editor")
    page.get_by_role("link", name="Xong, về trang diễn đàn").click()

    # Guests, the introductory report, approval, publication.
    page.locator("#guests").get_by_label("Họ và tên").fill("Trần Văn Khách")
    page.locator("#guests").get_by_label("Chức vụ").fill("Phó Bí thư Đảng ủy xã")
    page.locator("#guests").get_by_label("Thành phần").select_option("upper_committee")
    page.get_by_role("button", name="Thêm khách mời").click()
    expect(page.locator("#guests")).to_contain_text("Trần Văn Khách")
    report = tmp_path / "bao-cao-de-dan.docx"
    report.write_bytes(docx_bytes())
    page.locator("#documents").get_by_label("Loại tài liệu").select_option("de_dan")
    page.locator("#doc-file").set_input_files(str(report))
    page.get_by_role("button", name="Đính kèm").click()
    expect(page.locator("#documents")).to_contain_text("bao-cao-de-dan.docx")
    page.get_by_role("button", name="Ghi nhận duyệt dự thảo").click()
    page.get_by_role("button", name="Công bố đến đảng viên").click()
    expect(page.locator(".status")).to_have_text("Đã công bố")
    shot(page, "forum-published")
    assert not errors, errors

    member = browser.new_context(viewport={"width": 390, "height": 844})
    phone = member.new_page()
    browser_login(phone, live_server, "dangvien")
    phone.get_by_role("link", name="Diễn đàn", exact=True).click()
    phone.locator("table a").first.click()
    expect(phone.locator("h1")).to_contain_text("Vai trò của chi bộ Đảng")
    expect(phone.locator("#documents")).to_contain_text("bao-cao-de-dan.docx")
    expect(phone.get_by_role("link", name="Sửa chương trình")).to_have_count(0)
    shot(phone, "forum-member-phone")
    member.close()


def test_catalogue_reading_page(page, live_server, demo, shot):
    browser_login(page, live_server, "dangvien")
    page.get_by_role("link", name="Danh mục tham khảo").click()
    expect(page.locator(".catalogue-list li")).to_have_count(38)
    shot(page, "catalogue")
