"""The forum's invitation to its members, sent when the forum is published (HD 12: documents reach members
at least a day before). A member with an e-mail address gets a mail; with only a phone number, an SMS."""
from __future__ import annotations

from flask_babel import gettext as _

from ..templating import long_date
from .senders import Message


def invitation_messages(forum, members, follow_url: str) -> list[Message]:
    subject = _("Giấy mời dự diễn đàn: %(title)s", title=forum.title)
    when = f"{forum.starts_at.strftime('%H:%M')}, {long_date(forum.held_on)}"
    place = forum.place or "—"
    messages = []
    for member in members:
        if member.email:
            body = _("Kính gửi đồng chí %(name)s,\n\nChi ủy trân trọng mời đồng chí dự diễn đàn “%(title)s” vào "
                     "lúc %(when)s tại %(place)s.\n\nChương trình và tài liệu: %(url)s\n",
                     name=member.full_name, title=forum.title, when=when, place=place, url=follow_url)
            messages.append(Message("email", member.email, subject, body))
        elif member.phone:
            body = _("Mời đ/c %(name)s dự diễn đàn chi bộ lúc %(when)s tại %(place)s. Tài liệu: %(url)s",
                     name=member.full_name, when=when, place=place, url=follow_url)
            messages.append(Message("sms", member.phone, subject, body))
    return messages
