"""The reference catalogue: shipped data, reading page, admin edits with history, YAML round trip."""
import io

import pytest
import sqlalchemy as sa
import yaml

from forumsite.audit.models import AuditEntry
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
    assert items["BH1"]["certainty"] == "verified"
    assert items["BH1"]["text"].startswith("Phai nhạt lý tưởng cách mạng; dao động")
    assert items["BH19"]["text"].endswith("đòi thực hiện \"đa nguyên, đa đảng\".")
    for code in ("BH7", "BH10", "BH25"):
        assert items[code]["certainty"] == "unverified" and items[code]["text"] == "" and items[code]["subject"]
    # Partly quoted items keep only the quoted part, marked unfinished, and are not "verified".
    assert items["BH5"]["certainty"] == "single_source" and items["BH5"]["text"].endswith("…")
    assert all(i["certainty"] == "unverified" for i in items.values() if i["kind"] == "key_task")
    # Every wording rests on its sources.
    assert all(i["sources"] for i in items.values() if i["text"])


def test_catalogue_follows_the_december_2026_research():
    """research-2026-12.md §4: full BH6/BH27 from one source, fragments of BH13/BH26, corrected subjects,
    a second source for BH19–BH23, the term-task phrase, the 5-vs-10 question."""
    shipped = data.load_shipped()
    items = {i["code"]: i for i in shipped["items"]}
    assert items["BH27"]["subject"].startswith("Tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan")
    assert "tôn giáo" in items["BH27"]["subject"] and "dân tộc cực đoan" not in items["BH27"]["subject"]
    assert items["BH27"]["text"].startswith("Có tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan. Lợi dụng vấn đề")
    assert items["BH27"]["certainty"] == "single_source" and len(items["BH27"]["sources"]) == 1
    assert items["BH6"]["text"].startswith("Nói không đi đôi với làm; hứa nhiều làm ít; nói một đằng, làm một nẻo")
    assert items["BH6"]["certainty"] == "single_source"
    assert items["BH26"]["subject"].startswith("Phủ nhận vai trò lãnh đạo của Đảng đối với báo chí")
    for code in ("BH13", "BH26"):
        assert items[code]["certainty"] == "single_source" and "…" in items[code]["text"]
    assert "bệnh thành tích" in items["BH13"]["subject"]
    for code in ("BH19", "BH20", "BH21", "BH22", "BH23"):
        assert items[code]["certainty"] == "verified" and len(items[code]["sources"]) >= 2
    assert "nhất là đội ngũ cán bộ cấp chiến lược" in items["NV5"]["subject"]
    assert "các cấp" not in items["NV5"]["subject"]
    nv = next(g for g in shipped["groups"] if g["code"] == "NV")
    assert "5 nhiệm vụ trọng tâm" in nv["note"] and "10" in nv["note"] and len(nv["sources"]) >= 2


def test_old_files_with_a_verified_flag_still_import():
    document = data.parse("groups: [{code: G, label: g}]\nitems:\n"
                          "  - {code: X1, kind: key_task, number: 1, group: G, subject: s, text: t, verified: true,"
                          " source: 'NQ 04 (trích dẫn qua: http://a.example)'}\n"
                          "  - {code: X2, kind: key_task, number: 2, group: G, subject: s}\n")
    assert [i["certainty"] for i in document["items"]] == ["verified", "unverified"]
    assert document["items"][0]["sources"][0]["name"].startswith("NQ 04")


