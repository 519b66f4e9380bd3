"""Issue 17, what can go wrong between the server and the meeting room: tampered or foreign files, a forum that
changed on the server meanwhile, a document number given twice, a check-out taken back. The laptop here is a
second app in this process with its own SQLite (tests/test_offline.py runs it as its own process)."""
from __future__ import annotations

import io
import json
import zipfile
from io import BytesIO

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.refusals import Refusal

from .helpers import make_app, plan_forum_of_cell_a

KEY = "test-province-offline-key"


@pytest.fixture
def server(app, demo, auth):
    app.config["OFFLINE_SIGNING_KEY"] = KEY
    forum_id = plan_forum_of_cell_a(app, demo)
    auth.login("bithu")
    return app, forum_id


@pytest.fixture
def laptop(tmp_path):
    from forumsite.demo import seed_reference_data

    app = make_app(tmp_path / "laptop", None, OFFLINE_SIGNING_KEY=KEY, OFFLINE_SOURCE_NAME="may-hop")
    with app.app_context():
        seed_reference_data()
        db.session.commit()
    return app


def check_out(client, forum_id: int) -> bytes:
    answer = client.post(f"/forums/{forum_id}/offline/checkout", data={"destination": "Nhà văn hóa"})
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    return answer.data


def check_in(client, forum_id: int, content: bytes, **headers):
    return client.post(f"/forums/{forum_id}/offline/checkin", data={"record": (BytesIO(content), "r.zip")},
                       content_type="multipart/form-data", headers=headers)


def hold(laptop, package: bytes, *, adopt_minutes: bool = False) -> bytes:
    """Import, open, mark everyone present, capture two proposals, conclude (and adopt minutes), export."""
    from forumsite.followup import actions as followup
    from forumsite.meeting import actions as meeting
    from forumsite.offline import actions

    with laptop.app_context():
        forum = actions.import_package(package)
        db.session.commit()
        meeting.open_forum(forum)
        meeting.mark_rest_present(forum)
        for i in range(2):
            meeting.capture_proposal(forum, f"k{i}", f"gp: Giải pháp {i}", "giai_phap", set())
        meeting.conclude(forum)
        if adopt_minutes:
            document = followup.create_document(forum, "BB", [("noi_dung", "Nội dung", "Biên bản diễn đàn.")])
            db.session.flush()
            followup.adopt_document(forum, document)
        db.session.commit()
        content = actions.export_audited(forum)
        db.session.commit()
        return content


