"""Every state change of the offline way of working, one named function each, audited on the side it happens."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.models import record
from ..clock import to_local, utcnow
from ..extensions import db
from ..refusals import Refusal
from . import checkin, laptop, package, snapshot
from .models import ForumCheckout, LaptopCopy, OfflineCheckin


class CheckedOut(Refusal):
    """A live change to a forum held on a laptop: 409, saying where it is and since when."""

    def __init__(self, checkout: ForumCheckout):
        super().__init__("checked_out", status=409)
        self.checkout = checkout

    @property
    def message(self) -> str:
        c = self.checkout
        return _("Diễn đàn đang được tổ chức trên máy %(where)s từ %(when)s (do %(who)s mang đi); mọi thay đổi "
                 "làm trên máy đó rồi gửi biên bản về, hoặc bí thư thu hồi diễn đàn trên trang diễn đàn.",
                 where=c.destination or _("ở phòng họp"), when=to_local(c.at).strftime("%H:%M %d/%m/%Y"),
                 who=c.username)


def require_here(forum) -> None:
    """The one check of a live change on the server: refused while the forum is on a laptop."""
    if forum.checkout_id is not None and forum.checkout is not None and forum.checkout.active:
        raise CheckedOut(forum.checkout)


def check_out(forum, destination: str, user=None) -> tuple[ForumCheckout, bytes]:
    """The chair takes a published forum that has not begun to the meeting room: marked, and its package made."""
    require_here(forum)
    if forum.status != "published" or forum.opened_at is not None:
        raise Refusal("offline_not_checkable")
    checkout = ForumCheckout(forum_id=forum.id, username=getattr(user, "username", "") or "cli",
                             destination=destination.strip()[:300], base=snapshot.base_of(forum))
    db.session.add(checkout)
    db.session.flush()
    forum.checkout_id = checkout.id
    data, files = snapshot.package_data(forum, user)
    content = package.write("package", checkout.uuid, forum.uuid, data, files)
    record("offline.checkout", forum, organisation_id=forum.cell_id, actor=user, forum_id=forum.id,
           destination=checkout.destination, package=checkout.uuid)
    return checkout, content


def package_again(forum, user=None) -> bytes:
    """The same check-out's package once more (a lost download): the forum as it was checked out."""
    checkout = forum.checkout
    if checkout is None or not checkout.active:
        raise Refusal("offline_not_out", status=409)
    data, files = snapshot.package_data(forum, user)
    data["base"] = checkout.base
    record("offline.package", forum, organisation_id=forum.cell_id, actor=user, forum_id=forum.id,
           package=checkout.uuid)
    return package.write("package", checkout.uuid, forum.uuid, data, files)


def cancel_checkout(forum, user=None) -> ForumCheckout:
    """Thu hồi: the chair takes the forum back; the server accepts changes again."""
    checkout = forum.checkout
    if checkout is None or not checkout.active:
        raise Refusal("offline_not_out", status=409)
    checkout.cancelled_at, checkout.cancelled_by = utcnow(), getattr(user, "username", "") or "cli"
    forum.checkout_id = None
    record("offline.cancel", forum, organisation_id=forum.cell_id, actor=user, forum_id=forum.id,
           package=checkout.uuid, destination=checkout.destination)
    return checkout


def import_package(content: bytes, user=None):
    """On the laptop: the forum from its package, ready to run."""
    opened = package.read(content, "package")
    forum = laptop.import_package(opened)
    record("offline.import", forum, organisation_id=forum.cell_id, actor=user, forum_id=forum.id,
           package=opened.manifest["id"], source=opened.manifest.get("source", ""))
    return forum


def export_record(forum, user=None) -> bytes:
    """On the laptop: the forum's record, signed, to send back."""
    copy = db.session.scalar(sa.select(LaptopCopy).where(LaptopCopy.forum_id == forum.id))
    if copy is None:
        raise Refusal("offline_not_imported")
    data, files = laptop.record_data(forum, copy)
    ident = laptop.record_id({"data": data, "files": sorted(files)})
    return package.write("record", ident, forum.uuid, data, files)


def export_audited(forum, user=None) -> bytes:
    """The export is itself on the laptop's trail, and that entry travels in the record it wrote."""
    record("offline.export", forum, organisation_id=forum.cell_id, actor=user, forum_id=forum.id)
    db.session.flush()
    return export_record(forum, user)


def open_record(content: bytes, forum=None):
    """The checked record and the server's forum it belongs to (``forum``: the page it was sent from)."""
    opened = package.read(content, "record")
    found = checkin.forum_of(opened)
    if forum is not None and found.id != forum.id:
        raise Refusal("offline_other_forum")
    return opened, found


def already_received(opened) -> OfflineCheckin | None:
    return db.session.scalar(sa.select(OfflineCheckin).where(OfflineCheckin.record_uuid == opened.manifest["id"]))


def check_in(forum, opened, user=None, accepted: list | None = None) -> OfflineCheckin:
    """On the server: the laptop's record applied (in the caller's one transaction), the check-out returned."""
    outcome = checkin.apply(forum, opened)
    notes = outcome.notes + [{"code": "accepted", "what": w, "name": n, "how": h} for w, n, h in (accepted or [])]
    entry = OfflineCheckin(record_uuid=opened.manifest["id"], forum_id=forum.id,
                           source=str(opened.manifest.get("source", ""))[:200],
                           username=getattr(user, "username", "") or "cli", counts=outcome.counts, notes=notes)
    db.session.add(entry)
    checkout = forum.checkout
    if checkout is not None and checkout.active:
        checkout.returned_at = utcnow()
    forum.checkout_id = None
    record("offline.checkin", forum, organisation_id=forum.cell_id, actor=user, forum_id=forum.id,
           record=entry.record_uuid, source=entry.source, counts=outcome.counts, notes=notes)
    return entry
