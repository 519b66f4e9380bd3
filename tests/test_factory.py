"""The factory, configuration, health check, headers, error pages, language."""
import os

from forumsite import create_app


def test_config_from_test_mapping(app):
    assert app.testing
    assert not create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing


def test_secret_key_is_generated_into_instance_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from forumsite import config

    first = config._secret_key(tmp_path)
    assert len(first) == 64
    assert config._secret_key(tmp_path) == first
    assert oct(os.stat(tmp_path / "secret_key").st_mode & 0o777) == "0o600"


def test_database_url_from_environment(tmp_path, monkeypatch):
    from forumsite import config

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert config._database_url(tmp_path) == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert config._database_url(tmp_path) == f"sqlite:///{tmp_path / 'forumsite.db'}"


def test_secure_cookie_switch(monkeypatch):
    monkeypatch.setenv("FORUMSITE_SECURE_COOKIES", "1")
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    monkeypatch.delenv("FORUMSITE_SECURE_COOKIES")
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert not app.config["SESSION_COOKIE_SECURE"]


def test_healthz_reports_database(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["backend"] in ("sqlite", "postgresql")


def test_healthz_reports_a_dead_database(tmp_path):
    app = create_app({"SECRET_KEY": "x", "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"


def test_strict_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "HX-Request" in response.headers.get("Vary", "")


def test_pages_have_no_inline_script(client, auth, demo):
    auth.login("bithu")
    for url in ("/login", f"/cells/{demo['cell_a']}/members", f"/org/{demo['cell_a']}"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "onclick=" not in html


def test_not_found_page_in_vietnamese(client, auth, demo):
    auth.login("admin")
    response = client.get("/org/999999")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_method_not_allowed_in_vietnamese(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "Thao tác không được hỗ trợ" in response.get_data(as_text=True)


def test_vietnamese_by_default_and_english_on_request(client):
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    response = client.post("/lang", data={"lang": "en", "next": "/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_language_switch_refuses_unknown_language_and_foreign_redirect(client):
    assert client.post("/lang", data={"lang": "xx"}).status_code == 400
    response = client.post("/lang", data={"lang": "vi", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_request_log_one_line_each(app, client, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="forumsite.request"):
        client.get("/healthz")
    lines = [r.getMessage() for r in caplog.records if r.name == "forumsite.request"]
    assert len(lines) == 1 and lines[0].startswith("GET /healthz 200")