def rezip(content: bytes, change) -> bytes:
    """The same ZIP with ``change(name, bytes) -> bytes`` applied to each member."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return out.getvalue()


# --- tampering --------------------------------------------------------------------------------------------------

def test_a_tampered_record_is_refused_with_the_reason(server, client, laptop):
    app, forum_id = server
    record = hold(laptop, check_out(client, forum_id))
    edited = rezip(record, lambda n, b: b.replace("Giải pháp 1".encode(), "Giải pháp X".encode())
                   if n == "record.json" else b)
    answer = check_in(client, forum_id, edited, **{"HX-Request": "true"})
    assert answer.status_code == 422
    assert "không khớp với bản kê" in answer.get_data(as_text=True)
    # Rewriting the manifest's hash too breaks the signature.
    def both(name, data):
        if name == "record.json":
            return data.replace("Giải pháp 1".encode(), "Giải pháp X".encode())
        if name == "manifest.json":
            manifest = json.loads(data)
            from forumsite.rules.offline import sha256

            manifest["files"]["record.json"] = sha256(zipfile.ZipFile(io.BytesIO(record)).read("record.json")
                                                      .replace("Giải pháp 1".encode(), "Giải pháp X".encode()))
            return json.dumps(manifest).encode()
        return data
    answer = check_in(client, forum_id, rezip(record, both), **{"HX-Request": "true"})
    assert answer.status_code == 422
    assert "Chữ ký của tệp không khớp" in answer.get_data(as_text=True)
    # Not a ZIP; a package where a record is expected.
    assert check_in(client, forum_id, b"%PDF-1.4 no", **{"HX-Request": "true"}).status_code == 422
    with app.app_context():
        from forumsite.meeting.models import Proposal
        from forumsite.planning.models import Forum

        assert db.session.get(Forum, forum_id).checkout_id is not None  # nothing was applied
        assert not db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == forum_id)).all()


def test_a_package_signed_with_another_key_or_of_the_wrong_kind_is_refused_on_the_laptop(server, client, laptop):
    from forumsite.offline import actions

    package = check_out(client, server[1])
    laptop.config["OFFLINE_SIGNING_KEY"] = "another-province-key-000"
    with laptop.app_context(), laptop.test_request_context():
        with pytest.raises(Refusal) as refused:
            actions.import_package(package)
        assert refused.value.code == "offline_bad_signature" and refused.value.status == 422
    laptop.config["OFFLINE_SIGNING_KEY"] = KEY
    with laptop.app_context():
        with pytest.raises(Refusal) as refused:
            actions.open_record(package)
        assert refused.value.code == "offline_wrong_kind"


# --- while away -------------------------------------------------------------------------------------------------

def test_while_away_the_server_refuses_changes_and_the_chair_can_take_it_back(server, client):
    from forumsite.audit.models import AuditEntry

    app, forum_id = server
    check_out(client, forum_id)
    refused = client.post(f"/forums/{forum_id}/guests", data={"name": "Khách", "category": "other"},
                          headers={"HX-Request": "true"})
    assert refused.status_code == 409 and "Nhà văn hóa" in refused.get_data(as_text=True)
    page = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "Thu hồi" in page and "Nhà văn hóa" in page
    assert client.post(f"/forums/{forum_id}/offline/cancel").status_code == 303
    assert client.post(f"/forums/{forum_id}/guests", data={"name": "Khách", "category": "other"}).status_code == 303
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.object_id == forum_id,
                                                                            AuditEntry.object_type == "Forum")))
        assert {"offline.checkout", "offline.cancel"} <= actions


# --- conflicts ----------------------------------------------------------------------------------------------------

def test_changes_on_the_server_are_shown_and_the_chair_decides(server, client, laptop, demo):
    from forumsite.meeting.models import Proposal
    from forumsite.members.actions import create_member
    from forumsite.org.models import Organisation
    from forumsite.planning.models import Forum

    app, forum_id = server
    record = hold(laptop, check_out(client, forum_id))
    assert client.post(f"/forums/{forum_id}/offline/cancel").status_code == 303
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.agenda[0].title = "Khai mạc (đã sửa trên máy chủ)"
        create_member(db.session.get(Organisation, demo["cell_a"]), {"full_name": "Lê Văn Mới", "status": "du_bi"})
        db.session.commit()
    shown = check_in(client, forum_id, record)
    page = shown.get_data(as_text=True)
    assert shown.status_code == 409
    assert "Lê Văn Mới" in page and "Khai mạc (đã sửa trên máy chủ)" in page and "thu hồi" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    stopped = client.post(f"/forums/{forum_id}/offline/checkin/confirm", data={"token": token, "decision": "stop"})
    assert stopped.status_code == 303
    with app.app_context():
        assert db.session.get(Forum, forum_id).status == "published"
    shown = check_in(client, forum_id, record)
    token = shown.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    accepted = client.post(f"/forums/{forum_id}/offline/checkin/confirm", data={"token": token, "decision": "accept"},
                           follow_redirects=True)
    assert "Đã nhận biên bản" in accepted.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, forum_id).status == "concluded"
        assert len(db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == forum_id)).all()) == 2


def test_a_number_given_on_the_server_meanwhile_is_given_once(server, client, laptop, app, demo):
    from forumsite.followup import actions as followup
    from forumsite.followup.models import PartyDocument
    from forumsite.planning.models import Forum

    app, forum_id = server

    def minutes_on_server(fid):
        with app.app_context():
            forum = db.session.get(Forum, fid)
            document = followup.create_document(forum, "BB", [("noi_dung", "Nội dung", "Biên bản khác.")])
            db.session.flush()
            followup.adopt_document(forum, document)
            db.session.commit()
            return document.number

    assert minutes_on_server(plan_forum_of_cell_a(app, demo)) == 1
    package = check_out(client, forum_id)
    assert minutes_on_server(plan_forum_of_cell_a(app, demo)) == 2  # numbered on the server while away
    record = hold(laptop, package, adopt_minutes=True)
    with laptop.app_context():
        # The laptop numbered after what the server had when the forum left (the package's numbering state).
        assert db.session.scalar(sa.select(PartyDocument.number)) == 2
    answer = check_in(client, forum_id, record, **{})
    assert answer.status_code == 303
    with app.app_context():
        numbers = sorted(db.session.scalars(sa.select(PartyDocument.number).where(PartyDocument.kind == "BB")))
        assert numbers == [1, 2, 3]
        mine = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum_id))
        assert mine.number == 3
    page = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "Số 02-BB/CB" in page and "Số 03-BB/CB" in page


# --- the direct mode --------------------------------------------------------------------------------------------

def test_the_laptop_fetches_and_sends_by_itself_with_the_chairs_account(app, demo, live_server, laptop):
    from forumsite.audit.models import AuditEntry
    from forumsite.meeting import actions as meeting
    from forumsite.meeting.models import Proposal
    from forumsite.planning.models import Forum

    app.config.update(OFFLINE_SIGNING_KEY=KEY, WTF_CSRF_ENABLED=True)  # as in production: login and CSRF
    forum_id = plan_forum_of_cell_a(app, demo)
    runner = laptop.test_cli_runner()
    login = ["--server", live_server, "--user", "bithu", "--password", "demo12345"]
    wrong = runner.invoke(args=["forum-fetch", *login[:4], "--password", "sai-mat-khau", "--forum", str(forum_id)])
    assert wrong.exit_code != 0 and "Đăng nhập máy chủ không thành công" in wrong.output
    fetched = runner.invoke(args=["forum-fetch", *login, "--forum", str(forum_id), "--to", "Máy xách tay chi bộ"])
    assert fetched.exit_code == 0, fetched.output
    with app.app_context():
        assert db.session.get(Forum, forum_id).checkout.destination == "Máy xách tay chi bộ"
    with laptop.app_context():
        forum = db.session.scalar(sa.select(Forum))
        meeting.open_forum(forum)
        meeting.mark_rest_present(forum)
        meeting.capture_proposal(forum, "k1", "gp: Gửi thẳng về máy chủ", "giai_phap", set())
        meeting.conclude(forum)
        db.session.commit()
        laptop_forum = forum.id
    sent = runner.invoke(args=["forum-send", str(laptop_forum), *login])
    assert sent.exit_code == 0 and "Đã nhận biên bản" in sent.output, sent.output
    again = runner.invoke(args=["forum-send", str(laptop_forum), *login])
    assert again.exit_code == 0, again.output
    with app.app_context():
        assert db.session.get(Forum, forum_id).status == "concluded"
        assert db.session.scalars(sa.select(Proposal.text).where(Proposal.forum_id == forum_id)).all() == [
            "Gửi thẳng về máy chủ"]
        captures = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "proposal.capture")).all()
        assert len([e for e in captures if e.details.get("from_laptop")]) == 1  # sent twice, in the trail once


def test_a_newer_package_replaces_a_forum_not_begun_and_the_cli_applies_a_record_once(server, client, laptop,
                                                                                        tmp_path):
    from forumsite.meeting import actions as meeting
    from forumsite.offline import actions
    from forumsite.planning.models import Forum

    app, forum_id = server
    package = check_out(client, forum_id)
    again = client.post(f"/forums/{forum_id}/offline/package")
    assert again.status_code == 200 and again.mimetype == "application/zip"
    with laptop.app_context():
        actions.import_package(package)
        db.session.commit()
        forum = actions.import_package(again.data)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Forum.id))) == 1
        meeting.open_forum(forum)
        db.session.commit()
        with pytest.raises(Refusal) as refused:
            actions.import_package(package)
        assert refused.value.code == "offline_already_here" and refused.value.status == 409
        db.session.rollback()
        meeting.conclude(db.session.get(Forum, forum.id))
        db.session.commit()
        (tmp_path / "record.zip").write_bytes(actions.export_audited(db.session.get(Forum, forum.id)))
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["forum-import", str(tmp_path / "record.zip")])
    assert first.exit_code == 0 and "Đã nhận biên bản" in first.output, first.output
    second = runner.invoke(args=["forum-import", str(tmp_path / "record.zip")])
    assert "đã nhận trước đó" in second.output
    with app.app_context():
        assert db.session.get(Forum, forum_id).status == "concluded"


def test_a_signed_record_of_the_wrong_shape_is_refused_in_words(server, client):
    from forumsite.offline import package
    from forumsite.offline.snapshot import base_of
    from forumsite.planning.models import Forum

    app, forum_id = server
    check_out(client, forum_id)
    with app.test_request_context():
        forum_uuid = db.session.get(Forum, forum_id).uuid
        base = base_of(db.session.get(Forum, forum_id))  # nothing differs: the shape alone is at fault
        shapes = [{"record": {"forum": {"uuid": forum_uuid, "status": "concluded"}, "attendance": [1, [2]]},
                   "base": {"roll": [{"no": "uuid"}]}},
                  {"record": {"forum": {"uuid": forum_uuid, "status": "concluded"},
                              "proposal": [{"uuid": ["x"], "text": 3}]}, "audit": "x", "base": base},
                  {"record": ["not", "a", "record"], "base": base}]
        files = [package.write("record", f"r{n}", forum_uuid, data, {}) for n, data in enumerate(shapes)]
    for content in files:
        answer = check_in(client, forum_id, content, **{"HX-Request": "true"})
        assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
        assert "không hợp lệ" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, forum_id).status == "published"


@pytest.mark.parametrize("destination", ["", "\x00\x01", "³" * 5, "x" * 301, "<script>alert(1)</script>",
                                         "{{ 7*7 }}", "Nhà văn hóa\r\nthôn"])
def test_the_check_out_form_takes_any_text_without_a_500(server, client, destination):
    _app, forum_id = server
    answer = client.post(f"/forums/{forum_id}/offline/checkout", data={"destination": destination})
    assert answer.status_code in (200, 303, 400), answer.status_code  # 400: control characters, in words
    page = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "49" not in page.split('id="offline"')[1][:2000]
