"""Security that needs an app of its own (each test makes one): the 500 page, cookie flags and the switch
for Secure cookies, login throttling per address and per account. Apart from test_web_security.py because
on PostgreSQL a new app empties the shared database under a module's world."""
from __future__ import annotations

from tests.helpers import make_app
from tests.security.helpers import check_headers

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

    app = make_app(tmp_path, pg_ready, **{"RATELIMIT_ENABLED": True, **config})
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


# --- F8: the account-wide counter must not lock the owner out ------------------------------------------

def _wrong(app, address: str, username: str = "bithu"):
    return _from(app, address).post("/login", data={"username": username, "password": "sai-mat-khau"})


def test_strangers_cannot_lock_the_owner_out_of_a_browser_that_logged_in_before(tmp_path, pg_ready):
    app = _demo_app(tmp_path, pg_ready, LOGIN_RATE_LIMIT="100 per minute",
                    LOGIN_ACCOUNT_RATE_LIMIT="10 per 15 minutes", LOGIN_DEVICE_RATE_LIMIT="10 per 15 minutes")
    owner = _from(app, "10.3.0.1")
    assert owner.post("/login", data={"username": "bithu", "password": PASSWORD}).status_code == 303
    assert owner.post("/logout").status_code == 303
    # Twelve wrong passwords from twelve addresses: the account is closed to browsers it does not know.
    codes = [_wrong(app, f"10.3.1.{n}").status_code for n in range(12)]
    assert codes == [422] * 10 + [429] * 2
    stranger = _from(app, "10.3.2.1").post("/login", data={"username": "bithu", "password": PASSWORD})
    assert stranger.status_code == 429
    assert "Vui lòng đợi 15 phút rồi thử lại." in stranger.get_data(as_text=True)
    # The owner's own browser, even from another address, still logs in with the right password.
    owner.environ_base["REMOTE_ADDR"] = "10.3.9.9"
    assert owner.post("/login", data={"username": "bithu", "password": PASSWORD}).status_code == 303


def test_a_known_browser_is_still_throttled_and_only_for_its_own_account(tmp_path, pg_ready):
    app = _demo_app(tmp_path, pg_ready, LOGIN_RATE_LIMIT="100 per minute",
                    LOGIN_ACCOUNT_RATE_LIMIT="3 per 15 minutes", LOGIN_DEVICE_RATE_LIMIT="4 per 15 minutes")
    browser = _from(app, "10.4.0.1")
    assert browser.post("/login", data={"username": "bithu", "password": PASSWORD}).status_code == 303
    browser.post("/logout")
    # Guessing from the known browser is counted on that browser (a copied cookie is no free pass).
    codes = [browser.post("/login", data={"username": "bithu", "password": "sai"}).status_code for _ in range(5)]
    assert codes == [422] * 4 + [429]
    assert "đợi 15 phút" in browser.post("/login", data={"username": "bithu", "password": PASSWORD}) \
        .get_data(as_text=True)
    # Those failures did not close the account to other browsers (they have their own counter)…
    assert _from(app, "10.4.0.2").post("/login", data={"username": "bithu", "password": PASSWORD}).status_code == 303
    # …and the browser is known for bithu only: dangvien's account, closed by strangers, stays closed to it.
    assert [_wrong(app, f"10.4.1.{n}", "dangvien").status_code for n in range(4)] == [422] * 3 + [429]
    assert browser.post("/login", data={"username": "dangvien", "password": PASSWORD}).status_code == 429
    # A forged or tampered cookie counts as an unknown browser.
    forged = _from(app, "10.4.2.1")
    forged.set_cookie("known_device", "eyJ4IjoieSJ9.forged.sig", path="/login")
    assert forged.post("/login", data={"username": "dangvien", "password": PASSWORD}).status_code == 429


def test_an_attacker_from_one_address_is_still_throttled_on_one_account(tmp_path, pg_ready):
    app = _demo_app(tmp_path, pg_ready, LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="10 per 15 minutes")
    attacker = _from(app, "10.5.0.1")
    codes = [attacker.post("/login", data={"username": "bithu", "password": f"sai-{n}"}).status_code
             for n in range(11)]
    assert codes == [422] * 10 + [429]
    assert "Quá nhiều lần thử" in attacker.post("/login", data={"username": "bithu", "password": "x"}) \
        .get_data(as_text=True)


# --- F9: unknown usernames do the same hash work as known ones -----------------------------------------

def test_unknown_and_known_usernames_check_a_hash_alike(tmp_path, pg_ready, monkeypatch):
    from forumsite.accounts import models

    app = _demo_app(tmp_path, pg_ready, RATELIMIT_ENABLED=False)
    calls = []
    real = models.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash.split("$", 1)[0])
        return real(pwhash, password)

    monkeypatch.setattr(models, "check_password_hash", counting)
    client = app.test_client()
    per_name = {}
    for username in ("khongtontai", "bithu", "zz9", "admin"):
        calls.clear()
        response = client.post("/login", data={"username": username, "password": "sai-mat-khau"})
        assert response.status_code == 422
        per_name[username] = list(calls)
    assert per_name["khongtontai"] == per_name["bithu"] == per_name["zz9"] == per_name["admin"]
    assert per_name["bithu"] == [app.config["PASSWORD_METHOD"]]  # one check, with the same method


# --- I5: the remember-me and known-device cookies ------------------------------------------------------

def test_remember_and_known_device_cookies_flags(tmp_path, pg_ready, monkeypatch):
    import datetime as dt
    from email.utils import parsedate_to_datetime

    app = _demo_app(tmp_path, pg_ready, RATELIMIT_ENABLED=False)
    response = app.test_client().post("/login", data={"username": "bithu", "password": PASSWORD, "remember": "y"})
    assert response.status_code == 303
    remember = _set_cookie(response, "remember_token")
    assert "HttpOnly" in remember and "SameSite=Lax" in remember and "Secure" not in remember
    expires = parsedate_to_datetime(remember.split("Expires=", 1)[1].split(";", 1)[0])
    days = (expires - dt.datetime.now(dt.timezone.utc)).days
    assert 28 <= days <= 30
    device = _set_cookie(response, "known_device")
    assert "HttpOnly" in device and "SameSite=Lax" in device and "Path=/login" in device
    assert "bithu" not in device  # the cookie does not list who used the browser
    monkeypatch.setenv("FORUMSITE_SECURE_COOKIES", "1")
    secure = _demo_app(tmp_path / "s", pg_ready, RATELIMIT_ENABLED=False)
    response = secure.test_client().post("/login", data={"username": "bithu", "password": PASSWORD, "remember": "y"})
    assert "Secure" in _set_cookie(response, "remember_token") and "Secure" in _set_cookie(response, "known_device")
