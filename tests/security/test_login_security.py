"""Security that needs an app of its own (each test makes one): the 500 page, cookie flags and the switch
for Secure cookies, login throttling per address and per account. Apart from test_web_security.py because
on PostgreSQL a new app empties the shared database under a module's world."""
from __future__ import annotations

from tests.conftest import make_app

from .test_web_security import check_headers
from .world import PASSWORD


def test_a_500_page_has_the_headers_and_a_vietnamese_message(tmp_path, pg_ready):
    app = make_app(tmp_path, pg_ready)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    assert "Dữ liệu của bạn chưa bị mất" in response.get_data(as_text=True)
    assert not check_headers(response, "500")


def _set_cookie(response, name: str) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            return header
    return ""


def test_session_cookie_flags_and_the_secure_switch(tmp_path, pg_ready, monkeypatch):
    app = make_app(tmp_path, pg_ready)
    header = _set_cookie(app.test_client().get("/login"), "session") or \
        _set_cookie(app.test_client().post("/lang", data={"lang": "en"}), "session")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    monkeypatch.setenv("FORUMSITE_SECURE_COOKIES", "1")
    secure = make_app(tmp_path / "s", pg_ready)
    assert secure.config["SESSION_COOKIE_SECURE"] and secure.config["REMEMBER_COOKIE_SECURE"]
    header = _set_cookie(secure.test_client().post("/lang", data={"lang": "en"}), "session")
    assert "Secure" in header and "HttpOnly" in header
    assert "Strict-Transport-Security" in secure.test_client().get("/login").headers


# --- login throttling --------------------------------------------------------------------------------

def _demo_app(tmp_path, pg_ready, **config):
    from forumsite.demo import load_demo
    from forumsite.extensions import db

    app = make_app(tmp_path, pg_ready, RATELIMIT_ENABLED=True, **config)
    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
    return app


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_login_throttling_per_address(tmp_path, pg_ready):
    app = _demo_app(tmp_path, pg_ready, LOGIN_RATE_LIMIT="5 per minute", LOGIN_ACCOUNT_RATE_LIMIT="100 per hour")
    client = _from(app, "10.1.0.1")
    codes = [client.post("/login", data={"username": f"u{n}", "password": "sai"}).status_code for n in range(6)]
    assert codes == [422] * 5 + [429]
    response = client.post("/login", data={"username": "bithu", "password": PASSWORD})
    assert response.status_code == 429  # even the right password waits: no guessing through the lock
    body = response.get_data(as_text=True)
    assert "Quá nhiều lần thử" in body and "đợi một phút" in body
    assert "Retry-After" in response.headers
    assert _from(app, "10.1.0.2").post("/login", data={"username": "bithu", "password": PASSWORD}).status_code == 303


def test_login_throttling_per_account_from_many_addresses(tmp_path, pg_ready):
    app = _demo_app(tmp_path, pg_ready, LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="3 per 15 minutes")
    # A successful login does not count against the account.
    assert _from(app, "10.2.0.9").post("/login", data={"username": "bithu", "password": PASSWORD}).status_code == 303
    for n in range(3):
        response = _from(app, f"10.2.0.{n + 1}").post("/login", data={"username": "BiThu ", "password": "sai"})
        assert response.status_code == 422
    response = _from(app, "10.2.0.50").post("/login", data={"username": "bithu", "password": PASSWORD})
    assert response.status_code == 429
    assert "đợi 15 phút" in response.get_data(as_text=True)
    # Another account from that address is not locked.
    other = _from(app, "10.2.0.50").post("/login", data={"username": "dangvien", "password": PASSWORD})
    assert other.status_code == 303
