"""Login, logout, throttling, passwords, and where each demo account lands."""
import pytest
import sqlalchemy as sa

from forumsite.accounts import passwords
from forumsite.accounts.models import User
from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from tests.helpers import make_app


def test_login_page(client):
    assert client.get("/login").status_code == 200


def test_login_and_logout(client, auth, demo):
    response = auth.login("bithu")
    assert response.status_code == 303
    assert client.get("/").status_code == 200  # "Hôm nay", not the login page
    response = auth.logout()
    assert response.status_code == 303 and response.headers["Location"].endswith("/login")
    assert client.get("/").headers["Location"].startswith("/login")


@pytest.mark.parametrize("username, password", [("bithu", "wrong-password"), ("nobody", "demo12345"),
                                                ("", "demo12345"), ("bithu", "")])
def test_bad_login_says_why_in_vietnamese(auth, demo, username, password):
    response = auth.login(username, password)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ("Tên đăng nhập hoặc mật khẩu không đúng." in html or "Vui lòng nhập" in html)


def test_inactive_account_cannot_log_in(app, auth, demo):
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.username == "dangvien")).active = False
        db.session.commit()
    assert auth.login("dangvien").status_code == 422


def test_login_is_audited(app, auth, demo):
    auth.login("thuky")
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.login"))
        assert entry.username == "thuky"


@pytest.mark.parametrize("username, landing", [
    ("admin", "/org/"),
    ("tuyengiao", "/org/{province}/oversight/"),
    ("bithu", None),  # members land on "Hôm nay", their cell's forums (tests/test_home.py)
    ("thuky", None),
    ("dangvien", None),
    ("bithu2", None),
])
def test_each_demo_account_lands_on_its_page(client, auth, demo, username, landing):
    auth.login(username)
    response = client.get("/")
    if landing is None:
        assert response.status_code == 200 and "<h1>Hôm nay</h1>" in response.get_data(as_text=True)
        return
    assert response.status_code == 302
    assert response.headers["Location"] == landing.format(**demo)
    assert client.get(response.headers["Location"]).status_code == 200


def test_chair_sees_management_buttons_member_does_not(client, auth, demo):
    auth.login("bithu")
    assert "Thêm đảng viên" in client.get(f"/cells/{demo['cell_a']}/members").get_data(as_text=True)
    auth.logout()
    auth.login("dangvien")
    assert "Thêm đảng viên" not in client.get(f"/cells/{demo['cell_a']}/members").get_data(as_text=True)


def test_htmx_request_without_login_gets_hx_redirect(client, demo):
    response = client.get(f"/cells/{demo['cell_a']}/members", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_login_redirects_only_to_local_paths(client, demo):
    response = client.post("/login?next=https://evil.example/",
                           data={"username": "bithu", "password": "demo12345", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_sixth_login_in_a_minute_is_throttled_with_a_clear_message(tmp_path, pg_ready):
    app = make_app(tmp_path, pg_ready, RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/login", data={"username": "x", "password": "y"}).status_code for _ in range(6)]
    assert codes[:5] == [422] * 5
    assert codes[5] == 429
    response = client.post("/login", data={"username": "x", "password": "y"})
    assert "Vui lòng đợi một phút" in response.get_data(as_text=True)


def test_password_change_ends_other_sessions(app, demo):
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/login", data={"username": "dangvien", "password": "demo12345"})
    response = first.post("/account/password", data={"current": "demo12345", "password": "Sen-hong-2026",
                                                      "confirm": "Sen-hong-2026"})
    assert response.status_code == 303
    assert first.get("/").status_code == 200  # still logged in: "Hôm nay"
    assert second.get("/").headers["Location"].startswith("/login")


def test_password_change_checks_current_and_rules(client, auth, demo):
    auth.login("dangvien")
    response = client.post("/account/password", data={"current": "nope", "password": "Sen-hong-2026",
                                                      "confirm": "Sen-hong-2026"})
    assert response.status_code == 422 and "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)
    response = client.post("/account/password", data={"current": "demo12345", "password": "12345678",
                                                      "confirm": "12345678"})
    assert response.status_code == 422 and "không được chỉ gồm chữ số" in response.get_data(as_text=True)


@pytest.mark.parametrize("password, username, codes", [
    ("short", "", {"too_short"}),
    ("12345678901", "", {"only_digits"}),
    ("password", "", {"common"}),
    ("thuky2026!", "thuky", {"contains_username"}),
    ("aaaaaaaaaa", "", {"repetitive"}),
    ("Sen-hong-2026", "thuky", set()),
])
def test_password_rules(password, username, codes):
    assert set(passwords.problems(password, username)) == codes


def test_passwords_are_hashed_with_scrypt_by_default(tmp_path, pg_ready):
    app = make_app(tmp_path, pg_ready, PASSWORD_METHOD="scrypt")
    from forumsite.accounts.actions import create_user

    with app.app_context():
        user = create_user("someone", "Sen-hong-2026")
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("Sen-hong-2026") and not user.check_password("other")
