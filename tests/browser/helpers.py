"""Shared test builders."""
from tests.helpers import browser_login


def ready(page):
    page.wait_for_selector("#console[data-ready]")


def settle(page):
    """Wait until htmx has swapped and processed what the last action returned."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function(f"() => !document.querySelector('{busy}')")


def key(page, k):
    """A shortcut, pressed with nothing focused (as after Esc)."""
    settle(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press(k)


def console(browser, live_server, forum_id, username="thuky"):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    browser_login(page, live_server, username)
    page.goto(f"{live_server}/forums/{forum_id}/console")
    ready(page)
    return page


