"""In Chromium, with the keyboard: open the forum, attendance, speakers, proposals, a tally, the end."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forumsite.extensions import db
from forumsite.meeting.models import Proposal, Tally
from forumsite.planning.models import Forum
from tests.browser.helpers import key, ready, settle
from tests.helpers import browser_login, plan_forum_of_cell_a

pytestmark = pytest.mark.browser










PROPOSALS = [
    "gp: Mỗi tháng một buổi sinh hoạt chuyên đề về BH3",
    "nn: Chưa thường xuyên tự phê bình BH5",
    "lh: Bản thân còn nể nang khi góp ý đồng chí",
    "kn: Đề nghị Đảng ủy xã mở lớp bồi dưỡng lý luận cho đảng viên trẻ NV2",
    "mt: Phấn đấu 100% đảng viên hoàn thành tốt nhiệm vụ",
    "mh: Tổ đảng tự quản ở khu dân cư BH14",
]


def test_console_from_opening_to_conclusion_with_the_keyboard(page, live_server, app, published, shot):
    errors = []
    page.on("console", lambda m: errors.append(m.text + " @ " + str(m.location)) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    browser_login(page, live_server, "thuky")  # the forum secretary runs it all
    page.goto(f"{live_server}/forums/{published}/console")
    ready(page)
    page.get_by_role("button", name="Mở diễn đàn").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#console-agenda li.current")).to_contain_text("Khai mạc")
    page.reload()  # the capture line appears once the forum is in session
    ready(page)
    shot(page, "console-opened")

    # Attendance: the first member absent with reason, everyone else present.
    key(page, "a")
    reason = page.get_by_label("Lý do vắng của Đỗ Thị Ngọc Ánh")
    reason.focus()
    page.keyboard.type("Công tác xa")
    page.keyboard.press("Shift+Tab")  # to the "absent without reason" button, then one more back
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("button", name="Những người chưa điểm danh: có mặt").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#console-attendance")).to_contain_text("Được biểu quyết, có mặt")
    voters = page.locator("#console-attendance .key dd").nth(1)
    expect(voters).to_have_text("11")

    # Speakers: five by name; each speaks in turn, with proposals typed as they talk.
    speakers = ("Trần Thị Lan", "Hoàng Văn Đức", "Võ Thị Mai", "Huỳnh Văn Tâm", "Phan Thị Hạnh")
    for name in speakers:
        key(page, "l")
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        expect(page.locator("#console-speakers .queue")).to_contain_text(name)
    key(page, "s")
    expect(page.locator(".current-name")).to_have_text("Trần Thị Lan")
    expect(page.locator(".countdown")).to_contain_text("4:5")

    # Proposals: Enter saves; a prefix and Alt+2 choose the kind; codes are tagged.
    key(page, "c")
    page.keyboard.type("gp: Mỗi tháng một buổi sinh hoạt chuyên đề về BH3")
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+2")
    page.keyboard.type("Mô hình “Mỗi đảng viên một việc làm theo gương Bác” NV3")
    page.keyboard.press("Enter")
    expect(page.locator(".proposal")).to_have_count(2)
    expect(page.locator(".proposal").first).to_contain_text("Mô hình hay")
    expect(page.locator("#capture-text")).to_have_value("")
    expect(page.locator("#capture-text")).to_be_focused()
    key(page, "p")
    expect(page.locator(".current-speaker")).to_contain_text("Đang tạm dừng")
    key(page, "p")
    for index, name in enumerate(speakers[1:], 1):
        key(page, "s")  # the next speaker: the previous one's speech ends
        expect(page.locator(".current-name")).to_have_text(name)
        key(page, "c")
        for line in PROPOSALS[:4] if index < 4 else PROPOSALS:  # 2 + 3 × 4 + 6 = 20 in all
            page.keyboard.type(f"{line} ({name})")
            page.keyboard.press("Enter")
    expect(page.locator(".proposal")).to_have_count(20)
    key(page, "e")
    expect(page.locator(".current-name")).to_have_count(0)
    key(page, "n")
    expect(page.locator("#console-agenda li.current")).not_to_contain_text("Khai mạc")

    # A show of hands: 9 for, of 12 eligible (11 of them present); the secretary confirms the other two did
    # not vote (a count that leaves voters out is questioned before it is saved).
    key(page, "t")
    page.keyboard.type("Thông qua các giải pháp đã ghi")
    page.keyboard.press("Enter")
    expect(page.locator("#votes-for")).to_be_visible()
    key(page, "t")
    page.keyboard.type("9")
    for _ in range(3):  # against, not voting, then the confirmation
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_have_text("THÔNG QUA")
    shot(page, "console-running")

    key(page, "?")
    expect(page.locator("#shortcut-sheet")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcut-sheet")).to_be_hidden()

    page.get_by_label("Kết luận của chủ trì").focus()
    page.keyboard.type("Chi bộ thống nhất các giải pháp và mô hình đã nêu.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#conclusion-text")).to_have_value("Chi bộ thống nhất các giải pháp và mô hình đã nêu.")
    settle(page)  # the region was just replaced: focus the new button, not the old one
    page.get_by_role("button", name="Kết thúc diễn đàn").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".status").first).to_have_text("Đã kết thúc")
    assert not errors, errors

    with app.app_context():
        forum = db.session.get(Forum, published)
        assert forum.status == "concluded" and "thống nhất" in forum.conclusion
        proposals = db.session.scalars(sa.select(Proposal).order_by(Proposal.id)).all()
        assert len(proposals) == 20 and len({p.idempotency_key for p in proposals}) == 20
        assert [p.kind for p in proposals[:2]] == ["giai_phap", "mo_hinh"]
        assert {p.kind for p in proposals} == {"giai_phap", "mo_hinh", "nguyen_nhan", "lien_he", "kien_nghi",
                                                 "muc_tieu"}
        assert proposals[2].author_name == "Hoàng Văn Đức" and proposals[3].codes == ["BH5"]
        tally = db.session.scalar(sa.select(Tally))
        # Ánh is absent but official: she stays in the denominator (absent members act as "no").
        assert (tally.votes_for, tally.eligible, tally.passed) == (9, 12, True)


def test_the_capture_line_keeps_a_half_typed_proposal_across_a_reload(page, live_server, app, published):
    browser_login(page, live_server, "bithu")
    page.goto(f"{live_server}/forums/{published}/console")
    page.get_by_role("button", name="Mở diễn đàn").click()
    expect(page.locator("#console-agenda li.current")).to_be_visible()
    page.reload()
    page.locator("#capture-text").type("Đang gõ dở một ý kiến")
    page.reload()
    expect(page.locator("#capture-text")).to_have_value("Đang gõ dở một ý kiến")


def test_codes_typed_in_the_capture_line_are_suggested_and_become_tags(page, live_server, app, demo, shot):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    ready(page)
    line = page.locator("#capture-text")
    line.click()
    page.keyboard.type("gp: Dòng họ gương mẫu chấp hành pháp luật bh1")
    suggestions = page.locator("#capture-tags")
    expect(suggestions).to_be_visible()
    expect(suggestions.locator("li").first).to_contain_text("BH1 · ")  # the code with what it means
    shot(page, "console-code-suggestions")
    page.keyboard.press("Tab")  # takes the first suggestion
    expect(line).to_have_value("gp: Dòng họ gương mẫu chấp hành pháp luật BH1 ")
    expect(line).to_be_focused()
    page.keyboard.press("Enter")
    proposal = page.locator(".proposal").first
    expect(proposal.locator(".proposal-text")).to_have_text("Dòng họ gương mẫu chấp hành pháp luật")
    expect(proposal.locator(".chip")).to_contain_text("BH1 · ")
    expect(suggestions).to_be_hidden()
    with app.app_context():
        stored = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == forum_id))
        assert (stored.text, stored.codes) == ("Dòng họ gương mẫu chấp hành pháp luật", ["BH1"])
