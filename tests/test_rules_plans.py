"""The plan in force for a unit in a year (forumsite/rules/plans.py), as a table."""
import datetime as dt
from dataclasses import dataclass

import pytest

from forumsite.rules import plans


@dataclass
class P:
    id: int
    organisation_id: int
    issued_on: dt.date


PROVINCE, DISTRICT, COMMUNE, OTHER_DISTRICT = 1, 2, 3, 9
KH47 = P(1, PROVINCE, dt.date(2017, 3, 22))
KH35 = P(2, DISTRICT, dt.date(2026, 1, 15))
PROVINCE_2026 = P(3, PROVINCE, dt.date(2026, 6, 1))
PROVINCE_2021 = P(4, PROVINCE, dt.date(2021, 2, 1))
ELSEWHERE = P(5, OTHER_DISTRICT, dt.date(2026, 3, 1))
DISTRICT_LATE = P(6, DISTRICT, dt.date(2026, 12, 31))


@pytest.mark.parametrize("available, path, year, expected", [
    # The demo: the province's 2017 plan, the district's own 2026 plan.
    ([KH47, KH35], [PROVINCE, DISTRICT], 2026, KH35),
    ([KH47, KH35], [PROVINCE, DISTRICT, COMMUNE], 2026, KH35),
    ([KH47, KH35], [PROVINCE, DISTRICT], 2025, KH47),       # 35-KH/HU did not exist yet
    ([KH47, KH35], [PROVINCE], 2026, KH47),                 # a district's plan does not govern the province
    ([KH47, KH35], [PROVINCE, DISTRICT], 2016, None),       # before any plan
    # The closest committee wins, even over a newer plan from above ...
    ([KH47, KH35, PROVINCE_2026], [PROVINCE, DISTRICT], 2026, KH35),
    ([KH47, KH35, PROVINCE_2026], [PROVINCE], 2026, PROVINCE_2026),
    # ... and among one committee's plans the latest issued by the end of the year.
    ([KH47, PROVINCE_2021, PROVINCE_2026], [PROVINCE, DISTRICT], 2024, PROVINCE_2021),
    ([KH47, PROVINCE_2021, PROVINCE_2026], [PROVINCE, DISTRICT], 2020, KH47),
    ([KH35, DISTRICT_LATE], [PROVINCE, DISTRICT], 2026, DISTRICT_LATE),  # 31 December still counts
    # Another district's plan never applies.
    ([KH47, ELSEWHERE], [PROVINCE, DISTRICT], 2026, KH47),
    ([], [PROVINCE], 2026, None),
])
def test_plan_in_force(available, path, year, expected):
    assert plans.in_force(available, path, year) is expected


def test_a_plan_issued_after_the_year_cannot_measure_it():
    assert plans.issued_by_end_of(KH35, 2026) and not plans.issued_by_end_of(KH35, 2025)
