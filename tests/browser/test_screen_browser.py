"""In Chromium with several pages: the projector follows the secretary within a second, survives a
cut stream, counts down right on a skewed clock; a phone's request lands in the secretary's queue."""
import datetime as dt
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import console, settle
from tests.helpers import browser_login

pytestmark = pytest.mark.browser






def projector(browser, live_server, **options):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, **options)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/display/projector-token-for-the-browser-test")
    page.wait_for_function("() => document.querySelector('#screen-clock-sync').textContent.length > 10")
    return page, errors


def press(page, key):
    settle(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)


def capture(page, text):
    page.locator("#capture-text").fill(text)
    page.locator("#capture-text").press("Enter")


def test_a_proposal_appears_on_the_projector_within_a_second(browser, live_server, opened, shot):
    screen, errors = projector(browser, live_server)
    expect(screen.locator("#screen-agenda .current-item")).to_contain_text("Khai mạc")
    secretary = console(browser, live_server, opened)
    time.sleep(0.5)  # the stream is open
    started = time.monotonic()
    capture(secretary, "gp: Mỗi tháng một buổi sinh hoạt chuyên đề về BH3")
    expect(screen.locator("#screen-proposals")).to_contain_text("Mỗi tháng một buổi sinh hoạt chuyên đề",
                                                                  timeout=1000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, elapsed
    secretary.locator("#speaker-name").fill("Trần Thị Lan")
    secretary.locator("#speaker-name").press("Enter")
    press(secretary, "s")
    expect(screen.locator(".speaker-name")).to_have_text("Trần Thị Lan", timeout=2000)
    expect(screen.locator(".speaker-countdown")).to_contain_text("4:5")
    shot(screen, "projector-1920")
    assert not errors, errors


def test_the_screen_is_right_again_after_the_stream_is_cut(browser, live_server, opened, monkeypatch):
    from forumsite.screen import stream

    monkeypatch.setattr(stream, "MAX_LIFETIME", 2)  # the server ends the stream: a cut line
    monkeypatch.setattr(stream, "HEARTBEAT", 0.5)
    screen, _errors = projector(browser, live_server)
    secretary = console(browser, live_server, opened)
    # ... and the screen can neither reconnect nor poll (DevTools' offline mode spares event streams).
    screen.route("**/stream", lambda route: route.abort("internetdisconnected"))
    screen.route("**/poll*", lambda route: route.abort("internetdisconnected"))
    time.sleep(3)
    capture(secretary, "kn: Gửi khi màn hình mất mạng")
    time.sleep(1.5)
    expect(screen.locator("#screen-proposals")).not_to_contain_text("Gửi khi màn hình mất mạng")
    screen.unroute("**/stream")
    screen.unroute("**/poll*")
    expect(screen.locator("#screen-proposals")).to_contain_text("Gửi khi màn hình mất mạng", timeout=15000)


def test_a_clock_five_minutes_off_still_counts_down_right(browser, live_server, opened):
    screen_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    screen = screen_context.new_page()
    screen.clock.install(time=dt.datetime.now() + dt.timedelta(minutes=5))
    screen.goto(f"{live_server}/display/projector-token-for-the-browser-test")
    secretary = console(browser, live_server, opened)
    secretary.locator("#speaker-name").fill("Võ Thị Mai")
    secretary.locator("#speaker-name").press("Enter")
    press(secretary, "s")
    expect(screen.locator(".speaker-countdown")).to_contain_text("4:5", timeout=3000)
    # And the wall clock shows the server's time, not the skewed one.
    vietnam = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).strftime("%H:%M")
    expect(screen.locator(".screen-clock")).to_contain_text(vietnam)


def test_a_phone_request_lands_in_the_secretarys_queue(browser, live_server, opened, shot):
    phone_context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    browser_login(phone, live_server, "dangvien")
    phone.goto(f"{live_server}/forums/{opened}/follow")
    secretary = console(browser, live_server, opened)
    phone.get_by_role("button", name="Đăng ký phát biểu").click()
    expect(phone.locator("#my-request")).to_contain_text("thứ tự 1")
    expect(secretary.locator("#console-speakers .queue")).to_contain_text("Võ Thị Mai", timeout=3000)
    expect(secretary.locator("#console-speakers .queue")).to_contain_text("tự đăng ký")
    shot(phone, "phone-follow")


def test_an_open_projector_follows_attendance_theme_vote_and_conclusion_without_a_reload(browser, live_server,
                                                                                       opened, shot):
    """Issue 16.2: what the secretary changes reaches an open projector without a reload."""
    screen, errors = projector(browser, live_server)
    header = screen.locator("#screen-header .screen-attendance")
    expect(header).to_contain_text("Có mặt ")
    before = header.text_content()
    present, expected = (int(x) for x in before.split("Có mặt ")[1].split()[0].split("/"))
    assert present == expected  # everyone present
    screen.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads
    assert "theme-light" in screen.locator("body").get_attribute("class")
    secretary = console(browser, live_server, opened)
    time.sleep(0.5)  # the stream is open

    # The secretary marks one member absent: "Có mặt x/y" on the projector follows.
    row = secretary.locator("#console-attendance tbody tr", has_text="Đỗ Thị Ngọc Ánh")
    row.get_by_role("button", name="Vắng có lý do").click()
    expect(header).to_contain_text(f"Có mặt {present - 1}/{expected}", timeout=3000)

    # A vote opened: large "ĐANG BIỂU QUYẾT" and the needed and present counts.
    secretary.locator("#tally-subject").fill("Thông qua chương trình")
    secretary.get_by_role("button", name="Bắt đầu biểu quyết").click()
    expect(screen.locator("#screen-tally .verdict.voting")).to_have_text("Đang biểu quyết", timeout=3000)
    assert screen.locator("#screen-tally .verdict.voting").inner_text() == "ĐANG BIỂU QUYẾT"  # as rendered
    expect(screen.locator("#screen-tally .tally-figures")).to_contain_text("cần ≥ ")
    voting = screen.locator("#screen-tally .verdict.voting")
    assert voting.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 56  # was 22 px

    # The chair's conclusion, projected when saved.
    secretary.locator("#conclusion-text").fill("Chi bộ thống nhất ba nhóm giải pháp trọng tâm.")
    secretary.get_by_role("button", name="Lưu kết luận").click()
    expect(screen.locator("#screen-proposals .conclusion-text")).to_have_text(
        "Chi bộ thống nhất ba nhóm giải pháp trọng tâm.", timeout=3000)

    # The theme: dark on the open projector, without a reload.
    secretary.locator("#screen-theme").select_option("dark")
    secretary.get_by_role("button", name="Hiện phiên họp").click()
    expect(screen.locator("body")).to_have_class(re.compile(r"\btheme-dark\b"), timeout=3000)
    shot(screen, "projector-follows-dark-vote")
    assert screen.evaluate("() => window.sameDocument === true")
    assert not errors, errors
