"""Planning rules as pure functions: durations, notice, year counts, guests, statuses."""
import datetime as dt

import pytest

from forumsite.rules import planning as rules


@pytest.mark.parametrize("minutes, monthly, warning", [
    (90, False, None), (89, False, 90), (120, True, None), (119, True, 120), (150, True, None), (0, False, 90),
])
def test_duration_minimum_90_or_120_when_woven_into_the_monthly_meeting(minutes, monthly, warning):
    assert rules.duration_warning(minutes, monthly) == warning


@pytest.mark.parametrize("published, starts, short", [
    (dt.datetime(2026, 5, 1, 7, 30), dt.datetime(2026, 5, 2, 7, 30), False),   # exactly one day
    (dt.datetime(2026, 5, 1, 8, 0), dt.datetime(2026, 5, 2, 7, 30), True),
    (dt.datetime(2026, 4, 20, 8, 0), dt.datetime(2026, 5, 2, 7, 30), False),
    (dt.datetime(2026, 5, 2, 9, 0), dt.datetime(2026, 5, 2, 7, 30), True),    # after the start
])
def test_materials_at_least_one_day_before(published, starts, short):
    assert rules.notice_is_short(published, starts) is short


def test_agenda_arithmetic():
    assert rules.end_time(dt.time(7, 30), 150) == dt.time(10, 0)
    assert rules.item_times(dt.time(7, 30), [10, 15, 35]) == [dt.time(7, 30), dt.time(7, 40), dt.time(7, 55)]
    assert rules.end_time(dt.time(23, 30), 45) == dt.time(0, 15)
    assert rules.end_time(None, 10) is None


@pytest.mark.parametrize("statuses, planned, held, below, above", [
    ([], 0, 0, True, False),
    (["draft"], 1, 0, False, False),
    (["concluded", "published"], 2, 1, False, False),
    (["closed", "closed", "draft"], 3, 2, False, True),
])
def test_year_against_the_plans_one_to_two(statuses, planned, held, below, above):
    check = rules.year_check(statuses, 1, 2)
    assert (check.planned, check.held, check.below_minimum, check.above_maximum) == (planned, held, below, above)


@pytest.mark.parametrize("rural, pilot, expected", [
    (False, False, ["upper_committee"]),
    (True, False, ["upper_committee", "fatherland_front", "mass_organisation"]),
    (False, True, ["upper_committee", "propaganda_dept", "organisation_dept"]),
    (True, True, ["upper_committee", "fatherland_front", "mass_organisation", "propaganda_dept",
                  "organisation_dept"]),
])
def test_guest_suggestions_follow_the_plan(rural, pilot, expected):
    assert rules.suggested_guest_categories(rural, pilot) == expected


def test_status_transitions_go_forward_only_except_unpublish():
    assert rules.can_move("draft", "published")
    assert rules.can_move("published", "draft")
    assert not rules.can_move("draft", "in_session")
    assert not rules.can_move("closed", "draft")
    assert list(rules.TRANSITIONS) == list(rules.STATUSES)
