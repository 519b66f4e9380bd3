"""Reading the secretary's one capture line (pure): the kind by prefix, the catalogue codes in it.

"gp: Mỗi tháng một buổi sinh hoạt chuyên đề BH3 NV2" is a solution (giải pháp) about manifestation 3
and key task 2. A prefix is one of the seven pairs of letters below, then a colon or a space ("GP Mỗi tháng…"):
no Vietnamese word is spelt with them, so ordinary words never trigger them; any other pair needs the colon to
be read as anything, and then it stays text.
"@hoang van duc: gp: …" names who said it, when it is not the person speaking (names.py finds the member).
Codes are tags, never prose: a recognised code leaves the text and is kept beside it, so that what becomes a
clause, a resolution, a task or a public page never states a code (a newcomer's BH19 on a harmless proposal
must not turn into "members relate themselves to BH19" in a signed document).
"""
from __future__ import annotations

import re

from ..safe_text import strip_controls

KINDS = ("giai_phap", "mo_hinh", "kien_nghi", "nguyen_nhan", "lien_he", "muc_tieu", "khac")
PREFIXES = {"gp": "giai_phap", "mh": "mo_hinh", "kn": "kien_nghi", "nn": "nguyen_nhan", "lh": "lien_he",
            "mt": "muc_tieu", "yk": "khac"}
KEYS = {str(i + 1): kind for i, kind in enumerate(KINDS)}  # Alt+1 … Alt+7 in the console

_PREFIX = re.compile(r"^\s*([A-Za-z]{2})(?:\s*:\s*|\s+(?=\S))", re.UNICODE)
# "@name:" at the very start; a name holds no colon, and is at most a member's name long.
_AUTHOR = re.compile(r"^\s*@([^:\n@]{1,120}):\s*", re.UNICODE)
_CODE = re.compile(r"(?<![\w])(BH|NV|CT)\s?0*(\d{1,2})(?![\w])", re.IGNORECASE | re.UNICODE)


_EMPTY_BRACKETS = re.compile(r"[(\[]\s*[,;]?\s*[)\]]")
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+([,.;:!?)\]])")
_REPEATED_MARK = re.compile(r"([,;])(\s*[,;])+")
_MARK_BEFORE_STOP = re.compile(r"[,;]\s*([.!?:])")


def _tidy(line: str) -> str:
    line = _EMPTY_BRACKETS.sub("", line)
    line = _REPEATED_MARK.sub(r"\1", " ".join(line.split()))
    line = _MARK_BEFORE_STOP.sub(r"\1", _SPACE_BEFORE_MARK.sub(r"\1", line))
    return line.lstrip(" ,;:").rstrip(" ,;")


def without_codes(text: str, known_codes: frozenset[str] | set[str]) -> str:
    """The text with the recognised catalogue codes taken out (and the punctuation they leave tidied)."""
    def drop(m: re.Match) -> str:
        return "" if f"{m.group(1).upper()}{int(m.group(2))}" in known_codes else m.group(0)

    lines = (_tidy(_CODE.sub(drop, part)) for part in text.splitlines())
    return "\n".join(part for part in lines if part)


def split_author(line: str) -> tuple[str, str]:
    """("the name typed after @", the rest of the line); ("", line) when the line names no one."""
    match = _AUTHOR.match(line or "")
    if not match or not match.group(1).strip():
        return "", line
    return " ".join(match.group(1).split()), line[match.end():]


def parse(line: str, default_kind: str, known_codes: frozenset[str] | set[str]) -> tuple[str, str, list[str]]:
    """(kind, text, codes) of a captured line: the known codes become tags and leave the text; unknown
    codes stay plain text."""
    # Spaces tidied within each line; the secretary's own line breaks (Shift+Enter) kept.
    _name, line = split_author(strip_controls(line))
    text = "\n".join(" ".join(part.split()) for part in line.splitlines() if part.strip())
    kind = default_kind if default_kind in KINDS else "khac"
    match = _PREFIX.match(text)
    if match and match.group(1).lower() in PREFIXES:
        kind = PREFIXES[match.group(1).lower()]
        text = text[match.end():]
    codes: list[str] = []
    for m in _CODE.finditer(text):
        code = f"{m.group(1).upper()}{int(m.group(2))}"
        if code in known_codes and code not in codes:
            codes.append(code)
    return kind, without_codes(text, known_codes) if codes else text.strip(), codes
