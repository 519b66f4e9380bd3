"""The reference catalogue: shipped data, reading page, admin edits with history, YAML round trip."""
import io

import pytest
import sqlalchemy as sa
import yaml

from forumsite.catalogue import data
from forumsite.catalogue.models import CatalogueChange, CatalogueItem
from forumsite.extensions import db


def test_shipped_catalogue_has_27_manifestations_in_three_groups_and_10_key_tasks():
    shipped = data.load_shipped()
    manifestations = [i for i in shipped["items"] if i["kind"] == "manifestation"]
    assert [i["number"] for i in manifestations] == list(range(1, 28))
    for group, numbers in (("A_TTCT", range(1, 10)), ("B_DDLS", range(10, 19)), ("C_TDB_TCH", range(19, 28))):
        assert [i["number"] for i in manifestations if i["group"] == group] == list(numbers)
    tasks = [i for i in shipped["items"] if i["kind"] == "key_task"]
    assert [i["code"] for i in tasks] == [f"NV{n}" for n in range(1, 11)]
    assert any(i["code"] == "CT05" for i in shipped["items"])


def test_verified_wording_is_verbatim_and_unverified_items_carry_no_invented_text():
    items = {i["code"]: i for i in data.load_shipped()["items"]}
    assert items["BH1"]["verified"] and items["BH1"]["text"].startswith("Phai nhạt lý tưởng cách mạng; dao động")
    assert items["BH19"]["text"].endswith("đòi thực hiện \"đa nguyên, đa đảng\".")
    for code in ("BH6", "BH10", "BH27"):
        assert not items[code]["verified"] and items[code]["text"] == "" and items[code]["subject"]
    # Partly quoted items keep only the quoted part, marked unfinished.
    assert not items["BH5"]["verified"] and items["BH5"]["text"].endswith("…")
    assert all(not i["verified"] for i in items.values() if i["kind"] == "key_task")


@pytest.mark.parametrize("text, problem", [
    ("items: 3", "thiếu danh sách items"),
    ("items:\n  - {code: X1, kind: other, number: 1, group: G, subject: s}", "loại không hợp lệ"),
    ("items:\n  - {code: X1, kind: key_task, number: one, group: G, subject: s}", "số nguyên"),
    ("items:\n  - {code: X1, kind: key_task, number: 1, subject: s}\n"
     "  - {code: X1, kind: key_task, number: 2, subject: t}", "bị trùng"),
    ("items: [\n", "YAML"),
])
def test_bad_catalogue_files_are_refused_with_reasons(text, problem):
    with pytest.raises(data.CatalogueFormatError) as info:
        data.parse(text)
    assert any(problem in p for p in info.value.problems)


def test_everyone_reads_the_catalogue_with_codes(client, auth, demo):
    auth.login("dangvien")
    html = client.get("/catalogue/").get_data(as_text=True)
    for code in ["BH1", "BH27", "NV1", "NV10", "CT05"]:
        assert f'id="{code}"' in html
    assert html.count('class="code"') == 38
    assert "chưa đối chiếu" in html
    assert client.get("/catalogue/bh5").status_code == 200
    assert client.get("/catalogue/BH99").status_code == 404
    assert client.get("/catalogue/BH5/edit").status_code == 404


def test_admin_edits_an_item_and_the_history_keeps_both_versions(client, auth, app, demo):
    auth.login("admin")
    response = client.post("/catalogue/BH6/edit", data={
        "subject": "Nói không đi đôi với làm", "text": "Nguyên văn đã đối chiếu.", "verified": "y",
        "source": "Văn kiện Hội nghị TW4 khóa XII, tr. 32"})
    assert response.status_code == 303
    with app.app_context():
        item = db.session.scalar(sa.select(CatalogueItem).where(CatalogueItem.code == "BH6"))
        assert item.verified and item.text == "Nguyên văn đã đối chiếu."
        change = db.session.scalar(sa.select(CatalogueChange).where(CatalogueChange.item_id == item.id))
        assert change.before["text"] == "" and change.after["text"] == "Nguyên văn đã đối chiếu."
        assert change.username == "admin"
    html = client.get("/catalogue/BH6").get_data(as_text=True)
    assert "Lịch sử thay đổi" in html and "Nguyên văn đã đối chiếu." in html
    bad = client.post("/catalogue/BH6/edit", data={"subject": "", "text": "x"})
    assert bad.status_code == 422 and "Vui lòng nhập chủ đề." in bad.get_data(as_text=True)


def test_export_then_import_round_trip_updates_by_code(client, auth, app, demo):
    auth.login("admin")
    exported = client.get("/catalogue/export.yaml").get_data(as_text=True)
    document = yaml.safe_load(exported)
    assert len(document["items"]) == 38
    for item in document["items"]:
        if item["code"] == "NV3":
            item["subject"] = "Xây dựng Đảng về đạo đức (đã sửa)"
    document["items"].append({"code": "CT08", "kind": "directive", "number": 8, "group": "CT",
                              "subject": "Một chỉ thị khác", "text": "", "verified": False, "source": ""})
    upload = io.BytesIO(yaml.safe_dump(document, allow_unicode=True).encode())
    response = client.post("/catalogue/import", data={"file": (upload, "dm.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(CatalogueItem.subject).where(CatalogueItem.code == "NV3")) == \
            "Xây dựng Đảng về đạo đức (đã sửa)"
        assert db.session.scalar(sa.select(sa.func.count(CatalogueItem.id))) == 39
        assert db.session.scalar(sa.select(sa.func.count(CatalogueChange.id))) == 1


def test_a_broken_import_changes_nothing(client, auth, app, demo):
    auth.login("admin")
    upload = io.BytesIO(b"items:\n  - {code: BH1, kind: manifestation, number: 1, group: NOPE, subject: x}\n"
                        b"groups: [{code: A, label: a}]\n")
    response = client.post("/catalogue/import", data={"file": (upload, "dm.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "không có trong danh sách nhóm" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(CatalogueItem.subject).where(CatalogueItem.code == "BH1")) == \
            "Phai nhạt lý tưởng cách mạng"
