"""F10: after login and a language switch the `next` target is a path of this site, however a browser or
Werkzeug reads it (TAB/CR/LF dropped, backslash read as slash, percent-decoding)."""
from __future__ import annotations

import pytest

from .world import PASSWORD

HOSTILE = ["/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "/\\evil.com", "\\/evil.com", "//evil.com",
           "///evil.com", "https://evil.com", "http:evil.com", "javascript:alert(1)", " /\t/evil.com",
           "/%09/evil.com", "/%5Cevil.com", "/%2F/evil.com", "/\x00/evil.com", "/\u200b/evil.com",
           "/\u3000/evil.com", "evil.com", "", None]
KEPT = ["/forums/3?x=1", "/", "/org/4/oversight/?year=2026#rec-1", "/cells/4/members?q=Nguy%E1%BB%85n",
        "/cells/4/members?q=Nguyễn"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    from forumsite.accounts.redirects import is_safe_path

    assert not is_safe_path(target)


@pytest.mark.parametrize("target", KEPT)
def test_same_site_paths_are_kept(target):
    from forumsite.accounts.redirects import is_safe_path

    assert is_safe_path(target)


def _post(client, path: str, body: str):
    return client.post(path, data=body.encode(), content_type="application/x-www-form-urlencoded")


# Bodies as a browser sends them: "%09" is the TAB the probe hid in a hidden field.
RAW = ["/%09/evil.com", "/%0A/evil.com", "/%5C%5Cevil.com", "/%5Cevil.com", "//evil.com", "https://evil.com",
       "/%2509/evil.com"]


@pytest.mark.parametrize("raw", RAW)
def test_login_never_redirects_off_site(client, demo, raw):
    response = _post(client, "/login", f"username=bithu&password={PASSWORD}&next={raw}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("raw", RAW)
def test_language_switch_never_redirects_off_site(client, raw):
    response = _post(client, "/lang", f"lang=vi&next={raw}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_a_same_site_target_is_kept(client, demo):
    response = _post(client, "/login", f"username=bithu&password={PASSWORD}&next=/forums/3%3Fx%3D1")
    assert response.headers["Location"] == "/forums/3?x=1"
    response = _post(client, "/lang", "lang=en&next=/forums/3%3Fx%3D1")
    assert response.headers["Location"] == "/forums/3?x=1"


def test_the_login_page_form_carries_no_usable_off_site_target(client, demo):
    page = client.get("/login?next=%2F%09%2Fevil.com").get_data(as_text=True)
    assert 'name="next"' in page
    response = _post(client, "/login", f"username=bithu&password={PASSWORD}&next=%2F%09%2Fevil.com")
    assert response.headers["Location"] == "/"
