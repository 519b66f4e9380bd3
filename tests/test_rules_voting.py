"""The eligibility and verdict rules against every case of rules.md (R1–R4)."""
import pytest

from forumsite.rules import voting as r

V = r.Voter


@pytest.mark.parametrize("voter, in_denominator, votes", [
    (V(1, official=True, present=True), True, True),
    (V(1, official=True, present=False), True, False),            # absent official: counts, cannot vote
    (V(1, official=False, present=True), False, False),           # dự bị: never
    (V(1, official=True, exempt=True, present=False), False, False),   # exempt and absent: out
    (V(1, official=True, exempt=True, present=True), True, True),      # exempt but present: counted
    (V(1, official=True, temp_out=True, present=False), False, False),  # attached elsewhere, absent: out
    (V(1, official=True, temp_out=True, present=True), True, True),     # ... present: counted
    (V(1, official=True, suspended=True, present=True), False, False),  # suspended: out even present
    (V(1, official=True, temp_in=True, present=True), False, False),    # votes where a member [U]
])
def test_who_counts_and_who_votes(voter, in_denominator, votes):
    assert r.counts_in_denominator(voter) is in_denominator
    assert r.may_vote(voter) is votes


def _cell(present_ids, exempt_ids=(), probationary=3, official=12):
    voters = [V(i, official=True, exempt=i in exempt_ids, present=i in present_ids) for i in range(1, official + 1)]
    voters += [V(100 + i, official=False, present=True) for i in range(probationary)]
    return voters


def test_rules_md_example_twelve_official_one_exempt_absent():
    # "12 chính thức (1 miễn sinh hoạt, absent) → eligible 11 → need ≥ 6 yes, whatever the attendance."
    voters = _cell(present_ids=set(range(1, 12)), exempt_ids={12})
    assert r.eligible_count(voters) == 11
    assert r.needed_to_pass(11) == 6
    assert not r.passes(5, 11) and r.passes(6, 11)


def test_absent_members_act_as_no():
    voters = _cell(present_ids={1, 2, 3, 4, 5, 6, 7})
    assert r.eligible_count(voters) == 12 and len(r.present_voter_ids(voters)) == 7
    assert not r.passes(6, 12)   # 6 of 12 is half, not more than half
    assert r.passes(7, 12)


@pytest.mark.parametrize("votes_for, eligible, passed", [
    (6, 12, False), (7, 12, True), (5, 11, False), (6, 11, True), (0, 0, False), (1, 1, True), (1, 2, False),
    (2, 3, True),
])
def test_more_than_half_ties_fail(votes_for, eligible, passed):
    assert r.passes(votes_for, eligible) is passed


def test_count_the_minority():
    assert r.for_by_minority(present_voters=11, against=2, not_voting=1) == 8
    assert r.count_problems(8, 2, 1, 11) == []
    assert r.count_problems(10, 2, 1, 11) == ["more_than_present"]
    assert r.count_problems(-1, 0, 0, 11) == ["negative"]


def test_attendance_figures_and_the_85_percent_quality_flag():
    voters = _cell(present_ids=set(range(1, 12)), exempt_ids={12})
    statuses = {i: "present" for i in range(1, 12)} | {12: "absent_excused"}
    figures = r.attendance(voters, statuses)
    assert (figures.members, figures.official, figures.probationary, figures.exempt) == (15, 12, 3, 1)
    assert figures.expected == 14 and figures.present == 14 and figures.present_expected == 14
    assert figures.eligible == 11 and figures.present_voters == 11
    assert figures.meets_quality
    # 12 of 14 expected: 85.7% is above 85%; 11 of 14 (78.6%) is not.
    voters[0] = V(1, official=True, present=False)
    voters[1] = V(2, official=True, present=False)
    assert round(r.attendance(voters, statuses).rate, 3) == 0.857
    voters[2] = V(3, official=True, present=False)
    assert not r.attendance(voters, statuses).meets_quality
    # An exempt member who comes is in the room but not in the rate's denominator.
    voters[11] = V(12, official=True, exempt=True, present=True)
    figures = r.attendance(voters, statuses)
    assert figures.present == 12 and figures.present_expected == 11 and figures.eligible == 12
