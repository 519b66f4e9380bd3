"""In Chromium: the Propaganda Department's dashboard, drilled down from the province to a forum,
a recommendation answered in place, and the export downloaded."""
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.helpers import browser_login

from ..oversight_tree import YEAR, build

pytestmark = pytest.mark.browser


@pytest.fixture
def tree(app, live_server):
    with app.app_context():
        return build()


def test_dashboard_drill_down_answer_and_export(page, live_server, tree, shot):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page, live_server, "theodoi_p")
    expect(page).to_have_url(f"{live_server}/org/{tree['P']}/oversight/")
    page.get_by_label("Năm", exact=True).select_option(str(YEAR))
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("h1")).to_have_text(f"Theo dõi diễn đàn năm {YEAR}")
    expect(page.locator(".figures").first).to_contain_text("60 %")
    units = page.locator("#units tbody tr")
    expect(units).to_have_count(2)
    expect(units.nth(0)).to_contain_text("Thiếu chi bộ chỉ đạo điểm cho loại hình")
    # Each coverage bar is as long as its figure: 1 of 2 cells for Huyện ủy Hai.
    assert units.nth(0).locator(".bar-fill").get_attribute("width") == "50.0"
    shot(page, "oversight-dashboard")

    page.get_by_role("link", name="Huyện ủy Một").click()
    expect(page.locator("#units")).to_contain_text("Đảng bộ xã An")
    page.get_by_role("link", name="Đảng bộ xã An").click()
    page.get_by_role("link", name="Chi bộ Một").first.click()
    expect(page.locator("#forums")).to_contain_text("8 / 10")
    shot(page, "oversight-cell")

    page.goto(f"{live_server}/org/{tree['P']}/oversight/recommendations?year={YEAR}")
    expect(page.locator("#rec-count")).to_contain_text("3 kiến nghị")
    item = page.locator(f"#rec-{tree['rec_f1']}")
    item.get_by_label("Trả lời kiến nghị").fill("Ban Tuyên giáo sẽ gửi tài liệu trong tháng.")
    item.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(f"#rec-{tree['rec_f1']} .answer")).to_contain_text("Ban Tuyên giáo sẽ gửi tài liệu")
    shot(page, "oversight-recommendations")

    page.goto(f"{live_server}/org/{tree['P']}/oversight/?year={YEAR}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bảng số liệu (XLSX)").click()
    with open(download.value.path(), "rb") as saved:
        workbook = load_workbook(io.BytesIO(saved.read()))
    assert [ws.title for ws in workbook.worksheets] == ["Theo đơn vị", "Theo chi bộ"]
    assert workbook.worksheets[1].max_row == 6  # a header and the five cells
    assert not errors, errors
