"""Members of a cell: list, search without diacritics, create, edit (inline too), transfer."""
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.members.models import Member, MemberTransfer


def _member_id(app, name):
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == name))


def test_list_is_in_vietnamese_order_by_given_name(client, auth, demo):
    auth.login("bithu")
    html = client.get(f"/cells/{demo['cell_a']}/members").get_data(as_text=True)
    # Given names Ánh < Bình < Đức < Hạnh: Vietnamese rosters sort by the last word.
    positions = [html.index(n) for n in ("Đỗ Thị Ngọc Ánh", "Ngô Văn Bình", "Hoàng Văn Đức", "Phan Thị Hạnh")]
    assert positions == sorted(positions)


def test_search_ignores_diacritics_and_returns_only_rows_for_htmx(client, auth, demo):
    auth.login("bithu")
    url = f"/cells/{demo['cell_a']}/members"
    for q in ("nguyen van", "Nguyễn Văn", "NGUYEN VAN HUNG", "hùng"):
        response = client.get(url, query_string={"q": q},
                              headers={"HX-Request": "true", "HX-Target": "member-rows"})
        html = response.get_data(as_text=True)
        assert "Nguyễn Văn Hùng" in html, q
        assert "Trần Thị Lan" not in html, q
        assert "<html" not in html  # a fragment, not the page
    full = client.get(url, query_string={"q": "nguyen van"}).get_data(as_text=True)
    assert "<html" in full and "Nguyễn Văn Hùng" in full


def test_filters_by_status_and_flag(client, auth, demo):
    auth.login("bithu")
    url = f"/cells/{demo['cell_a']}/members"
    rows = {"HX-Request": "true", "HX-Target": "member-rows"}
    html = client.get(url, query_string={"status": "du_bi"}, headers=rows).get_data(as_text=True)
    assert "Lý Văn Phúc" in html and "Nguyễn Văn Hùng" not in html
    html = client.get(url, query_string={"flag": "exempt"}, headers=rows).get_data(as_text=True)
    assert "Ngô Văn Bình" in html and "Lý Văn Phúc" not in html
    assert client.get(url, query_string={"status": "nonsense", "flag": "x"}).status_code == 200


def test_search_with_like_wildcards_is_literal(client, auth, demo):
    auth.login("bithu")
    html = client.get(f"/cells/{demo['cell_a']}/members", query_string={"q": "%"},
                      headers={"HX-Request": "true", "HX-Target": "member-rows"}).get_data(as_text=True)
    assert "Không có đảng viên nào khớp." in html


def test_chair_creates_a_member_and_it_is_audited(client, auth, app, demo):
    auth.login("bithu")
    response = client.post(f"/cells/{demo['cell_a']}/members/new", data={
        "full_name": "  Trần   Văn  Mới ", "gender": "nam", "birth_year": "1995", "joined_on": "5/3/2020",
        "official_on": "05/03/2021", "status": "chinh_thuc", "role": "dang_vien"})
    assert response.status_code == 303
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.full_name == "Trần Văn Mới"))
        assert member is not None and member.name_folded == "tran van moi"
        assert str(member.joined_on) == "2020-03-05"
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "member.create"))
        assert entry.username == "bithu" and entry.object_id == member.id and entry.organisation_id == demo["cell_a"]


def test_bad_member_input_gets_vietnamese_messages_and_nothing_saved(client, auth, app, demo):
    auth.login("bithu")
    response = client.post(f"/cells/{demo['cell_a']}/members/new", data={
        "full_name": "", "birth_year": "abc", "joined_on": "32/13/2020", "status": "du_bi",
        "official_on": "1/1/2021", "role": "bi_thu", "temp_in": "y", "temp_out": "y"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in ("Vui lòng nhập họ và tên.", "Giá trị phải là một số nguyên.", "Ngày không hợp lệ",
                    "Đảng viên dự bị chưa có ngày chính thức.", "Đảng viên dự bị không giữ chức vụ",
                    "Không thể vừa sinh hoạt tạm thời đến vừa sinh hoạt tạm thời đi."):
        assert message in html, message
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Member.id)).where(Member.cell_id == demo["cell_a"])) == 15


def test_edit_records_what_changed(client, auth, app, demo):
    auth.login("bithu")
    member_id = _member_id(app, "Võ Thị Mai")
    response = client.post(f"/members/{member_id}/edit", data={
        "full_name": "Võ Thị Mai", "gender": "nu", "birth_year": "1990", "status": "chinh_thuc",
        "role": "to_truong", "exempt": "y"})
    assert response.status_code == 303
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.role == "to_truong" and member.exempt
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "member.update"))
        assert entry.details["changed"]["role"] == ["dang_vien", "to_truong"]


def test_inline_edit_returns_the_row(client, auth, app, demo):
    auth.login("bithu")
    member_id = _member_id(app, "Võ Thị Mai")
    form = client.get(f"/members/{member_id}/row/edit", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f'id="member-{member_id}"' in form and "<form" in form
    response = client.post(f"/members/{member_id}/row/edit", headers={"HX-Request": "true"},
                           data={"full_name": "Võ Thị Mai Anh", "status": "chinh_thuc", "role": "dang_vien"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Võ Thị Mai Anh" in html and "<form" not in html and "<html" not in html
    bad = client.post(f"/members/{member_id}/row/edit", headers={"HX-Request": "true"},
                      data={"full_name": "", "status": "chinh_thuc", "role": "dang_vien"})
    assert bad.status_code == 422 and "Vui lòng nhập họ và tên." in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Member, member_id).full_name == "Võ Thị Mai Anh"


def test_transfer_keeps_history_and_moves_the_member(client, auth, app, demo):
    auth.login("admin")
    member_id = _member_id(app, "Trần Thị Lan")
    response = client.post(f"/members/{member_id}/transfer", data={
        "to_cell_id": demo["cell_b"], "transferred_on": "1/6/2026", "note": "Chuyển nơi cư trú"})
    assert response.status_code == 303
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.cell_id == demo["cell_b"] and member.role == "dang_vien"
        transfer = db.session.scalar(sa.select(MemberTransfer))
        assert (transfer.from_cell_id, transfer.to_cell_id) == (demo["cell_a"], demo["cell_b"])
    html = client.get(f"/members/{member_id}").get_data(as_text=True)
    assert "Chi bộ Thôn Phú Hưng" in html and "ngày 01 tháng 6 năm 2026" in html


def test_transfer_needs_a_destination(client, auth, app, demo):
    auth.login("bithu")
    member_id = _member_id(app, "Võ Thị Mai")
    response = client.post(f"/members/{member_id}/transfer", data={"to_cell_id": "0", "transferred_on": "1/6/2026"})
    assert response.status_code == 422
    assert "Vui lòng chọn chi bộ chuyển đến." in response.get_data(as_text=True)


def test_cell_page_warns_when_committee_flag_disagrees(client, auth, app, demo):
    auth.login("admin")
    html = client.get(f"/org/{demo['cell_a']}").get_data(as_text=True)
    assert "Điều 24 khoản 4" not in html  # 12 official (one exempt still official) and a chi ủy: consistent
    with app.app_context():
        from forumsite.org.models import Organisation

        db.session.get(Organisation, demo["cell_a"]).has_committee = False
        db.session.commit()
    html = client.get(f"/org/{demo['cell_a']}").get_data(as_text=True)
    assert "từ 9 đảng viên chính thức trở lên nhưng chưa ghi nhận chi ủy" in html
