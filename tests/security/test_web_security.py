"""Web security: CSRF on every change (derived from the URL map), strict CSP and the usual headers on pages,
fragments and errors, no inline script in any rendered page, cookie flags, a fresh session at login, a dead
cookie after logout, login throttling, password rules and upload checks."""
from __future__ import annotations

import pytest

from tests.helpers import csrf_token
from tests.security.helpers import check_headers, fill, login_with_token, rendered_pages, rules, scan

from .world import Snapshot, build_world, dispose, module_app

CSRF_MESSAGE = "Vui lòng tải lại trang và thử lại"




@pytest.fixture(scope="module")
def guarded(tmp_path_factory, pg_ready):
    app = module_app(tmp_path_factory, pg_ready, "websec", WTF_CSRF_ENABLED=True, MAX_STREAMS=0,
                     MAX_CONTENT_LENGTH=256 * 1024, DOCUMENT_MAX_BYTES=64 * 1024)
    world = build_world(app)
    yield app, world, Snapshot(app)
    dispose(app)


def state_changing(app):
    return [(e, m, r) for e, m, r in rules(app) if m not in ("GET", "HEAD", "OPTIONS")]


# --- CSRF ------------------------------------------------------------------------------------------

def test_every_state_changing_route_refuses_a_request_without_token(guarded):
    app, world, snapshot = guarded
    admin = login_with_token(app.test_client(), "admin")
    chair = login_with_token(app.test_client(), "bithu")
    routes = state_changing(app)
    assert len(routes) > 60  # the whole URL map, not a hand-made list
    before = snapshot.fingerprint()
    wrong = []
    for _endpoint, method, rule in routes:
        url = fill(rule, world)
        for client in (admin, chair, app.test_client()):
            for headers in ({}, {"HX-Request": "true"}):
                response = client.open(url, method=method, data={"x": "1"}, headers=headers)
                body = response.get_data(as_text=True)
                if response.status_code != 400 or CSRF_MESSAGE not in body:
                    wrong.append(f"{method} {url} {headers}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert snapshot.fingerprint() == before
    # The same routes are still open with the token: admin and chair were not logged out by the refusals.
    assert admin.get("/users").status_code == 200 and chair.get(f"/cells/{world['cell_a']}/members").status_code == 200


def test_a_token_of_another_session_is_refused(guarded):
    app, world, snapshot = guarded
    chair = login_with_token(app.test_client(), "bithu")
    other = app.test_client()
    foreign = csrf_token(other.get("/login").get_data(as_text=True))
    before = snapshot.fingerprint()
    response = chair.post(f"/forums/{world['forum']}/guests", data={"name": "Khách lạ", "csrf_token": foreign})
    assert response.status_code == 400 and CSRF_MESSAGE in response.get_data(as_text=True)
    assert snapshot.fingerprint() == before


# --- headers and inline script -----------------------------------------------------------------------











def test_headers_and_no_inline_script_on_every_page_fragment_and_error(guarded):
    app, world, _ = guarded
    problems, pages = [], 0
    for where, response in rendered_pages(app, world):
        problems += check_headers(response, where)
        if response.mimetype == "text/html":
            pages += 1
            problems += [f"{where}: {f}" for f in scan(response.get_data(as_text=True))]
        response.close()
    # Errors: 404, 405, 400 (CSRF) as page and fragment.
    client = app.test_client()
    for method, url in (("GET", "/no-such-page"), ("PUT", "/login"), ("POST", "/logout")):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.open(url, method=method, headers=headers)
            assert response.status_code >= 400
            problems += check_headers(response, f"{method} {url} {headers}")
            problems += scan(response.get_data(as_text=True))
    assert pages > 200
    assert not problems, "\n".join(problems[:50])


def test_downloads_carry_the_headers(guarded):
    app, world, _ = guarded
    client = login_with_token(app.test_client(), "admin")
    problems = []
    for endpoint, method, rule in rules(app):
        if method == "GET" and endpoint.endswith(("_docx", "_xlsx", "export", "download", "static")):
            response = client.get(fill(rule, world))
            assert response.status_code == 200, endpoint
            problems += check_headers(response, endpoint)
            response.close()
    assert not problems, problems


def test_the_scanner_sees_inline_script():
    assert scan('<p onclick="x()">a</p><script>alert(1)</script><a href=" javascript:x">')
    assert not scan('<script src="/static/app.js"></script><a href="/x">x</a>')


# --- cookies and sessions -------------------------------------------------------------------------------

def _cookie_value(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else ""


def test_login_starts_a_fresh_session(guarded):
    app, world, _ = guarded
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["_user_id"] = "1:forged"
    before = _cookie_value(client)
    login_with_token(client, "dangvien")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{world['users']['dangvien']}:")
    assert _cookie_value(client) != before


def test_a_forged_session_nonce_is_not_a_login(guarded):
    app, world, _ = guarded
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{world['users']['admin']}:0"
        session["_fresh"] = True
    assert client.get("/users").headers["Location"].startswith("/login")


def test_logout_kills_the_old_cookie(guarded):
    """A copy of the cookie taken before logout (a shared computer, a stolen cookie) no longer logs in."""
    app, world, snapshot = guarded
    client = login_with_token(app.test_client(), "dangvien")
    stolen = _cookie_value(client)
    assert client.get(f"/cells/{world['cell_a']}/members").status_code == 200
    page = client.get(f"/cells/{world['cell_a']}/members").get_data(as_text=True)
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get(f"/cells/{world['cell_a']}/members")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # Logging in again works.
    assert login_with_token(app.test_client(), "dangvien").get("/").status_code == 200  # "Hôm nay"


# --- password rules ----------------------------------------------------------------------------------

def test_weak_passwords_are_refused_in_vietnamese(guarded):
    app, world, snapshot = guarded
    admin = login_with_token(app.test_client(), "admin")
    page = admin.get("/users/new").get_data(as_text=True)
    token = csrf_token(page)
    before = snapshot.fingerprint()
    for password, message in (("12345678901", "chữ số"), ("abc", "ít nhất"), ("password", "")):
        response = admin.post("/users/new", data={"username": "moi", "password": password, "csrf_token": token})
        assert response.status_code == 422, password
        assert message in response.get_data(as_text=True)
    assert snapshot.fingerprint() == before


# --- uploads -----------------------------------------------------------------------------------------

def _htmx_token(client, url: str) -> str:
    return client.get(url).get_data(as_text=True).split('"X-CSRFToken": "')[1].split('"')[0]


def test_materials_are_checked_by_content_and_size(guarded):
    import io

    app, world, snapshot = guarded
    chair = login_with_token(app.test_client(), "bithu")
    forum = world["forum_live"]
    token = _htmx_token(chair, f"/forums/{forum}")
    before = snapshot.fingerprint()

    def upload(content: bytes, name: str):
        return chair.post(f"/forums/{forum}/documents", follow_redirects=True,
                          data={"csrf_token": token, "kind": "khac", "title": "Thử",
                                "file": (io.BytesIO(content), name)}, content_type="multipart/form-data")

    # An executable named .pdf, an HTML page named .docx: refused by content.
    for content, name in ((b"MZ\x90\x00" + b"\x00" * 100, "tai-lieu.pdf"),
                          (b"<html><script>alert(1)</script></html>", "bao-cao.docx")):
        body = upload(content, name).get_data(as_text=True)
        assert "Chỉ nhận tài liệu PDF, DOCX hoặc ODT" in body
    # Over the document limit but under the request limit: a message, no row.
    body = upload(b"%PDF-1.4\n" + b"0" * (70 * 1024), "lon.pdf").get_data(as_text=True)
    assert "Tài liệu quá lớn" in body
    assert snapshot.fingerprint() == before
    # Over the request limit: 413 with a Vietnamese page, not a 500.
    response = chair.post(f"/forums/{forum}/documents", data={"csrf_token": token, "kind": "khac",
                                                              "file": (io.BytesIO(b"%PDF" + b"0" * 300 * 1024),
                                                                       "rat-lon.pdf")},
                          content_type="multipart/form-data")
    assert response.status_code == 413 and "Tệp quá lớn" in response.get_data(as_text=True)
    assert not check_headers(response, "413")
    assert snapshot.fingerprint() == before


def test_member_import_is_checked_by_content_and_size(guarded):
    import io

    app, world, snapshot = guarded
    chair = login_with_token(app.test_client(), "bithu")
    url = f"/cells/{world['cell_a']}/members/import"
    token = csrf_token(chair.get(url).get_data(as_text=True))
    before = snapshot.fingerprint()
    for content in (b"MZ\x90\x00" * 50, b"PK\x03\x04not really a zip", "\ufeff".encode() + b"\xff\xfe\x00garbage"):
        response = chair.post(url, data={"csrf_token": token, "file": (io.BytesIO(content), "ds.xlsx")},
                              content_type="multipart/form-data")
        assert response.status_code == 422, content
        assert "tệp" in response.get_data(as_text=True).lower()
    response = chair.post(url, data={"csrf_token": token, "file": (io.BytesIO(b"a,b\n" * 100000), "ds.csv")},
                          content_type="multipart/form-data")
    assert response.status_code == 413 and "Tệp quá lớn" in response.get_data(as_text=True)
    assert snapshot.fingerprint() == before
