"""Numbering and naming of a cell's Party documents (HD 36-HD/VPTW; document_format.md §2, §7). Pure.

"ghi liên tục từ số 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp uỷ": each kind of document
(NQ, BB, BC…) is numbered on its own, from 01, and the numbering restarts with each term of the cell.
"""
from __future__ import annotations

import datetime as dt
import re

KINDS = {"NQ": "NGHỊ QUYẾT", "BB": "BIÊN BẢN", "BC": "BÁO CÁO"}  # BC: common usage, unverified (§7)
# The kind's name in a sentence or a page title of the printed document (always Vietnamese, like the document).
PAPER_NAMES = {"NQ": "Nghị quyết", "BB": "Biên bản", "BC": "Báo cáo"}
# A document's life: a draft edited section by section, then adopted — locked and numbered (corrections only).
DRAFT, ADOPTED = "draft", "adopted"
# The cell's abbreviation after the slash: "CB" is common usage, unverified in HD 36 (§2) — a setting.
DEFAULT_ISSUER_ABBREVIATION = "CB"


def term_start(on: dt.date, term_starts: list[dt.date]) -> dt.date | None:
    """The start of the term that ``on`` falls in (the latest start not after it)."""
    earlier = [t for t in term_starts if t <= on]
    return max(earlier) if earlier else None


def next_number(numbers_in_term: list[int]) -> int:
    """The next number of a kind within a term: one more than the highest, from 01."""
    return max(numbers_in_term, default=0) + 1


def symbol(number: int, kind: str, issuer: str = DEFAULT_ISSUER_ABBREVIATION) -> str:
    """'Số 01-NQ/CB': two digits at least, no colon after 'Số' in Party documents."""
    if kind not in KINDS:
        raise ValueError(kind)
    return f"Số {number:02d}-{kind}/{issuer}"


def adoption_line(votes_for: int, eligible: int) -> str:
    """'… với 9/11 đảng viên chính thức tán thành (81,8%).': one wording and one rounding (figures.py)."""
    from .figures import adoption_line as line

    return line(votes_for, eligible)


# --- the check before a document is adopted, approved or sent (issue 14 item 5) -----------------------------

# What a draft still waiting for a hand looks like: "……, ngày", "- …", "[tên]", "Số    -NQ/CB".
PLACEHOLDER_MARKS = ("…", "...", "[")
_UNNUMBERED = re.compile(r"Số\s*-")
_FRACTION = re.compile(r"(?<![\d/.,])(\d{1,6})/(\d{1,6})(?![\d/])(?=\s*(?:\(|đảng viên))")
_PERCENT_AFTER = re.compile(r"[^()\n%]{0,80}?\((?:tỷ lệ\s*)?(\d+(?:,\d+)?)\s*%\)")
# Written from the vote when the document is adopted: its "…/…" is expected until then.
FILLED_AT_ADOPTION = frozenset({"thong_qua"})


def figure_problems(text: str, fractions: set[tuple[int, int]]) -> list[str]:
    """Each 'a/b' the record does not know, and each percentage that is not its fraction's."""
    from .figures import percent

    found = []
    for m in _FRACTION.finditer(text):
        part, whole = int(m.group(1)), int(m.group(2))
        if (part, whole) not in fractions:
            found.append(f"{part}/{whole}")
            continue
        after = _PERCENT_AFTER.match(text, m.end())
        if after and f"{after.group(1)}%" != percent(part, whole):
            found.append(f"{part}/{whole} ({after.group(1)}%)")
    return found


def adoption_problems(sections: list[tuple[str, str, str]], place_name: str, signer: str,
                      fractions: set[tuple[int, int]], adopted: bool = False) -> list[tuple[str, str]]:
    """(code, where) of what stops a document from being locked and numbered (or, ``adopted``, a correction
    from being kept); empty when it may be.

    ``sections`` are (key, title, text); ``fractions`` are the 'a/b' figures the forum's record states."""
    problems: list[tuple[str, str]] = []
    if not (place_name or "").strip():
        problems.append(("no_place", ""))
    if not (signer or "").strip():
        problems.append(("no_signer", ""))
    for key, title, text in sections:
        if key in FILLED_AT_ADOPTION and not adopted:
            continue
        if not text.strip():
            problems.append(("empty_section", title))
            continue
        if any(mark in text for mark in PLACEHOLDER_MARKS) or _UNNUMBERED.search(text):
            problems.append(("placeholder", title))
        problems += [("figure", f"{title}: {wrong}") for wrong in figure_problems(text, fractions)]
    return problems


def shown_symbol(number: int | None, kind: str, issuer: str = DEFAULT_ISSUER_ABBREVIATION) -> str:
    """The number line of a document: its symbol once numbered, the blank 'Số     -NQ/CB' of a draft."""
    return symbol(number, kind, issuer) if number else f"Số     -{kind}/{issuer}"


def subject_line(kind: str, forum_title: str) -> str:
    """The line under the document's name: "về …" for a resolution (the title's first letter lowered), the
    forum's title in capitals for the minutes, "kết quả tổ chức diễn đàn “…”" for the report."""
    if kind == "NQ":
        return f"về {forum_title[:1].lower()}{forum_title[1:]}"
    if kind == "BB":
        return f"DIỄN ĐÀN “{forum_title.upper()}”"
    if kind == "BC":
        return f"kết quả tổ chức diễn đàn “{forum_title}”"
    raise ValueError(kind)
