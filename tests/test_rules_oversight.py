"""The plan's oversight rules as pure functions (forumsite/rules/oversight.py)."""
import datetime as dt

import pytest

from forumsite.rules import oversight as rules

D = dt.date
PLAN = (D(2017, 4, 1), D(2017, 6, 30), D(2017, 7, 1))  # 47-KH/TU: pilots from 4/2017, evaluated by 6/2017


@pytest.mark.parametrize("today, stage", [
    (D(2017, 3, 31), "before"), (D(2017, 4, 1), "pilot"), (D(2017, 6, 30), "pilot"),
    (D(2017, 7, 1), "rollout"), (D(2026, 1, 1), "rollout"),
])
def test_plan_stage(today, stage):
    assert rules.plan_stage(today, *PLAN) == stage


def test_evaluation_between_the_deadline_and_a_later_rollout():
    assert rules.plan_stage(D(2017, 7, 10), D(2017, 4, 1), D(2017, 6, 30), D(2017, 8, 1)) == "evaluation"


def test_a_plan_without_dates_is_rolled_out():
    assert rules.plan_stage(D(2026, 1, 1), None, None, None) == "rollout"


def test_pilot_rule_counts_per_type():
    check = rules.pilot_check(["xa", "xa", "co_quan", None, "doanh_nghiep"], ["xa", "xa", None])
    assert check.types_present == ("co_quan", "doanh_nghiep", "xa")
    assert check.missing == ["co_quan", "doanh_nghiep"] and not check.satisfied
    assert rules.pilot_check(["xa"], ["xa"]).satisfied
    assert rules.pilot_check([], []).satisfied  # no typed cell, nothing to pilot


def test_unit_behind_depends_on_the_stage():
    missing = rules.pilot_check(["xa"], [])
    assert rules.unit_behind("before", missing, 0, 0, 3) == []
    assert rules.unit_behind("pilot", missing, 0, 0, 3) == ["pilot_missing"]
    ok = rules.pilot_check(["xa"], ["xa"])
    assert rules.unit_behind("pilot", ok, 1, 0, 3) == []  # pilots may still be held
    assert rules.unit_behind("evaluation", ok, 1, 0, 0) == ["pilot_not_held"]
    assert rules.unit_behind("rollout", ok, 1, 1, 2) == ["cells_below"]


def test_figures_add_up_and_shares_are_none_without_a_base():
    a, b = rules.Figures(cells=2, cells_held=1, roll=10, present=9), rules.Figures(cells=1, forums_held=2, proposals=7)
    a.add(b)
    assert (a.cells, a.cells_held, a.forums_held, a.proposals) == (3, 1, 2, 7)
    assert a.coverage == pytest.approx(1 / 3) and a.attendance_rate == pytest.approx(0.9)
    assert a.proposals_per_forum == 3.5
    empty = rules.Figures()
    assert empty.coverage is None and empty.spoke_share is None and empty.proposals_per_forum is None
    assert rules.below_minimum(0, 1) and not rules.below_minimum(1, 1)
    assert rules.above_maximum(3, 2) and not rules.above_maximum(2, 2)


def test_timeline_positions():
    tl = rules.timeline(D(2017, 5, 1), *PLAN, width=1000, tail_days=120)
    span = (PLAN[2] - PLAN[0]).days + 120
    assert tl["evaluation"] == round((PLAN[1] - PLAN[0]).days / span * 1000, 1)
    assert tl["today"] == round(30 / span * 1000, 1)
    assert rules.timeline(D(2030, 1, 1), *PLAN)["today"] == 1000  # past the drawing: at its right edge
    assert rules.timeline(D(2017, 1, 1), *PLAN)["today"] is None
    assert rules.timeline(D(2017, 5, 1), None, None, None) is None
    assert rules.timeline(D(2017, 5, 1), D(2017, 7, 1), D(2017, 4, 1), D(2017, 8, 1)) is None  # out of order
