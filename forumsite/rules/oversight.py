"""Rules the upper committees follow the forums by (provincial-plan.txt, phần tổ chức thực hiện):
each unit directly under the plan's issuer picks "mỗi loại hình TCCS Đảng ít nhất 01 chi bộ để chỉ đạo
điểm", pilots run first, are evaluated, then the forum is rolled out to every cell, 1–2 forums a year.

Pure functions over plain numbers: the figures come from aggregate queries (oversight/queries.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

# The plan: "mỗi loại hình TCCS Đảng ít nhất 01 chi bộ để chỉ đạo điểm".
MIN_PILOTS_PER_TYPE = 1


@dataclass
class Figures:
    """Counts over a set of cells for one year; added up from the cells to the units above them."""

    cells: int = 0
    cells_held: int = 0  # cells with at least one forum held (coverage)
    cells_below: int = 0  # fewer forums planned than the plan's minimum
    cells_above: int = 0  # more forums planned than the plan's maximum
    forums_planned: int = 0
    forums_held: int = 0
    roll: int = 0  # members on the roll of held forums
    present: int = 0  # of whom present (on time or late)
    spoke: int = 0  # present members who spoke
    proposals: int = 0
    recommendations: int = 0
    models: int = 0
    resolutions: int = 0
    resolutions_at_forum: int = 0  # of which adopted by the cell's vote at the forum (no chi ủy)
    cells_at_forum: int = 0  # cells that decided at the forum this year
    tasks: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0
    pilots: int = 0
    pilots_held: int = 0

    def add(self, other: "Figures") -> None:
        mine = self.__dict__
        for name, value in other.__dict__.items():
            mine[name] += value

    @property
    def coverage(self) -> float | None:
        return share(self.cells_held, self.cells)

    @property
    def attendance_rate(self) -> float | None:
        return share(self.present, self.roll)

    @property
    def spoke_share(self) -> float | None:
        return share(self.spoke, self.present)

    @property
    def proposals_per_forum(self) -> float | None:
        return self.proposals / self.forums_held if self.forums_held else None


def share(part: int, whole: int) -> float | None:
    """part/whole, or None when there is nothing to measure (shown as a dash, never as 0 %)."""
    return part / whole if whole else None


def below_minimum(planned: int, minimum: int) -> bool:
    return planned < minimum


def above_maximum(planned: int, maximum: int) -> bool:
    return planned > maximum


@dataclass(frozen=True)
class PilotCheck:
    """The "at least one pilot per type" rule for one unit."""

    types_present: tuple[str, ...]
    pilots_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [t for t in self.types_present if self.pilots_by_type.get(t, 0) < MIN_PILOTS_PER_TYPE]

    @property
    def satisfied(self) -> bool:
        return not self.missing


def pilot_check(cell_types: Iterable[str | None], pilot_types: Iterable[str | None]) -> PilotCheck:
    """``cell_types``: the grassroots type of every cell of the unit; ``pilot_types``: of its pilot cells.
    A cell whose organisation has no type recorded is left out: the rule is per recorded type."""
    present = sorted({t for t in cell_types if t})
    counts: dict[str, int] = {}
    for t in pilot_types:
        if t:
            counts[t] = counts.get(t, 0) + 1
    return PilotCheck(tuple(present), counts)


# Where a unit stands on the plan's timeline.
STAGES = ("before", "pilot", "evaluation", "rollout")


def plan_stage(today: dt.date, pilot_from: dt.date | None, evaluation_by: dt.date | None,
               rollout_from: dt.date | None) -> str:
    """The plan's phase on ``today``: before the pilots, piloting, evaluating, or rolled out.
    A plan without dates is rolled out from the start."""
    if rollout_from is not None and today >= rollout_from:
        return "rollout"
    if pilot_from is not None and today < pilot_from:
        return "before"
    # The evaluation is due by ``evaluation_by``; after it and before the roll-out the pilots are being
    # drawn lessons from.
    if evaluation_by is not None and today > evaluation_by:
        return "evaluation"
    if pilot_from is not None:
        return "pilot"
    return "rollout"


def unit_behind(stage: str, check: PilotCheck, pilots: int, pilots_held: int, cells_below: int) -> list[str]:
    """Why a unit is behind the plan at this stage (codes for messages); empty when on track."""
    reasons = []
    if stage in ("pilot", "evaluation", "rollout") and not check.satisfied:
        reasons.append("pilot_missing")
    if stage in ("evaluation", "rollout") and pilots_held < pilots:
        reasons.append("pilot_not_held")
    if stage == "rollout" and cells_below:
        reasons.append("cells_below")
    return reasons


def timeline(today: dt.date, pilot_from: dt.date | None, evaluation_by: dt.date | None,
             rollout_from: dt.date | None, width: int = 1000, tail_days: int = 120) -> dict | None:
    """x positions (0..width) of the phases and of today on a drawing of the plan; None without dates.
    The drawing runs from the pilots' start to ``tail_days`` after the roll-out; today past that end sits
    at the right edge."""
    if not (pilot_from and evaluation_by and rollout_from) or not pilot_from <= evaluation_by <= rollout_from:
        return None
    span = (rollout_from - pilot_from).days + tail_days

    def x(day: dt.date) -> float:
        return round(min(max((day - pilot_from).days / span, 0.0), 1.0) * width, 1)

    return {"evaluation": x(evaluation_by), "rollout": x(rollout_from),
            "today": x(today) if today >= pilot_from else None}
