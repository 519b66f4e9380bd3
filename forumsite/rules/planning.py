"""Rules of planning a forum (pure): durations, publication, forums per year, guests, statuses.

Sources: the provincial plan (1–2 forums per cell per year; guests; pilot cells), HD 42-HD/BTCTW 2025
(at least 90 minutes, 120 when woven into the monthly meeting; materials at least one day before),
HD 12-HD/BTCTW 2018 (the draft approved by the chi ủy or bí thư and sent to members beforehand).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The forum's official title, word for word as the provincial plan and Nghị quyết 04-NQ/TW write it (note the
# comma in "đạo đức, lối sống"): the title a new forum starts from when no plan gives one.
FORUM_THEME = ("Vai trò của chi bộ Đảng trong việc giáo dục, quản lý cán bộ, đảng viên để ngăn chặn, đẩy lùi sự suy "
               "thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” "
               "trong nội bộ")

MIN_MINUTES = 90
MIN_MINUTES_WITH_MONTHLY = 120
MIN_NOTICE = dt.timedelta(days=1)

# The life of a forum, in order. The live session and the follow-up move it along.
STATUSES = ("draft", "published", "in_session", "concluded", "in_review", "resolution_adopted", "closed")
# Statuses in which a forum counts as held for the year; the follow-up's pages (review, documents) exist from
# then on.
HELD = frozenset(STATUSES[3:])
REVIEWABLE = HELD
# Before the session: the agenda, the materials and the secretary may still change.
PREPARING = frozenset({"draft", "published"})
# Members' phones and the projector follow the forum from its publication until just after it ends.
FOLLOWABLE = frozenset({"published", "in_session", "concluded"})
# Attendance may be taken: from publication (members arriving early) until the session ends.
ROLL_OPEN = frozenset({"published", "in_session"})
# The record of the session may still change (after that, only the follow-up's documents do).
RECORD_OPEN = frozenset(STATUSES[:3])
# The subsets by name, for the templates (templating.py exposes this as ``forum_statuses``).
STATUS_SETS = {"HELD": HELD, "REVIEWABLE": REVIEWABLE, "PREPARING": PREPARING, "FOLLOWABLE": FOLLOWABLE,
               "ROLL_OPEN": ROLL_OPEN, "RECORD_OPEN": RECORD_OPEN}
TRANSITIONS = {
    "draft": {"published"},
    "published": {"draft", "in_session"},
    "in_session": {"concluded"},
    "concluded": {"in_review"},
    "in_review": {"resolution_adopted"},
    "resolution_adopted": {"closed"},
    "closed": set(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())


def minimum_minutes(woven_into_monthly_meeting: bool) -> int:
    return MIN_MINUTES_WITH_MONTHLY if woven_into_monthly_meeting else MIN_MINUTES


def duration_warning(planned_minutes: int, woven_into_monthly_meeting: bool) -> int | None:
    """The minimum when the plan falls short of it, else None."""
    minimum = minimum_minutes(woven_into_monthly_meeting)
    return minimum if planned_minutes < minimum else None


def notice_is_short(published_at: dt.datetime, starts_at: dt.datetime) -> bool:
    """Materials must reach members at least one day before the meeting."""
    return starts_at - published_at < MIN_NOTICE


def end_time(start: dt.time | None, minutes: int) -> dt.time | None:
    if start is None:
        return None
    return (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)).time()


def item_times(start: dt.time | None, minutes: list[int]) -> list[dt.time | None]:
    """When each agenda item starts, given the forum's start and each item's planned minutes."""
    times, elapsed = [], 0
    for m in minutes:
        times.append(end_time(start, elapsed))
        elapsed += m
    return times


@dataclass(frozen=True)
class YearCheck:
    planned: int
    held: int
    minimum: int
    maximum: int

    @property
    def below_minimum(self) -> bool:
        return self.planned < self.minimum

    @property
    def above_maximum(self) -> bool:
        return self.planned > self.maximum


def year_check(statuses: list[str], minimum: int = 1, maximum: int = 2) -> YearCheck:
    """Forums of one cell in one year against the plan's 1–2 (every forum counts as planned)."""
    return YearCheck(planned=len(statuses), held=sum(s in HELD for s in statuses),
                     minimum=minimum, maximum=maximum)


GUEST_CATEGORIES = ("upper_committee", "fatherland_front", "mass_organisation", "propaganda_dept",
                    "organisation_dept", "other")


def suggested_guest_categories(rural: bool, pilot: bool) -> list[str]:
    """Who the plan says to invite: the upper committee always; the Fatherland Front and mass
    organisations for rural cells; the provincial Propaganda and Organisation Departments for pilots."""
    found = ["upper_committee"]
    if rural:
        found += ["fatherland_front", "mass_organisation"]
    if pilot:
        found += ["propaganda_dept", "organisation_dept"]
    return found
