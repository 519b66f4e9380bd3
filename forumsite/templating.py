"""Jinja filters and globals: Vietnamese dates and numbers, labels, the CSRF token for htmx."""
from __future__ import annotations

import re

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from . import vn
from .clock import to_local


def number(value) -> str:
    """1.234 in Vietnamese, 1,234 in English."""
    if value is None:
        return ""
    text = f"{value:,}"
    return text.replace(",", ".") if str(get_locale()) == "vi" else text


def decimal(value, digits: int = 1) -> str:
    """92,9 in Vietnamese, 92.9 in English."""
    from babel.numbers import format_decimal

    return format_decimal(round(value, digits), format="#,##0." + "0" * digits, locale=str(get_locale()))


def percent(value, digits: int = 0) -> str:
    """A share as "87 %"; a dash when there was nothing to measure (never a misleading 0 %)."""
    if value is None:
        return "—"
    return decimal(value * 100, digits).rstrip() + " %" if digits else f"{round(value * 100)} %"


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def readable_json(value) -> str:
    """Audit details as people read them: Vietnamese letters rather than escapes, dates as dd/mm/yyyy
    (autoescaped in the page; the stored details and the CSV export keep ISO dates)."""
    import json

    return _ISO_DATE.sub(r"\3/\2/\1", json.dumps(value, ensure_ascii=False, default=str))


def long_date(value) -> str:
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return vn.format_date(value)
    return value.strftime("%d %B %Y")


def short_date(value) -> str:
    return vn.format_short_date(value)


def local_time(value, fmt: str = "%H:%M %d/%m/%Y") -> str:
    local = to_local(value)
    return local.strftime(fmt) if local else ""


def register(app: Flask) -> None:
    app.jinja_env.filters.update(number=number, long_date=long_date, short_date=short_date,
                                 local_time=local_time, vn_date=vn.format_date, decimal=decimal,
                                 readable_json=readable_json, percent=percent)
    from .catalogue import tags
    from .meeting.labels import tally_subject

    app.jinja_env.globals.update(code_subject=tags.subject, code_short=tags.short_subject,
                                 catalogue_tags=tags.all_short, tally_subject=tally_subject)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _vocabularies():
        """The vocabularies named once (rules/ and the areas' labels), so that no template spells a status
        subset, a document's name or a length limit again."""
        from .followup.labels import DOCUMENT_KIND_LABELS
        from .followup.models import LIMITS as FOLLOWUP_LIMITS
        from .oversight.models import LIMITS as OVERSIGHT_LIMITS
        from .rules import documents, voting
        from .rules import planning as forum_rules

        return {
            "forum_statuses": forum_rules.STATUS_SETS,
            "document_titles": documents.KINDS,
            "document_paper_names": documents.PAPER_NAMES,
            "document_subject": documents.subject_line,
            "document_kind_labels": DOCUMENT_KIND_LABELS,
            "tally_methods": {"COUNT_ALL": voting.COUNT_ALL, "COUNT_MINORITY": voting.COUNT_MINORITY},
            "limits": {"followup": FOLLOWUP_LIMITS, "oversight": OVERSIGHT_LIMITS},
        }

    @app.context_processor
    def _globals():
        from . import scoping
        from .followup.labels import who
        from .members.labels import FLAG_LABELS, MEMBER_STATUS_LABELS, ROLE_LABELS

        return {
            "flag_label": lambda code: FLAG_LABELS.get(code, code),
            "status_label": lambda code: MEMBER_STATUS_LABELS.get(code, code),
            "role_label": lambda code: ROLE_LABELS.get(code, code),
            "current_lang": str(get_locale()),
            "can_manage_cell": lambda cell: scoping.can_manage_cell(current_user, cell),
            "can_oversee": lambda org: scoping.can_oversee(current_user, org),
            "who": who,
        }
