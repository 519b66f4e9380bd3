"""Numbering and naming of a cell's Party documents (HD 36-HD/VPTW; document_format.md §2, §7). Pure.

"ghi liên tục từ số 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp uỷ": each kind of document
(NQ, BB, BC…) is numbered on its own, from 01, and the numbering restarts with each term of the cell.
"""
from __future__ import annotations

import datetime as dt

KINDS = {"NQ": "NGHỊ QUYẾT", "BB": "BIÊN BẢN", "BC": "BÁO CÁO"}  # BC: common usage, unverified (§7)
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
    """'… với 9/11 đảng viên chính thức tán thành (81,8%).' in Vietnamese number style."""
    share = f"{100 * votes_for / eligible:.1f}".replace(".", ",") if eligible else "0"
    return (f"Nghị quyết đã được chi bộ thảo luận, biểu quyết thông qua với {votes_for}/{eligible} đảng viên "
            f"chính thức tán thành ({share}%).")
