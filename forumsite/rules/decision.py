"""Who decides what the forum leads to, and the words the cell's documents use for who acts. Pure.

Provincial plan (provincial-plan.txt, tổ chức thực hiện): "Nơi chi bộ không có cấp ủy, trong kết luận tại
Diễn đàn, đồng chí Bí thư chi bộ (Chủ trì Diễn đàn) lựa chọn những nhiệm vụ, giải pháp mà đảng viên đã đề
xuất để chi bộ biểu quyết thông qua và tổ chức thực hiện." Where the cell has a chi ủy (Điều lệ Điều 24.4),
the chi ủy meets after the forum, chooses and drafts, and the cell adopts the resolution by a vote.

The path is derived from the cell once; every page, flash, button, draft and signature asks it rather than
testing ``has_committee`` itself. The screens' words (translated) live in followup/labels.py; the words
written into the Vietnamese Party documents live here.
"""
from __future__ import annotations

from dataclasses import dataclass

COMMITTEE = "committee"          # the chi ủy reviews, drafts; the cell votes the resolution afterwards
CELL_AT_FORUM = "cell_at_forum"  # the chair selects at the forum, the cell votes there; that vote adopts
PATHS = (COMMITTEE, CELL_AT_FORUM)

# What a proposal's kind becomes as a clause of the resolution (section II: objectives, tasks, models).
CLAUSE_SECTION = {"muc_tieu": "objective", "mo_hinh": "model"}
SECTION_ORDER = ("objective", "task", "model")


def path_for(has_committee: bool) -> str:
    return COMMITTEE if has_committee else CELL_AT_FORUM


def decided_at_forum(path: str) -> bool:
    return path == CELL_AT_FORUM


@dataclass(frozen=True)
class DocumentWords:
    """How the cell's documents name who acts."""

    directs: str       # who directs and checks the implementation
    assigns: str       # the owner written when the chair gave none
    chooses: str       # the report upward: who chose the solutions
    signs_for: str     # the signature's "T/M …" line of a resolution or report


WORDS = {
    COMMITTEE: DocumentWords(directs="Chi ủy (bí thư chi bộ) chỉ đạo, đôn đốc, kiểm tra việc thực hiện",
                             assigns="chi ủy phân công",
                             chooses="Chi ủy đã lựa chọn các giải pháp, mô hình:",
                             signs_for="T/M CHI ỦY"),
    CELL_AT_FORUM: DocumentWords(directs="Bí thư chi bộ chỉ đạo, đôn đốc, kiểm tra việc thực hiện",
                                 assigns="bí thư chi bộ phân công",
                                 chooses="Chi bộ đã biểu quyết thông qua tại diễn đàn các nhiệm vụ, giải pháp:",
                                 signs_for="T/M CHI BỘ"),
}


def words(path: str) -> DocumentWords:
    return WORDS[path]


def signature(path: str, kind: str) -> str:
    """The "T/M …" line: a resolution is always the cell's (it is the cell's vote); a report is signed for
    the chi ủy where there is one."""
    return "T/M CHI BỘ" if kind == "NQ" else WORDS[path].signs_for


def clause_section(kind: str) -> str:
    return CLAUSE_SECTION.get(kind, "task")


def clauses_from_vote(items: list[tuple[int, str]]) -> list[tuple[str, int]]:
    """(section, proposal id) for each item the cell adopted at the forum — (proposal id, kind) in the order
    the chair listed them — grouped by section (objectives, tasks, models), the chair's order kept within."""
    ordered = sorted(enumerate(items), key=lambda e: (SECTION_ORDER.index(clause_section(e[1][1])), e[0]))
    return [(clause_section(kind), pid) for _i, (pid, kind) in ordered]


def numbered(texts: list[str]) -> str:
    """The chair's selection as a tally's subject: one numbered line per item."""
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts, 1))
