"""Who may vote and what a show of hands decides (shared/reference/rules.md R1–R4). Pure functions.

R1  Only official members (đảng viên chính thức) vote; dự bị members and guests never do.
R2  A decision passes only when MORE than half of the body's members are for it — half of the
    eligible members, not of those present; a tie fails (Điều lệ Điều 9.5).
R3  The eligible members (QĐ 24-QĐ/TW 9.3.2, HD 01-HD/TW 13.2): the official members of the cell,
    less those temporarily attached elsewhere and those exempt from Party work and meetings who
    are absent (present and voting, they count), less the suspended. Members attached here only
    temporarily vote where they hold their membership [U]: they are not counted here.
R4  No quorum for an ordinary meeting; attendance above 85% is a quality criterion (HD 12, 3.1).
"""
from __future__ import annotations

from dataclasses import dataclass

# How a show of hands is counted: every hand for (COUNT_ALL), or only the minority — against and not
# voting — the others present being for (COUNT_MINORITY).
COUNT_ALL, COUNT_MINORITY = "count_all", "count_minority"
TALLY_METHODS = (COUNT_ALL, COUNT_MINORITY)

PRESENT_STATUSES = frozenset({"present", "late"})
ATTENDANCE_STATUSES = ("present", "late", "absent_excused", "absent_unexcused")
QUALITY_RATE = 0.85


@dataclass(frozen=True)
class Voter:
    """What the rules need to know about one member of the cell at the meeting."""

    member_id: int
    official: bool          # chính thức (False: dự bị)
    exempt: bool = False    # miễn công tác và sinh hoạt đảng
    temp_out: bool = False  # sinh hoạt tạm thời ở nơi khác
    temp_in: bool = False   # sinh hoạt tạm thời ở chi bộ này
    suspended: bool = False  # đình chỉ sinh hoạt
    present: bool = False


def counts_in_denominator(v: Voter) -> bool:
    """R3: whether this member is one of the eligible members the verdict is measured against."""
    if not v.official or v.suspended or v.temp_in:
        return False
    if (v.exempt or v.temp_out) and not v.present:
        return False
    return True


def may_vote(v: Voter) -> bool:
    """R1 + R3: an eligible member who is in the room raises a hand."""
    return counts_in_denominator(v) and v.present


def eligible_count(voters: list[Voter]) -> int:
    return sum(counts_in_denominator(v) for v in voters)


def present_voter_ids(voters: list[Voter]) -> list[int]:
    return [v.member_id for v in voters if may_vote(v)]


def passes(votes_for: int, eligible: int) -> bool:
    """R2: strictly more than half of the eligible members; a tie fails."""
    return eligible > 0 and 2 * votes_for > eligible


def needed_to_pass(eligible: int) -> int:
    """The smallest number of votes for that passes."""
    return eligible // 2 + 1


def for_by_minority(present_voters: int, against: int, not_voting: int) -> int:
    """'Count the minority': those for are the present voters less those against and not voting."""
    return present_voters - against - not_voting


def count_problems(votes_for: int, against: int, not_voting: int, present_voters: int) -> list[str]:
    """Codes of what is impossible in a count; empty when it can stand."""
    found = []
    if min(votes_for, against, not_voting) < 0:
        found.append("negative")
    if votes_for + against + not_voting > present_voters:
        found.append("more_than_present")
    return found


@dataclass(frozen=True)
class Attendance:
    members: int
    official: int
    probationary: int
    exempt: int
    present: int        # everyone in the room, the exempt who came included
    present_expected: int
    absent_excused: int
    absent_unexcused: int
    expected: int       # who is expected to attend: all but the exempt and those attached elsewhere
    eligible: int       # R3
    present_voters: int

    @property
    def rate(self) -> float:
        return self.present_expected / self.expected if self.expected else 0.0

    @property
    def rate_percent(self):
        """The rate as the pages print it: exactly the fraction present_expected/expected, rounded half up."""
        from .figures import percent_value

        return percent_value(self.present_expected, self.expected)

    @property
    def meets_quality(self) -> bool:
        """HD 12 3.1: 'trên 85%' — strictly above."""
        return self.rate > QUALITY_RATE


def attendance(voters: list[Voter], statuses: dict[int, str]) -> Attendance:
    """Figures of the meeting from the roll and each member's marked status (unmarked: absent)."""
    present = [v for v in voters if v.present]
    expected = [v for v in voters if not v.exempt and not v.temp_out]
    present_expected = [v for v in expected if v.present]
    return Attendance(
        members=len(voters),
        official=sum(v.official for v in voters),
        probationary=sum(not v.official for v in voters),
        exempt=sum(v.exempt for v in voters),
        present=len(present),
        present_expected=len(present_expected),
        absent_excused=sum(statuses.get(v.member_id) == "absent_excused" for v in voters),
        absent_unexcused=sum(statuses.get(v.member_id) == "absent_unexcused" for v in voters),
        expected=len(expected),
        eligible=eligible_count(voters),
        present_voters=len(present_voter_ids(voters)),
    )
