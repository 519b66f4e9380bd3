"""In Chromium: three members send written proposals from their phones (390×844) during the session; the
secretary accepts two at the console (one with the keyboard) and declines one with a reason; the projector shows
the two accepted, each phone reads what became of its own; then the committee's review and the minutes count
them with their authors (issue 16.6)."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forumsite.extensions import db
from forumsite.meeting.models import Proposal, Submission
from forumsite.planning.models import Forum
from tests.helpers import ARTIFACTS, browser_login, plan_forum_of_cell_a

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1440, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
SHOTS = os.path.join(ARTIFACTS, "phone-proposals")

# (account, member, kind label, code to tag or None, text)
SENT = [
    ("dangvien", "Võ Thị Mai", "Mô hình hay", "BH14", "Tổ đảng tự quản ở khu dân cư, mỗi tổ phụ trách mười hộ"),
    ("lan", "Trần Thị Lan", "Kiến nghị cấp trên", None, "Đề nghị Đảng ủy xã mở lớp bồi dưỡng cho đảng viên trẻ"),
    ("duc", "Hoàng Văn Đức", "Giải pháp", None, "Họp chi bộ vào buổi tối thứ bảy cho đông đủ"),
]
DECLINED = SENT[2]
REASON = "Lịch họp đã được chi bộ quyết định ở kỳ trước"


@pytest.fixture
def session(app, demo):
    """A forum of cell A in session, everyone marked present, a projector link; two more members with accounts."""
    from forumsite.accounts.actions import create_user
    from forumsite.meeting import actions
    from forumsite.members.models import Member
    from forumsite.screen.actions import new_display_link

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        actions.mark_rest_present(forum)
        token = new_display_link(forum)
        for username, name in (("lan", "Trần Thị Lan"), ("duc", "Hoàng Văn Đức")):
            member = db.session.scalar(sa.select(Member).where(Member.full_name == name))
            create_user(username, "demo12345", member_id=member.id)
        db.session.commit()
    return forum_id, token


def watch(page, errors: list) -> None:
    page.on("console", lambda m: errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))


def snap(page, name: str) -> None:
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def send_from_phone(phone, base, forum_id, account, kind, code, text) -> None:
    browser_login(phone, base, account)
    phone.goto(f"{base}/forums/{forum_id}/follow")
    expect(phone.locator("#my-part")).to_contain_text("Bạn đã được điểm danh: Có mặt.")
    phone.get_by_label("Loại ý kiến").select_option(label=kind)
    phone.get_by_label("Nội dung ý kiến").fill(text)
    if code:
        phone.get_by_text("Gắn mã nội dung (không bắt buộc)").click()
        tag = phone.locator(f"input[name=codes][value={code}]")
        tag.check()
        expect(tag).to_be_checked()
    phone.get_by_role("button", name="Gửi ý kiến").click()
    mine = phone.locator("#my-part .my-submissions li", has_text=text)
    expect(mine).to_contain_text("Chờ xử lý")
    expect(phone.get_by_label("Nội dung ý kiến")).to_have_value("")  # emptied for the next one
    expect(phone.locator("[data-written-state]")).to_have_text("Đã gửi ý kiến; thư ký sẽ xem xét.")


def test_three_phones_send_the_secretary_decides_the_record_counts_them(browser, live_server, app, session):
    forum_id, token = session
    os.makedirs(SHOTS, exist_ok=True)
    errors: list[str] = []
    contexts = [browser.new_context(viewport=LAPTOP), browser.new_context(viewport=PROJECTOR)]
    contexts += [browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
                 for _ in SENT]
    try:
        laptop, projector, *phones = (c.new_page() for c in contexts)
        for page in (laptop, projector, *phones):
            watch(page, errors)
            page.set_default_timeout(10000)
        browser_login(laptop, live_server, "thuky")
        laptop.goto(f"{live_server}/forums/{forum_id}/console")
        laptop.wait_for_selector("#console[data-ready]")
        projector.goto(f"{live_server}/display/{token}")
        region = laptop.locator("#console-submissions")
        expect(region).to_contain_text("Chưa có ý kiến nào chờ xử lý.")

        for phone, (account, _name, kind, code, text) in zip(phones, SENT, strict=True):
            send_from_phone(phone, live_server, forum_id, account, kind, code, text)
        snap(phones[0], "01-dien-thoai-gui-y-kien")
        # They reach the console live, each with its author.
        expect(region.locator("li.submission")).to_have_count(3)
        for _account, name, _kind, _code, text in SENT:
            expect(region.locator("li.submission", has_text=text)).to_contain_text(name)
        expect(region.locator("li.submission", has_text=SENT[0][4])).to_contain_text("BH14")
        snap(laptop, "02-ban-dieu-hanh-y-kien-gui-den")

        # Accept the first with the keyboard, the second with the mouse; decline the third with a reason.
        laptop.get_by_role("button", name=f"Nhận ý kiến của {SENT[0][1]}", exact=True).focus()
        laptop.keyboard.press("Enter")
        expect(region.locator("li.submission")).to_have_count(2)
        region.get_by_role("button", name=f"Nhận ý kiến của {SENT[1][1]}", exact=True).click()
        expect(region.locator("li.submission")).to_have_count(1)
        declined = region.locator("li.submission", has_text=DECLINED[4])
        declined.get_by_label("Lý do không nhận").fill(REASON)
        declined.get_by_label("Lý do không nhận").press("Enter")
        expect(region.locator("li.submission")).to_have_count(0)

        # The console's proposals and the projector show the two accepted, authored by the members.
        proposals = laptop.locator("#console-proposals")
        for _account, name, _kind, _code, text in SENT[:2]:
            expect(proposals.locator(".proposal", has_text=text)).to_contain_text(name)
            expect(projector.locator("#screen-proposals")).to_contain_text(text)
        expect(projector.locator("#screen-proposals")).not_to_contain_text(DECLINED[4])
        snap(projector, "03-may-chieu")

        # Each phone reads what became of its own proposal, without a reload.
        expect(phones[0].locator("#my-part .my-submissions li", has_text=SENT[0][4])).to_contain_text("Đã nhận")
        expect(phones[1].locator("#my-part .my-submissions li", has_text=SENT[1][4])).to_contain_text("Đã nhận")
        mine = phones[2].locator("#my-part .my-submissions li", has_text=DECLINED[4])
        expect(mine).to_contain_text("Không nhận")
        expect(mine).to_contain_text(f"Lý do: {REASON}")
        snap(phones[2], "04-dien-thoai-khong-nhan")

        # The chair ends the forum; the committee's review and the minutes count the two with their authors.
        laptop.on("dialog", lambda d: d.accept())
        laptop.get_by_role("button", name="Kết thúc diễn đàn").click()
        expect(laptop.locator(".status").first).to_have_text("Đã kết thúc")
        laptop.get_by_role("button", name="Đăng xuất").click()
        laptop.wait_for_url("**/login*")
        browser_login(laptop, live_server, "bithu")
        laptop.goto(f"{live_server}/forums/{forum_id}/review")
        picks = laptop.locator(".review-proposals li")
        expect(picks).to_have_count(2)
        for _account, name, kind, _code, text in SENT[:2]:
            expect(picks.filter(has_text=text)).to_contain_text(f"— {name}")
            expect(laptop.locator("section.card h3", has_text=kind)).to_contain_text("(1)")
        expect(laptop.locator("body")).not_to_contain_text(DECLINED[4])
        laptop.get_by_role("button", name="Lập biên bản diễn đàn").click()
        minutes = laptop.locator(".party-document")
        for _account, name, _kind, _code, text in SENT[:2]:
            expect(minutes).to_contain_text(f"Đồng chí {name} (ý kiến bằng văn bản): {text}")
        expect(minutes).not_to_contain_text(DECLINED[4])
        snap(laptop, "05-bien-ban")
    finally:
        for context in contexts:
            context.close()
    assert not errors, errors
    with app.app_context():
        states = dict(db.session.execute(sa.select(Submission.text, Submission.state)).all())
        assert states == {SENT[0][4]: "accepted", SENT[1][4]: "accepted", DECLINED[4]: "declined"}
        authors = {p.author_name for p in db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == forum_id))}
        assert authors == {SENT[0][1], SENT[1][1]}
