"""Outbound messages: the invitation on publication goes out after the commit, through the configured sender."""
import sqlalchemy as sa

from forumsite import notify
from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.members.models import Member
from forumsite.notify.senders import LogSender, Message, SmtpSender, make_sender
from tests.helpers import plan_forum, publish


class RecordingGateway:
    """A province's SMS gateway, as NOTIFY_SENDER="module:Class" loads it."""

    def __init__(self, config):
        self.config = config


def _contacts(app, cell_id):
    with app.app_context():
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell_id).order_by(Member.id)).all()
        members[0].email = "an@xa.gov.vn"
        members[1].phone = "0912 345 678"
        db.session.commit()
        return members[0].full_name, members[1].full_name, len(members)


def test_publication_invites_members_with_an_address(client, auth, app, demo):
    first, second, total = _contacts(app, demo["cell_a"])
    auth.login("bithu")
    forum_id = plan_forum(client, demo["cell_a"])
    outbox = app.extensions["forumsite_notify"].outbox
    assert outbox == []
    publish(client, forum_id)
    assert [m.channel for m in outbox] == ["email", "sms"]
    mail, sms = outbox
    assert mail.to == "an@xa.gov.vn" and f"Kính gửi đồng chí {first}" in mail.body
    assert f"/f/{forum_id}" in mail.body and "15 tháng 12 năm 2026" in mail.body
    assert sms.to == "0912 345 678" and second in sms.body and len(sms.body) < 300
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "forum.invite"))
        assert entry.details["email"] == 1 and entry.details["sms"] == 1
        assert entry.details["without_address"] == total - 2


def test_the_invitation_is_vietnamese_whatever_the_chairs_language(client, auth, app, demo):
    _contacts(app, demo["cell_a"])
    auth.login("bithu")
    assert client.post("/lang", data={"lang": "en"}).status_code == 303
    forum_id = plan_forum(client, demo["cell_a"])
    publish(client, forum_id)
    assert "Giấy mời" in app.extensions["forumsite_notify"].outbox[0].subject


def test_a_rolled_back_change_sends_nothing(app):
    with app.app_context():
        db.session.scalar(sa.select(Member.id))  # a transaction under way, as in a request
        notify.queue(Message("email", "a@b.vn", "x", "y"))
        db.session.rollback()
        db.session.commit()
        assert app.extensions["forumsite_notify"].outbox == []
        notify.queue(Message("email", "a@b.vn", "x", "y"))
        db.session.commit()
        assert [m.to for m in app.extensions["forumsite_notify"].outbox] == ["a@b.vn"]


def test_the_sender_is_chosen_by_configuration():
    assert isinstance(make_sender({}), LogSender)
    assert isinstance(make_sender({"NOTIFY_SENDER": "smtp", "SMTP_HOST": "mail.tinh.vn"}), SmtpSender)
    gateway = make_sender({"NOTIFY_SENDER": "tests.test_notify:RecordingGateway", "SMS_URL": "u"})
    assert isinstance(gateway, RecordingGateway) and gateway.config["SMS_URL"] == "u"


def test_a_bad_address_is_refused_in_vietnamese(client, auth, app, demo):
    auth.login("bithu")
    with app.app_context():
        member_id = db.session.scalar(sa.select(Member.id).where(Member.cell_id == demo["cell_a"]))
    page = client.get(f"/members/{member_id}/edit").get_data(as_text=True)
    assert 'type="email"' in page and 'type="tel"' in page
    response = client.post(f"/members/{member_id}/edit", data={
        "full_name": "Nguyễn Văn A", "status": "chinh_thuc", "role": "dang_vien",
        "email": "khong-phai-thu", "phone": "abc"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Địa chỉ thư điện tử không hợp lệ" in body and "Số điện thoại chỉ gồm chữ số" in body
