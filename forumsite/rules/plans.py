"""Which forum plan (Kế hoạch) is in force for a unit in a year (pure).

A plan is issued by a committee for its whole subtree and stays in force, year after year, until the
same committee or one closer to the unit issues a newer one: Kế hoạch 47-KH/TU makes the forum "công việc
thường xuyên của mỗi chi bộ" (1–2 forums a year) and tells the district committees to guide their units
"căn cứ Kế hoạch này". So, for unit U and year Y:

1. only plans issued by U itself or by a committee above it count (a district's plan does not govern the
   rest of the province);
2. only plans issued on or before 31 December of Y count (a plan issued later did not exist that year);
3. among those, the plan of the committee closest to U wins: a district's own implementing plan is the
   one its units follow, even when the province's plan is more recent;
4. among the plans of that committee, the latest issued wins (it replaces the earlier ones).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class PlanLike(Protocol):
    id: int
    organisation_id: int
    issued_on: dt.date


P = TypeVar("P", bound=PlanLike)


def in_force(plans: Iterable[P], unit_path: Sequence[int], year: int) -> P | None:
    """The plan in force in ``year`` for the unit whose ancestor chain (root first, itself last) is
    ``unit_path``; None when no committee above it had issued a plan by the end of that year."""
    depth = {org_id: level for level, org_id in enumerate(unit_path)}
    year_end = dt.date(year, 12, 31)
    candidates = [p for p in plans if p.organisation_id in depth and p.issued_on <= year_end]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (depth[p.organisation_id], p.issued_on, p.id))


def issued_by_end_of(plan: PlanLike, year: int) -> bool:
    """Could the year be measured against this plan at all? Not if it was issued after the year."""
    return plan.issued_on <= dt.date(year, 12, 31)
