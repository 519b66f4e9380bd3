"""Every person sees only what belongs to their place in the tree; foreign data answers 404."""
import pytest
import sqlalchemy as sa

from forumsite.accounts.actions import create_user
from forumsite.extensions import db
from forumsite.members.models import Member
from forumsite.org.actions import create_organisation


def _first_member(app, cell_id):
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.cell_id == cell_id).order_by(Member.id))


@pytest.fixture
def other_province(app, demo):
    """A second province with a cell, and an oversight account of that province."""
    with app.app_context():
        province = create_organisation(None, name="Tỉnh ủy Quảng Bình", kind="tinh_uy", grassroots_type_id=None)
        cell = create_organisation(province, name="Chi bộ Sở Văn hóa", kind="chi_bo_co_so", grassroots_type_id=None)
        member = Member(cell_id=cell.id, status="chinh_thuc")
        member.set_name("Nguyễn Văn Xa")
        db.session.add(member)
        create_user("tuyengiao2", "demo12345", oversight_org_id=province.id)
        db.session.commit()
        return {"province": province.id, "cell": cell.id, "member": member.id}


READ_URLS = ["/cells/{cell}/members", "/org/{cell}", "/members/{member}", "/members/{member}/row",
             "/org/{cell}/children"]


@pytest.mark.parametrize("url", READ_URLS)
def test_member_of_cell_a_gets_404_on_cell_b(client, auth, app, demo, url):
    auth.login("dangvien")
    target = url.format(cell=demo["cell_b"], member=_first_member(app, demo["cell_b"]))
    assert client.get(target).status_code == 404


@pytest.mark.parametrize("url", READ_URLS[:4])
def test_member_reads_own_cell(client, auth, app, demo, url):
    auth.login("dangvien")
    target = url.format(cell=demo["cell_a"], member=_first_member(app, demo["cell_a"]))
    assert client.get(target).status_code == 200


def test_member_cannot_see_the_commune_above(client, auth, demo):
    auth.login("dangvien")
    assert client.get(f"/org/{demo['commune']}").status_code == 404


@pytest.mark.parametrize("url", READ_URLS)
def test_oversight_sees_only_its_subtree(client, auth, app, demo, other_province, url):
    auth.login("tuyengiao")
    mine = url.format(cell=demo["cell_a"], member=_first_member(app, demo["cell_a"]))
    theirs = url.format(cell=other_province["cell"], member=other_province["member"])
    assert client.get(mine).status_code == 200
    assert client.get(theirs).status_code == 404


def test_oversight_tree_shows_only_its_roots(client, auth, demo, other_province):
    auth.login("tuyengiao2")
    html = client.get("/org/").get_data(as_text=True)
    assert "Tỉnh ủy Quảng Bình" in html and "Tỉnh ủy Quảng Trị" not in html


def test_oversight_reads_but_does_not_manage(client, auth, app, demo):
    auth.login("tuyengiao")
    assert client.get(f"/cells/{demo['cell_a']}/members/new").status_code == 403
    member = _first_member(app, demo["cell_a"])
    assert client.post(f"/members/{member}/edit", data={"full_name": "X"}).status_code == 403


@pytest.mark.parametrize("url, method", [
    ("/cells/{cell}/members/new", "get"),
    ("/cells/{cell}/members/new", "post"),
    ("/members/{member}/edit", "post"),
    ("/members/{member}/row/edit", "post"),
    ("/members/{member}/transfer", "post"),
    ("/cells/{cell}/members/import", "post"),
])
def test_plain_member_cannot_change_own_cell(client, auth, app, demo, url, method):
    auth.login("dangvien")
    target = url.format(cell=demo["cell_a"], member=_first_member(app, demo["cell_a"]))
    assert getattr(client, method)(target, data={"full_name": "Đổi tên"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Member.full_name == "Đổi tên")) == 0


def test_chair_of_cell_b_cannot_touch_cell_a(client, auth, app, demo):
    auth.login("bithu2")
    member = _first_member(app, demo["cell_a"])
    assert client.post(f"/members/{member}/edit", data={"full_name": "X"}).status_code == 404
    assert client.get(f"/cells/{demo['cell_a']}/members/new").status_code == 404


@pytest.mark.parametrize("url", ["/users", "/users/new", "/org/types", "/org/new", "/org/{cell}/edit"])
def test_admin_pages_are_hidden_from_everyone_else(client, auth, demo, url):
    for username in ("tuyengiao", "bithu", "dangvien"):
        auth.login(username)
        assert client.get(url.format(cell=demo["cell_a"])).status_code == 404
        auth.logout()


def test_suspended_member_loses_the_cell(client, auth, app, demo):
    with app.app_context():
        from forumsite.accounts.models import User

        user = db.session.scalar(sa.select(User).where(User.username == "dangvien"))
        user.member.suspended = True
        db.session.commit()
    auth.login("dangvien")
    assert client.get(f"/cells/{demo['cell_a']}/members").status_code == 404


def test_anonymous_is_sent_to_login_everywhere(client, demo):
    for url in ("/", "/org/", f"/org/{demo['cell_a']}", f"/cells/{demo['cell_a']}/members", "/users", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
