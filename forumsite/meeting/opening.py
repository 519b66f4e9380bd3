"""The opening checks as the console says them (the rule itself: rules/opening.py)."""
from __future__ import annotations

from flask_babel import gettext as _

from ..clock import to_local, utcnow
from ..rules import opening
from ..vn import format_short_date


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return _("%(m)s phút", m=minutes)
    if not minutes:
        return _("%(h)s giờ", h=hours)
    return _("%(h)s giờ %(m)s phút", h=hours, m=minutes)


def warnings(forum) -> list[opening.OpeningWarning]:
    return opening.warnings(forum.held_on, forum.starts_at, to_local(utcnow()).replace(tzinfo=None))


def explain(forum, found: list[opening.OpeningWarning]) -> list[str]:
    """Each check that failed, in a sentence that names the dates and times involved."""
    today = to_local(utcnow()).date()
    day, now = format_short_date(forum.held_on), format_short_date(today)
    lines = []
    for warning in found:
        if warning.code == "early_day":
            lines.append(_("Diễn đàn này dự kiến tổ chức ngày %(day)s — chưa đến ngày (hôm nay là %(today)s).",
                           day=day, today=now))
        elif warning.code == "past_day":
            lines.append(_("Diễn đàn này dự kiến tổ chức ngày %(day)s — ngày đó đã qua (hôm nay là %(today)s).",
                           day=day, today=now))
        else:
            lines.append(_("Giờ bắt đầu dự kiến là %(start)s; đã quá giờ %(late)s.",
                           start=forum.starts_at.strftime("%H:%M"), late=_duration(warning.minutes_late)))
    return lines
