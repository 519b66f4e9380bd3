"""How sure a catalogue wording is, and how it may be shown (no Flask request, no database).

Only wording that is checked (``verified``) is ever shown as the Party's text in quotation marks;
wording from a single reproduction and the short subjects are shown as such, labelled.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

CERTAINTY_LABELS = {
    "verified": _l("đã đối chiếu"),
    "single_source": _l("một nguồn"),
    "unverified": _l("chưa đối chiếu"),
}
CERTAINTY_HINTS = {
    "verified": _l("Nguyên văn thấy ở ít nhất hai bản trích dẫn độc lập, hoặc đã đối chiếu với văn bản chính thức."),
    "single_source": _l("Thấy nguyên văn ở một bản trích dẫn duy nhất: chưa đối chiếu với văn bản chính thức, "
                        "không dùng làm trích dẫn."),
    "unverified": _l("Chưa tìm thấy nguyên văn: chỉ có chủ đề do người biên soạn diễn đạt tóm tắt."),
}
ELLIPSES = ("…", "...")
MAX_SOURCES = 20


def is_excerpt(text: str) -> bool:
    """Only part of the item was found: the wording begins or ends with an ellipsis."""
    text = (text or "").strip()
    return bool(text) and (text.startswith(ELLIPSES) or text.endswith(ELLIPSES))


def quotable(certainty: str, text: str) -> bool:
    """May this wording be printed in quotation marks as the Party's own text?"""
    return certainty == "verified" and bool((text or "").strip())


def certainty_problem(certainty: str, text: str, sources: list) -> str | None:
    """Why this combination cannot be saved, or None. A certainty is a claim about some wording,
    and it rests on the reproductions it was read in."""
    if not isinstance(certainty, str) or certainty not in CERTAINTY_LABELS:
        return "certainty"
    if certainty != "unverified" and not (text or "").strip():
        return "no_text"
    if certainty != "unverified" and not sources:
        return "no_source"
    return None


def safe_url(url: str) -> str:
    """Only web addresses become links (never javascript: or data:)."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def clean_sources(raw) -> list[dict]:
    """The sources of an item as stored: a list of {name, url, note}, strings trimmed, empty ones dropped."""
    out = []
    for entry in raw or []:
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            continue
        source = {key: str(entry.get(key) or "").strip() for key in ("name", "url", "note")}
        if source["name"] or source["url"]:
            out.append(source)
    return out[:MAX_SOURCES]


def sources_from_lines(text: str) -> list[dict]:
    """The edit form's sources: one per line, ``tên | địa chỉ | ghi chú`` (address and note optional)."""
    entries = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|", 2)]
        if not any(parts):
            continue
        parts += [""] * (3 - len(parts))
        name, url, note = parts
        if not url and safe_url(name):
            name, url = "", name
        entries.append({"name": name or url, "url": url, "note": note})
    return clean_sources(entries)


def sources_to_lines(sources: list[dict]) -> str:
    lines = []
    for s in clean_sources(sources):
        parts = [s["name"], s["url"], s["note"]]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


FIELD_LABELS = {
    "subject": _l("Chủ đề"), "text": _l("Nguyên văn"), "certainty": _l("Mức độ chắc chắn"),
    "verified": _l("Mức độ chắc chắn"), "source": _l("Văn bản gốc"), "sources": _l("Nguồn trích dẫn"),
    "note": _l("Ghi chú đối chiếu"),
}


def change_value(key: str, value) -> str:
    """One value of a history entry, in words (entries written before certainty existed say verified)."""
    if key == "certainty":
        return str(CERTAINTY_LABELS.get(value, value))
    if key == "verified":
        return str(CERTAINTY_LABELS["verified" if value else "unverified"])
    if key == "sources":
        return "; ".join(s["name"] or s["url"] for s in clean_sources(value)) or "—"
    return str(value) if value not in (None, "") else "—"
