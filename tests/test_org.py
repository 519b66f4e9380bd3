"""The organisation tree: browse, add, edit, the configurable types, paths at any depth."""
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.org.models import GrassrootsType, Organisation


def _type_id(app, code):
    with app.app_context():
        return db.session.scalar(sa.select(GrassrootsType.id).where(GrassrootsType.code == code))


def test_tree_expands_children_as_a_fragment(client, auth, demo):
    auth.login("admin")
    html = client.get("/org/").get_data(as_text=True)
    assert "Tỉnh ủy Quảng Trị" in html and "Chi bộ Thôn Phú Hưng" not in html
    fragment = client.get(f"/org/{demo['commune']}/children", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Chi bộ Thôn Phú Hưng" in fragment and "<html" not in fragment
    assert "15 đảng viên" in fragment


def test_unit_page_counts_cells_and_members_of_each_child(client, auth, demo):
    auth.login("tuyengiao")
    html = client.get(f"/org/{demo['district']}").get_data(as_text=True)
    # Đảng bộ xã Hải Phú: 2 cells, 15 + 7 members; the agency cell: 1 cell (itself), 5 members.
    row = html[html.index("Đảng bộ xã Hải Phú"):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">2</td>' in row and '<td class="num">22</td>' in row


def test_admin_adds_a_grassroots_organisation_and_a_cell_under_it(client, auth, app, demo):
    auth.login("admin")
    response = client.post(f"/org/new?parent={demo['province']}", data={
        "name": "Đảng bộ phường Đông Hà", "kind": "dang_bo_co_so", "grassroots_type_id": _type_id(app, "phuong")})
    assert response.status_code == 303
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/org/new?parent={new_id}", data={
        "name": "Chi bộ Khu phố 1", "kind": "chi_bo_truc_thuoc", "grassroots_type_id": "0", "is_pilot": "y"})
    assert response.status_code == 303
    with app.app_context():
        cell = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Chi bộ Khu phố 1"))
        assert cell.path == f"/{demo['province']}/{new_id}/{cell.id}/" and cell.depth == 2
        assert cell.is_pilot and cell.effective_type().code == "phuong"
        audited = sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.action == "organisation.create", AuditEntry.object_id == cell.id)
        assert db.session.scalar(audited) == 1


def test_placement_rules_are_enforced_with_a_message(client, auth, app, demo):
    auth.login("admin")
    response = client.post(f"/org/new?parent={demo['cell_a']}", data={
        "name": "Tổ đảng", "kind": "chi_bo_truc_thuoc", "grassroots_type_id": "0"})
    assert response.status_code == 422
    assert "Không thể đặt Chi bộ trực thuộc trực thuộc Chi bộ trực thuộc." in response.get_data(as_text=True)
    response = client.post(f"/org/new?parent={demo['district']}", data={
        "name": "Đảng bộ xã Mới", "kind": "dang_bo_co_so", "grassroots_type_id": "0"})
    assert response.status_code == 422
    assert "Tổ chức cơ sở đảng cần có loại hình." in response.get_data(as_text=True)


def test_edit_sets_committee_and_pilot_flags(client, auth, app, demo):
    auth.login("admin")
    response = client.post(f"/org/{demo['cell_b']}/edit", data={
        "name": "Chi bộ Thôn Long Hưng", "kind": "chi_bo_truc_thuoc", "grassroots_type_id": "0",
        "parent_id": demo["commune"], "is_pilot": "y", "has_committee": "y"})
    assert response.status_code == 303
    html = client.get(f"/org/{demo['cell_b']}").get_data(as_text=True)
    assert "dưới 9 đảng viên chính thức nhưng được ghi nhận có chi ủy" in html
    assert "Chi bộ chỉ đạo điểm" in html


def test_a_node_with_children_cannot_become_a_cell(client, auth, demo):
    auth.login("admin")
    response = client.post(f"/org/{demo['commune']}/edit", data={
        "name": "Đảng bộ xã Hải Phú", "kind": "chi_bo_co_so", "grassroots_type_id": "1",
        "parent_id": demo["district"]})
    assert response.status_code == 422
    assert "không thể là chi bộ" in response.get_data(as_text=True)


def test_edit_moves_a_unit_with_its_subtree(client, auth, app, demo):
    auth.login("admin")
    response = client.post(f"/org/{demo['commune']}/edit", data={
        "name": "Đảng bộ xã Hải Phú", "kind": "dang_bo_co_so", "grassroots_type_id": "1",
        "parent_id": demo["province"]})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Organisation, demo["cell_a"]).path == \
            f"/{demo['province']}/{demo['commune']}/{demo['cell_a']}/"
    # Not into its own subtree: the cell is not even offered.
    bad = client.post(f"/org/{demo['commune']}/edit", data={
        "name": "Đảng bộ xã Hải Phú", "kind": "dang_bo_co_so", "grassroots_type_id": "1",
        "parent_id": demo["cell_a"]})
    assert bad.status_code == 422


def test_grassroots_types_are_configurable(client, auth, app, demo):
    auth.login("admin")
    response = client.post("/org/types/new", data={"code": "truong_hoc", "name": "Trường học", "position": "20"})
    assert response.status_code == 303
    assert "Trường học" in client.get("/org/types").get_data(as_text=True)
    clash = client.post("/org/types/new", data={"code": "xa", "name": "Xã trùng"})
    assert clash.status_code == 422 and "Mã này đã được dùng." in clash.get_data(as_text=True)
    bad = client.post("/org/types/new", data={"code": "Có Dấu", "name": "x"})
    assert bad.status_code == 422


def test_move_rehangs_the_whole_subtree(app, demo):
    from forumsite.org.actions import move_organisation

    with app.app_context():
        commune = db.session.get(Organisation, demo["commune"])
        province = db.session.get(Organisation, demo["province"])
        move_organisation(commune, province)  # the district level is abolished: straight under the province
        db.session.commit()
        cell = db.session.get(Organisation, demo["cell_a"])
        assert cell.path == f"/{demo['province']}/{demo['commune']}/{demo['cell_a']}/"
        assert cell.depth == 2
        assert db.session.get(Organisation, demo["commune"]).parent_id == demo["province"]
