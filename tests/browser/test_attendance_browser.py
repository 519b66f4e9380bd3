"""Issue 14 item 2, in Chromium: a reason typed on the roll and Enter record an absence, never "present";
a mark is taken back with one button; the figures follow at once."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forumsite.extensions import db
from forumsite.meeting.models import Attendance
from forumsite.members.models import Member
from tests.browser.helpers import ready, settle
from tests.helpers import browser_login, plan_forum_of_cell_a

pytestmark = pytest.mark.browser


def mark_of(app, forum_id, name):
    with app.app_context():
        mark = db.session.scalar(sa.select(Attendance).join(Member, Member.id == Attendance.member_id)
                                 .where(Attendance.forum_id == forum_id, Member.full_name == name))
        return (mark.status, mark.reason) if mark else None


def figure(page, label):
    return page.locator("#console-attendance .figures-inline div", has=page.locator(f"dt:text-is('{label}')")) \
        .locator("dd")


def test_enter_in_the_reason_records_the_absence(page, live_server, app, demo, shot):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    ready(page)

    row = page.locator("#console-attendance tbody tr", has_text="Đỗ Thị Ngọc Ánh")
    reason = page.get_by_label("Lý do vắng của Đỗ Thị Ngọc Ánh")
    reason.click()
    page.keyboard.type("Công tác xa")
    page.keyboard.press("Enter")
    settle(page)
    expect(row).to_have_class("absent_excused")
    expect(row.get_by_role("button", name="Vắng có lý do")).to_have_attribute("aria-pressed", "true")
    expect(row.get_by_role("button", name="Có mặt")).to_have_attribute("aria-pressed", "false")
    expect(figure(page, "Vắng có lý do")).to_have_text("1")
    expect(figure(page, "Có mặt")).to_have_text("0")
    assert mark_of(app, forum_id, "Đỗ Thị Ngọc Ánh") == ("absent_excused", "Công tác xa")

    # Absent without reason, then a note and Enter: the mark stays what it was, with the note.
    other = page.locator("#console-attendance tbody tr", has_text="Trần Thị Lan")
    other.get_by_role("button", name="Vắng không lý do").click()
    settle(page)
    expect(other).to_have_class("absent_unexcused")
    page.get_by_label("Lý do vắng của Trần Thị Lan").fill("Không báo trước")
    page.get_by_label("Lý do vắng của Trần Thị Lan").press("Enter")
    settle(page)
    expect(other.get_by_label("Lý do vắng của Trần Thị Lan")).to_have_value("Không báo trước")
    assert mark_of(app, forum_id, "Trần Thị Lan") == ("absent_unexcused", "Không báo trước")
    page.locator("#attendance-title").scroll_into_view_if_needed()
    shot(page, "attendance-reasons")

    # Taken back: "not marked" again, and the opening's count follows.
    row.get_by_role("button", name="Bỏ điểm danh").click()
    settle(page)
    expect(row).to_have_class("unmarked")
    expect(figure(page, "Vắng có lý do")).to_have_text("0")
    assert mark_of(app, forum_id, "Đỗ Thị Ngọc Ánh") is None
    page.get_by_role("button", name="Những người chưa điểm danh: có mặt").click()
    settle(page)
    expect(row).to_have_class("present")
    expect(page.locator("#console-opening")).to_contain_text("13/14 đảng viên phải dự có mặt")
    assert not errors, errors
