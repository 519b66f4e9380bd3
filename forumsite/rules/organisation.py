"""Rules of the organisation tree (Điều lệ Đảng Điều 21, 24; shared/reference/organization.md)."""
from __future__ import annotations

# Điều lệ Điều 24.4: a cell with nine or more official members elects a chi ủy.
COMMITTEE_THRESHOLD = 9

CELL_KINDS = frozenset({"chi_bo_co_so", "chi_bo_truc_thuoc"})
# Tổ chức cơ sở đảng: the grassroots level, which carries a type (loại hình) for statistics.
GRASSROOTS_KINDS = frozenset({"dang_bo_co_so", "chi_bo_co_so"})

# Which kinds may stand under which. The tree has any depth and no fixed district level
# (Kết luận 127-KL/TW, 2025), so upper kinds may nest freely above the grassroots.
_UPPER = ("tinh_uy", "huyen_uy", "thi_uy", "thanh_uy", "dang_uy_truc_thuoc")
ALLOWED_CHILDREN: dict[str | None, frozenset[str]] = {
    None: frozenset(_UPPER),
    **{k: frozenset({*_UPPER[1:], "dang_bo_co_so", "chi_bo_co_so"}) for k in _UPPER},
    "dang_bo_co_so": frozenset({"dang_bo_bo_phan", "chi_bo_truc_thuoc"}),
    "dang_bo_bo_phan": frozenset({"chi_bo_truc_thuoc"}),
    "chi_bo_co_so": frozenset(),
    "chi_bo_truc_thuoc": frozenset(),
}


def should_have_committee(official_members: int) -> bool:
    """Whether Điều lệ Điều 24.4 calls for a chi ủy at this many official members."""
    return official_members >= COMMITTEE_THRESHOLD


def committee_warning(has_committee: bool, official_members: int) -> str | None:
    """A short reason when the recorded committee flag disagrees with the member count, else None.

    The flag stays what the cell set (a congress elected it or not); the app only points out the gap.
    """
    expected = should_have_committee(official_members)
    if has_committee == expected:
        return None
    if expected:
        return "many_without_committee"
    return "few_with_committee"


def can_be_child(parent_kind: str | None, child_kind: str) -> bool:
    """Whether an organisation of ``child_kind`` may stand directly under ``parent_kind``."""
    return child_kind in ALLOWED_CHILDREN.get(parent_kind, frozenset())


def is_cell(kind: str) -> bool:
    return kind in CELL_KINDS


def is_grassroots(kind: str) -> bool:
    return kind in GRASSROOTS_KINDS
