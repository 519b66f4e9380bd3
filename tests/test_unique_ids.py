"""No page carries the same id twice (issue 16: two forms on one page both had id="csrf_token", invalid
HTML for the Nu Html Checker, and a label or a fragment aimed at one of them reached the first). Checked
with CSRF protection on, as in production, over every kind of page of tests/site_pages.py."""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.helpers import csrf_token, make_app

from .site_pages import build_site, pages


@pytest.fixture
def app(tmp_path, pg_ready):
    return make_app(tmp_path, pg_ready, WTF_CSRF_ENABLED=True)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> dict[str, int]:
    parser = _Ids()
    parser.feed(html)
    return {k: n for k, n in parser.ids.items() if n > 1}


def test_no_page_repeats_an_id(app, demo):
    site = build_site(app, demo)
    client, user, found = None, "-", {}
    for name, who, path, status in pages(site):
        if who != user:  # a fresh browser per user: the login form carries its own token
            client, user = app.test_client(), who
            if who:
                token = csrf_token(client.get("/login").get_data(as_text=True))
                assert client.post("/login", data={"username": who, "password": "demo12345",
                                                   "csrf_token": token}).status_code == 303, who
        response = client.get(path)
        assert response.status_code == status, name
        if response.mimetype == "text/html":
            repeated = duplicate_ids(response.get_data(as_text=True))
            if repeated:
                found[name] = repeated
    assert not found, found


def test_a_page_with_two_wtforms_forms_has_one_token_each_and_no_id():
    html = '<form><input name="csrf_token" type="hidden" value="a"></form><form><input id="x"><input id="x"></form>'
    assert duplicate_ids(html) == {"x": 2}
