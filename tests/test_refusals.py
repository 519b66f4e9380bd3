"""The one refusal: rolled back, then a toast for htmx or a flash and a 303 for a plain form."""
import pytest
from flask import Blueprint

from forumsite import refusals
from forumsite.refusals import Refusal


def test_status_follows_the_code():
    assert Refusal("record_closed").status == 409
    assert Refusal("empty").status == 422
    assert Refusal("empty", status=404).status == 404


def test_a_code_cannot_take_two_wordings():
    refusals.register({"test_only_code": "Một"})
    refusals.register({"test_only_code": "Một"})  # the same words again is fine
    with pytest.raises(ValueError):
        refusals.register({"test_only_code": "Hai"})


@pytest.fixture()
def refusing_app(app):
    bp = Blueprint("refusing_test", __name__)
    refusals.register({"test_refused": "Không được làm việc này."})

    @bp.post("/_test/refuse")
    def refuse():
        raise Refusal("test_refused")

    @bp.post("/_test/refuse-back")
    def refuse_back():
        raise Refusal("test_refused", back="/forums")

    app.register_blueprint(bp)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_htmx_gets_the_toast_with_its_status(refusing_app):
    client = refusing_app.test_client()
    response = client.post("/_test/refuse", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Không được làm việc này." in response.get_data(as_text=True)


def test_plain_form_gets_a_flash_and_303_back(refusing_app):
    client = refusing_app.test_client()
    response = client.post("/_test/refuse-back")
    assert response.status_code == 303 and response.headers["Location"].endswith("/forums")
    response = client.post("/_test/refuse", headers={"Referer": "https://evil.example/x"})
    assert response.status_code == 303 and "evil" not in response.headers["Location"]
    response = client.post("/_test/refuse", headers={"Referer": "http://localhost/members?page=2"})
    assert response.headers["Location"].endswith("/members?page=2")
    with client.session_transaction() as sess:
        assert any("Không được làm việc này." in str(m) for _c, m in sess.get("_flashes", []))
