"""CSRF on every change: a form or htmx request without the token is refused in Vietnamese."""
import pytest

from tests.helpers import csrf_token, make_app


@pytest.fixture
def guarded(tmp_path, pg_ready):
    app = make_app(tmp_path, pg_ready, WTF_CSRF_ENABLED=True)
    from forumsite.demo import load_demo
    from forumsite.extensions import db

    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
    return app


def test_login_without_token_is_refused(guarded):
    response = guarded.test_client().post("/login", data={"username": "admin", "password": "demo12345"})
    assert response.status_code == 400
    assert "Vui lòng tải lại trang" in response.get_data(as_text=True)


def test_login_with_token_works_and_htmx_header_is_accepted(guarded):
    client = guarded.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": "bithu", "password": "demo12345", "csrf_token": token})
    assert response.status_code == 303
    page = client.get("/cells/4/members").get_data(as_text=True)
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    header_token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    member_row = client.get("/members/6/row/edit", headers={"HX-Request": "true"})
    assert member_row.status_code == 200
    no_token = client.post("/members/6/row/edit", headers={"HX-Request": "true"},
                           data={"full_name": "Võ Thị Mai", "status": "chinh_thuc", "role": "dang_vien"})
    assert no_token.status_code == 400
    with_token = client.post("/members/6/row/edit", headers={"HX-Request": "true", "X-CSRFToken": header_token},
                             data={"full_name": "Võ Thị Mai", "status": "chinh_thuc", "role": "dang_vien"})
    assert with_token.status_code == 200


def test_logout_and_language_need_the_token(guarded):
    client = guarded.test_client()
    assert client.post("/logout").status_code == 400
    assert client.post("/lang", data={"lang": "en"}).status_code == 400
