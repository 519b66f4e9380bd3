"""In Chromium: from the committee's review to an adopted resolution exported as DOCX."""
import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.helpers import browser_login, concluded_forum

pytestmark = pytest.mark.browser


@pytest.fixture
def held(app, demo):
    with app.test_request_context():
        return concluded_forum(demo["cell_a"]).id


def test_review_compose_draft_edit_adopt_export(page, live_server, held, shot):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_login(page, live_server, "bithu")
    page.goto(f"{live_server}/forums/{held}")
    page.get_by_role("link", name="Họp chi ủy: đánh giá, chọn giải pháp, dự thảo nghị quyết").click()
    for box in page.locator(".review-proposals input[type=checkbox]").all()[:2]:
        box.check()
    page.get_by_label("Nội dung (để trống: gộp nguyên văn các ý kiến đã đánh dấu)").fill(
        "Mỗi quý một buổi sinh hoạt chuyên đề về tự phê bình")
    page.get_by_label("Người, bộ phận thực hiện").fill("Chi ủy")
    page.get_by_label("Thời hạn").fill("31/3/2027")
    page.get_by_role("button", name="Thêm điều khoản").click()
    expect(page.locator(".clauses")).to_contain_text("Từ 2 ý kiến của")
    shot(page, "committee-review")
    page.get_by_role("button", name="Lập dự thảo nghị quyết chuyên đề").click()
    section = page.locator("textarea").nth(1)
    section.fill(section.input_value() + "\nĐánh giá bổ sung của chi ủy.")
    section.press("Tab")  # leaving the field saves it
    expect(page.locator(".save-state").nth(1)).to_contain_text("Đã lưu phiên bản 2")
    # The check before adoption: the objectives still read "…" and the cell has no place name.
    expect(page.locator("#check")).to_contain_text("còn chỗ chưa điền")
    goals = page.locator("textarea").nth(2)
    goals.fill(goals.input_value().replace("…", "Nâng cao chất lượng tự phê bình"))
    goals.press("Tab")
    expect(page.locator(".save-state").nth(2)).to_contain_text("Đã lưu phiên bản 2")
    page.get_by_label("Địa danh (dòng ngày tháng)").fill("Hải Phú")
    page.get_by_role("button", name="Lưu địa danh").click()
    expect(page.locator("#check")).to_contain_text("Không còn chỗ chưa điền")
    voters = int(page.locator(".figures dd").nth(1).inner_text())  # the record's, not typed
    page.get_by_label("Tán thành", exact=True).fill(str(voters - 1))
    page.get_by_label("Không tán thành").fill("1")
    page.get_by_label("Tôi xác nhận", exact=False).check()
    page.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(page.locator("h1")).to_contain_text("Số 01-NQ/CB")
    shot(page, "resolution-adopted")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về DOCX").click()
    with open(download.value.path(), "rb") as saved:
        document = Document(io.BytesIO(saved.read()))
    assert document.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số 01-NQ/CB"
    assert any("Đánh giá bổ sung của chi ủy." in p.text for p in document.paragraphs)
    assert not errors, errors