@pytest.mark.parametrize("text, problem", [
    ("items: 3", "thiếu danh sách items"),
    ("items:\n  - {code: X1, kind: other, number: 1, group: G, subject: s}", "loại không hợp lệ"),
    ("items:\n  - {code: X1, kind: key_task, number: one, group: G, subject: s}", "số nguyên"),
    ("items:\n  - {code: X1, kind: key_task, number: 1, subject: s}\n"
     "  - {code: X1, kind: key_task, number: 2, subject: t}", "bị trùng"),
    ("items: [\n", "YAML"),
    ("items:\n  - {code: X1, kind: key_task, number: 1, subject: s, certainty: sure}", "certainty phải là"),
    ("items:\n  - {code: X1, kind: key_task, number: 1, subject: s, certainty: verified}", "chưa có nguyên văn"),
    ("items:\n  - {code: X1, kind: key_task, number: 1, subject: s, text: t, certainty: single_source}",
     "ít nhất một nguồn"),
    ("items:\n  - {code: X1, kind: key_task, number: 1, subject: s, sources: abc}", "danh sách"),
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


def test_catalogue_page_shows_three_levels_of_certainty_with_sources(client, auth, demo):
    auth.login("dangvien")
    html = client.get("/catalogue/").get_data(as_text=True)
    for label in ("đã đối chiếu", "một nguồn", "chưa đối chiếu"):
        assert label in html
    assert "Tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan" in html  # BH27's corrected subject
    assert "5 nhiệm vụ trọng tâm" in html  # the open question stated where the key tasks are listed
    assert "tiengchuong123.blogspot.com" in html  # BH27's single source, named
    # Checked wording is a quotation; wording from one source is shown, labelled, never in quotation marks.
    assert "“Phản bác, phủ nhận chủ nghĩa Mác - Lênin" in html
    assert "“Có tư tưởng dân tộc hẹp hòi" not in html and "Có tư tưởng dân tộc hẹp hòi" in html
    assert "“Nói không đi đôi với làm" not in html
    detail = client.get("/catalogue/BH27").get_data(as_text=True)
    assert "không dùng làm trích dẫn" in detail and "https://tiengchuong123.blogspot.com/" in detail
    assert 'href="https://tiengchuong123.blogspot.com/' in detail


def test_admin_replaces_wording_with_the_official_text_and_the_history_keeps_both(client, auth, app, demo):
    auth.login("admin")
    form = client.get("/catalogue/BH27/edit").get_data(as_text=True)
    assert "tiengchuong123.blogspot.com" in form  # the sources come back one per line
    official = "Có tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan (bản chính thức)."
    response = client.post("/catalogue/BH27/edit", data={
        "subject": "Tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan", "text": official, "certainty": "verified",
        "source": "Văn kiện Hội nghị TW4 khóa XII, tr. 40",
        "sources": "Văn kiện Hội nghị lần thứ tư BCH TW khóa XII | | NXB CTQG 2016, tr. 40\n"
                   "Bài trích | javascript:alert(1) | ", "note": ""})
    assert response.status_code == 303
    with app.app_context():
        item = db.session.scalar(sa.select(CatalogueItem).where(CatalogueItem.code == "BH27"))
        assert item.certainty == "verified" and item.text == official and len(item.sources) == 2
        change = db.session.scalar(sa.select(CatalogueChange).where(CatalogueChange.item_id == item.id))
        assert change.before["text"].startswith("Có tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan. Lợi dụng")
        assert change.before["certainty"] == "single_source" and change.after["text"] == official
        assert change.username == "admin"
        audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "catalogue.edit"))
        assert audit is not None and "text" in audit.details["changed"]
    auth.logout()
    auth.login("dangvien")
    html = client.get("/catalogue/BH27").get_data(as_text=True)
    # The previous wording stays readable on the item's page; the new, checked one is now a quotation.
    assert "Lịch sử thay đổi" in html and "Lợi dụng vấn đề" in html and f"“{official}”" in html
    assert 'href="javascript' not in html


def test_a_certainty_needs_wording_and_sources(client, auth, app, demo):
    auth.login("admin")
    bad = client.post("/catalogue/BH7/edit", data={"subject": "Áp đặt", "text": "", "certainty": "verified",
                                                   "sources": ""})
    assert bad.status_code == 422 and "phải là “chưa đối chiếu”" in bad.get_data(as_text=True)
    bad = client.post("/catalogue/BH7/edit", data={"subject": "Áp đặt", "text": "Nguyên văn.",
                                                   "certainty": "single_source", "sources": ""})
    assert bad.status_code == 422 and "ít nhất một nguồn" in bad.get_data(as_text=True)
    bad = client.post("/catalogue/BH7/edit", data={"subject": "Áp đặt", "certainty": "chắc chắn"})
    assert bad.status_code == 422
    bad = client.post("/catalogue/BH6/edit", data={"subject": "", "text": "x", "certainty": "unverified"})
    assert bad.status_code == 422 and "Vui lòng nhập chủ đề." in bad.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(sa.select(sa.func.count(CatalogueChange.id)))


def test_export_then_import_round_trip_updates_by_code(client, auth, app, demo):
    auth.login("admin")
    exported = client.get("/catalogue/export.yaml").get_data(as_text=True)
    document = yaml.safe_load(exported)
    assert len(document["items"]) == 38
    for item in document["items"]:
        if item["code"] == "NV3":
            item["subject"] = "Xây dựng Đảng về đạo đức (đã sửa)"
    document["items"].append({"code": "CT08", "kind": "directive", "number": 8, "group": "CT",
                              "subject": "Một chỉ thị khác", "text": "", "certainty": "unverified", "source": ""})
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


def test_an_installed_catalogue_takes_the_shipped_corrections_but_keeps_the_administrators(app, demo):
    """init-db on a database seeded before the December 2026 research: BH27 gets its corrected subject and
    wording; an item an administrator edited keeps the administrator's version."""
    from forumsite.catalogue import actions

    with app.app_context():
        items = {i.code: i for i in db.session.scalars(sa.select(CatalogueItem))}
        old = items["BH27"]
        old.subject, old.text, old.certainty, old.sources = "Tư tưởng dân tộc cực đoan, dân tộc hẹp hòi", "", \
            "unverified", []
        actions.edit_item(items["BH6"], subject="Chủ đề của quản trị viên", text="", certainty="unverified",
                          source="", sources=[])
        db.session.commit()
        assert actions.seed_catalogue() >= 1
        db.session.commit()
        bh27 = db.session.scalar(sa.select(CatalogueItem).where(CatalogueItem.code == "BH27"))
        assert bh27.subject.startswith("Tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan")
        assert bh27.certainty == "single_source" and bh27.text.startswith("Có tư tưởng dân tộc hẹp hòi")
        assert bh27.changes[0].reason == "shipped" and bh27.changes[0].before["subject"] == \
            "Tư tưởng dân tộc cực đoan, dân tộc hẹp hòi"
        assert db.session.scalar(sa.select(CatalogueItem.subject).where(CatalogueItem.code == "BH6")) == \
            "Chủ đề của quản trị viên"
        assert actions.seed_catalogue() == 0  # nothing left to do the second time
