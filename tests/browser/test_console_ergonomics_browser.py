"""The console's ergonomics (issue 16.5) in Chromium, with the keyboard: the capture line says what the next
proposal is attached to, names are found without diacritics (with a choice, unknown ones flagged), the kind
chosen with Alt+N holds for one proposal, a multi-line proposal is edited with its line breaks, and updates keep
the page where the secretary reads it."""

import os

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forumsite.extensions import db
from forumsite.meeting.models import Proposal, Speaker
from tests.browser.helpers import key, settle
from tests.helpers import ARTIFACTS, browser_login, plan_forum_of_cell_a

pytestmark = pytest.mark.browser


def view(page, name):
    """What the secretary sees in the window (the shot fixture takes the whole page)."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"))


@pytest.fixture
def console(page, live_server, app, demo):
    """A forum in session, everyone present, its console open for the secretary."""
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page, live_server, "thuky")
    page.goto(f"{live_server}/forums/{forum_id}/console")
    page.wait_for_selector("#console[data-ready]")
    # Wait for the answer itself: the attendance card's labels are there before it.
    with page.expect_response(lambda r: r.url.endswith("/attendance/rest-present")):
        page.get_by_role("button", name="Những người chưa điểm danh: có mặt").click()
    settle(page)
    yield page, forum_id
    assert not errors, errors


def test_the_capture_line_says_where_the_next_proposal_goes(console, app, shot):
    page, forum_id = console
    preview = page.locator("#capture-preview")
    expect(preview).to_have_text("→ mục 1 · chưa có người phát biểu · Giải pháp")
    key(page, "l")
    page.keyboard.type("hoang van duc")  # no diacritics: the one member it names is offered
    options = page.locator("#speaker-options [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Hoàng Văn Đức")
    page.keyboard.press("Enter")  # takes it and adds him
    expect(page.locator("#console-speakers .queue")).to_contain_text("Hoàng Văn Đức")
    key(page, "s")
    expect(preview).to_have_text("→ mục 1 · Hoàng Văn Đức · Giải pháp")
    key(page, "n")
    expect(preview).to_have_text("→ mục 2 · Hoàng Văn Đức · Giải pháp")
    key(page, "c")
    page.keyboard.type("KN Đề nghị mở lớp")  # a prefix without its colon is read as one
    expect(preview).to_have_text("→ mục 2 · Hoàng Văn Đức · Kiến nghị cấp trên")
    shot(page, "console-capture-preview")
    view(page, "console-capture-line")
    page.keyboard.press("Enter")
    expect(page.locator(".proposal").first).to_contain_text("Đề nghị mở lớp")
    with app.app_context():
        speaker = db.session.scalar(sa.select(Speaker).where(Speaker.forum_id == forum_id))
        proposal = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == forum_id))
        assert speaker.member_id is not None  # the member, not a stranger's name
        assert (proposal.kind, proposal.text, proposal.author_name) == ("kien_nghi", "Đề nghị mở lớp", "Hoàng Văn Đức")


def test_names_without_diacritics_offer_a_choice_and_unknown_ones_are_flagged(console, app, shot):
    page, forum_id = console
    key(page, "l")
    page.keyboard.type("van")  # Hùng, Thành, Đức, Long, Bình, Tâm, Phúc, Khánh…
    options = page.locator("#speaker-options [role=option]")
    expect(options.first).to_be_visible()
    assert options.count() > 3
    field = page.locator("#speaker-name")
    expect(field).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    second = options.nth(1).inner_text()
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", "speaker-options-1")
    view(page, "console-name-choice")
    page.keyboard.press("Enter")
    expect(page.locator("#console-speakers .queue")).to_contain_text(second.split(" · ")[0])

    key(page, "l")
    page.keyboard.type("Nguyen Van Khach")
    flag = page.locator("#speaker-name-flag")
    expect(flag).to_contain_text("không có trong danh sách")  # before Enter
    expect(page.locator("#speaker-options")).to_be_hidden()

    # In the capture line: "@thi" lists the members it fits; Tab takes the highlighted one.
    key(page, "c")
    page.keyboard.type("@thi")
    names = page.locator("#capture-names [role=option]")
    expect(names.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    chosen = names.nth(1).inner_text().split(" · ")[0]
    page.keyboard.press("Tab")
    line = page.locator("#capture-text")
    expect(line).to_have_value(f"@{chosen}: ")
    page.keyboard.type("Mỗi tháng một buổi chuyên đề")
    expect(page.locator("#capture-preview")).to_contain_text(f"· {chosen} ·")
    page.keyboard.press("Enter")
    expect(page.locator(".proposal").first).to_contain_text(chosen)
    # A name no one has is said before Enter.
    page.keyboard.type("@khong ai: ý kiến")
    expect(page.locator("#capture-preview")).to_contain_text("“khong ai” không có trong danh sách")
    expect(page.locator("#capture-preview")).to_have_class("capture-preview warn")
    with app.app_context():
        proposal = db.session.scalar(sa.select(Proposal).where(Proposal.forum_id == forum_id))
        assert proposal.author_name == chosen and proposal.author_member_id is not None
        assert proposal.text == "Mỗi tháng một buổi chuyên đề"


def test_the_kind_chosen_with_alt_holds_for_one_proposal(console, app):
    page, forum_id = console
    key(page, "c")
    page.keyboard.press("Alt+3")
    expect(page.locator("#capture-preview")).to_contain_text("Kiến nghị")
    page.keyboard.type("Đề nghị mở lớp bồi dưỡng")
    page.keyboard.press("Enter")
    expect(page.locator("#capture-kind")).to_have_value("giai_phap")  # back to the default
    expect(page.locator("#capture-preview")).to_contain_text("Giải pháp")
    page.keyboard.type("Sinh hoạt chuyên đề hằng quý")
    page.keyboard.press("Enter")
    expect(page.locator(".proposal")).to_have_count(2)
    with app.app_context():
        kinds = db.session.scalars(sa.select(Proposal.kind).where(Proposal.forum_id == forum_id)
                                   .order_by(Proposal.id)).all()
        assert kinds == ["kien_nghi", "giai_phap"]


def test_a_multi_line_proposal_is_edited_with_its_line_breaks(console, app, shot):
    page, forum_id = console
    key(page, "c")
    page.keyboard.type("Thứ nhất, học tập")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Thứ hai, làm theo")
    page.keyboard.press("Enter")
    proposal = page.locator(".proposal").first
    expect(proposal.locator(".proposal-text")).to_have_text("Thứ nhất, học tập\nThứ hai, làm theo")
    proposal.get_by_role("button", name="Sửa").click()
    field = page.locator("[data-edit-text]")
    expect(field).to_be_focused()
    expect(field).to_have_value("Thứ nhất, học tập\nThứ hai, làm theo")
    assert field.evaluate("el => el.tagName") == "TEXTAREA"
    page.keyboard.press("Control+End")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Thứ ba, kiểm tra")
    rows = field.evaluate("el => el.clientHeight")
    assert rows > 60  # it grew with the three lines
    view(page, "console-edit-multiline")
    page.keyboard.press("Enter")  # saves
    expect(page.locator(".proposal-text").first).to_have_text("Thứ nhất, học tập\nThứ hai, làm theo\nThứ ba, kiểm tra")
    # Esc cancels an edit: nothing changes.
    page.locator(".proposal").first.get_by_role("button", name="Sửa").click()
    expect(page.locator("[data-edit-text]")).to_be_focused()
    page.keyboard.type(" thêm")
    page.keyboard.press("Escape")
    expect(page.locator("[data-edit-text]")).to_have_count(0)
    with app.app_context():
        text = db.session.scalar(sa.select(Proposal.text).where(Proposal.forum_id == forum_id))
        assert text == "Thứ nhất, học tập\nThứ hai, làm theo\nThứ ba, kiểm tra"


def test_updates_keep_the_page_where_it_was_and_present_names_are_buttons(console, app):
    page, forum_id = console
    page.set_viewport_size({"width": 1440, "height": 600})
    heading = page.locator("#not-yet-title")
    # Those present who have not spoken: one button each, Enter adds one to the queue.
    chips = page.locator(".not-yet button.chip")
    expect(chips.first).to_be_visible()
    before = chips.count()
    heading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 300)")
    for i in range(3):
        top = heading.evaluate("el => el.getBoundingClientRect().top")
        chips.nth(i).focus()
        name = chips.nth(i).inner_text()
        page.keyboard.press("Enter")
        expect(page.locator("#console-speakers .queue")).to_contain_text(name)
        settle(page)
        # The queue above grew by a line: the list read stays where it was on the screen.
        assert abs(heading.evaluate("el => el.getBoundingClientRect().top") - top) <= 2
    assert chips.count() == before  # still present, still not spoken: the queue is not a speech
    # Merging says what it did.
    key(page, "c")
    for text in ("Ý kiến một", "Ý kiến hai", "Ý kiến ba"):
        page.keyboard.type(text)
        page.keyboard.press("Enter")
    expect(page.locator(".proposal")).to_have_count(3)
    for box in page.locator(".proposal input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Gộp các ý kiến trùng đã chọn").click()
    expect(page.locator("#toast")).to_have_text("Đã gộp 3 ý kiến")
    with app.app_context():
        merged = db.session.scalars(sa.select(Proposal.merged_into_id).where(Proposal.forum_id == forum_id)).all()
        assert sorted(m is not None for m in merged) == [False, True, True]
