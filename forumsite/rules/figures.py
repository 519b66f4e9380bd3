"""The figures of a forum's record, defined once, and how they are written (issue 14 item 3). Pure.

The projector, the console, the review page, the drafts, the minutes, the adoption form, the DOCX/PDF and the
oversight pages all state these figures through this module: a count is never typed where the record knows it,
and a percentage is always printed from the fraction it stands beside, so that "14/15 (92,9%)" cannot happen.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import voting


def percent_value(part: int, whole: int, digits: int = 1) -> Decimal | None:
    """100·part/whole rounded half up (exactly: never a float's binary rounding); None when whole is 0."""
    if whole <= 0:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int, digits: int = 1) -> str:
    """'93,3%': the share in Vietnamese number style (decimal comma), as Party documents write it."""
    value = percent_value(part, whole, digits)
    return "—" if value is None else f"{value}".replace(".", ",") + "%"


def fraction(part: int, whole: int) -> str:
    """'14/15 (93,3%)': a count out of its whole, and the percentage of that same fraction."""
    return f"{part}/{whole} ({percent(part, whole)})" if whole else f"{part}/{whole}"


@dataclass(frozen=True)
class Vote:
    """A show of hands as the record keeps it: the counts raised and the record's own denominators."""

    votes_for: int
    against: int
    not_voting: int
    eligible: int        # R3, computed from the roll, never typed
    present_voters: int  # eligible members in the room

    @property
    def passed(self) -> bool:
        return voting.passes(self.votes_for, self.eligible)

    @property
    def needed(self) -> int:
        return voting.needed_to_pass(self.eligible)


@dataclass(frozen=True)
class Record:
    """Everything a surface may state about a forum's figures: the roll at the forum and the adoption vote."""

    attendance: voting.Attendance
    adoption: Vote | None = None
    tallies: tuple[Vote, ...] = ()       # the forum's closed shows of hands, as snapshotted
    spoke: tuple[int, int] = (0, 0)      # members present who spoke, members present

    def fractions(self) -> set[tuple[int, int]]:
        """Every 'a/b' a document of this forum may state."""
        a = self.attendance
        found = {(a.present_expected, a.expected), self.spoke}
        found |= {(v.votes_for, v.eligible) for v in self.tallies}
        if self.adoption is not None:
            found.add((self.adoption.votes_for, self.adoption.eligible))
        return found


def count_gap(votes_for: int, against: int, not_voting: int, present_voters: int) -> int:
    """How many eligible members in the room the count leaves out (negative: more hands than voters)."""
    return present_voters - votes_for - against - not_voting


def settle_count(votes_for: int, against: int, not_voting: int, present_voters: int,
                 confirmed: bool) -> tuple[int, list[str]]:
    """The not-voting figure to save, and what stops the count from being saved.

    A count that leaves members out is questioned (code "gap") until the secretary confirms that those members
    did not vote; confirmed, the difference is recorded as "không biểu quyết"."""
    problems = voting.count_problems(votes_for, against, not_voting, present_voters)
    if problems:
        return not_voting, problems
    gap = count_gap(votes_for, against, not_voting, present_voters)
    if gap > 0 and not confirmed:
        return not_voting, ["gap"]
    return not_voting + max(gap, 0), []


# --- the sentences every document writes -----------------------------------------------------------------

def attendance_phrase(a: voting.Attendance) -> str:
    """'14/15 đảng viên phải dự (tỷ lệ 93,3%)', and those who came without being expected (HD 12 3.1)."""
    text = f"{a.present_expected}/{a.expected} đảng viên phải dự (tỷ lệ {percent(a.present_expected, a.expected)})"
    extra = a.present - a.present_expected
    if extra:
        text += f" và {extra} đảng viên được miễn hoặc sinh hoạt tạm thời nơi khác"
    return text


def eligible_phrase(a: voting.Attendance) -> str:
    return (f"số đảng viên chính thức tính biểu quyết: {a.eligible}, trong đó có mặt {a.present_voters}; "
            f"cần ít nhất {voting.needed_to_pass(a.eligible)} tán thành để thông qua")


def vote_phrase(v: Vote) -> str:
    """'9/11 (81,8%) đảng viên chính thức tán thành, 1 không tán thành, 1 không biểu quyết'."""
    return (f"{fraction(v.votes_for, v.eligible)} đảng viên chính thức tán thành, {v.against} không tán thành, "
            f"{v.not_voting} không biểu quyết")


def adoption_line(votes_for: int, eligible: int) -> str:
    """'Nghị quyết … thông qua với 9/11 đảng viên chính thức tán thành (81,8%).'"""
    return (f"Nghị quyết đã được chi bộ thảo luận, biểu quyết thông qua với {votes_for}/{eligible} đảng viên "
            f"chính thức tán thành ({percent(votes_for, eligible)}).")


def forum_adoption_line(votes_for: int, eligible: int, held_on: str, each: bool = False) -> str:
    """Where the cell decided at the forum (no chi ủy): the resolution cites that vote, no second vote is held.
    ``held_on`` is the forum's date as documents write it (dd/mm/yyyy); ``each``: the items were voted one by
    one, and the line states the smallest majority among them."""
    share = f"{votes_for}/{eligible} đảng viên chính thức tán thành ({percent(votes_for, eligible)})"
    if each:
        share = "từng nhiệm vụ, giải pháp được thông qua với ít nhất " + share
    return f"Nghị quyết đã được chi bộ biểu quyết thông qua tại diễn đàn ngày {held_on}, {share}."
