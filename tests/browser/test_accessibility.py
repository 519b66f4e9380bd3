"""axe-core on every kind of page, as the user who sees it: no serious or critical violation
(labels on every control, landmarks, names, contrast ≥ 4.5:1 — WCAG 2.2 AA rules and best practice).
Pages that change in place are checked again in their opened state (tree expanded, dialog shown)."""
import pytest

from tests.helpers import browser_login

from ..site_pages import build_site, pages
from .axe import describe, violations

pytestmark = pytest.mark.browser


def _settle(page):
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def _expand_tree(page):
    page.locator(".tree summary").first.click()
    page.wait_for_selector(".tree .tree-children ul")


def _console_shortcuts(page):
    page.wait_for_selector("#console[data-ready]")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("?")
    page.wait_for_selector("#shortcut-sheet[open]")


def _console_attendance(page):
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("a")


LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
STATES = {"org-tree": [("expanded", _expand_tree)],
          "console": [("shortcut sheet", _console_shortcuts), ("attendance focused", _console_attendance)]}


@pytest.fixture
def site(app, demo):
    return build_site(app, demo)


def test_every_kind_of_page_passes_axe(browser, site, live_server):
    contexts, report, seen = {}, [], 0
    try:
        for name, user, path, status in pages(site):
            if user not in contexts:  # one context (cookies) and one page per user, reused
                # The member follows on a phone; everyone else on a laptop.
                size = PHONE if user == "dangvien" else LAPTOP
                context = browser.new_context(viewport=size, locale="vi-VN", is_mobile=user == "dangvien",
                                              has_touch=user == "dangvien")
                page = context.new_page()
                if user:
                    browser_login(page, live_server, user)
                contexts[user] = (context, page)
            page = contexts[user][1]
            response = page.goto(live_server + path, wait_until="load")
            assert response is not None
            # A redirect (the home page) is followed: the page reached is the one checked.
            assert response.status == (200 if status == 302 else status), (name, response.status)
            _settle(page)
            for state, act in [("", None), *STATES.get(name, [])]:
                if act:
                    act(page)
                    _settle(page)
                found = violations(page)
                seen += 1
                if found:
                    label = f"{name}{' — ' + state if state else ''} ({user or 'anonymous'}) {path}"
                    report.append(describe(label, found))
    finally:
        for context, _page in contexts.values():
            context.close()
    assert seen >= len(pages(site)) + 3
    assert not report, "\n".join(report)


def test_axe_reports_what_the_pages_must_not_have(page, live_server):
    """The check above can fail: an unlabelled field and grey-on-white text are caught as serious or worse."""
    page.goto(f"{live_server}/login")
    assert violations(page) == []
    page.evaluate("""() => {
        const main = document.querySelector('main');
        const input = document.createElement('input'); input.type = 'text'; main.appendChild(input);
        const p = document.createElement('p'); p.textContent = 'Chữ mờ khó đọc';
        p.style.color = '#aaaaaa'; p.style.background = '#ffffff'; main.appendChild(p);
    }""")
    ids = {v["id"] for v in violations(page)}
    assert {"label", "color-contrast"} <= ids, ids
