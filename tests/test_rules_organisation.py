"""Điều lệ Điều 24.4 and the shape of the tree, as pure functions."""
import pytest

from forumsite.rules import organisation as rules


@pytest.mark.parametrize("official, expected", [(0, False), (3, False), (8, False), (9, True), (12, True)])
def test_committee_from_nine_official_members(official, expected):
    assert rules.should_have_committee(official) is expected


@pytest.mark.parametrize("has_committee, official, warning", [
    (True, 12, None),
    (False, 6, None),
    (False, 9, "many_without_committee"),
    (True, 8, "few_with_committee"),
])
def test_committee_warning_when_the_flag_disagrees_with_the_count(has_committee, official, warning):
    assert rules.committee_warning(has_committee, official) == warning


@pytest.mark.parametrize("parent, child, allowed", [
    (None, "tinh_uy", True),
    (None, "chi_bo_truc_thuoc", False),
    ("tinh_uy", "huyen_uy", True),
    ("tinh_uy", "dang_bo_co_so", True),   # no district level since 2025: grassroots straight under the province
    ("tinh_uy", "chi_bo_co_so", True),
    ("huyen_uy", "dang_uy_truc_thuoc", True),
    ("dang_bo_co_so", "chi_bo_truc_thuoc", True),
    ("dang_bo_co_so", "dang_bo_bo_phan", True),
    ("dang_bo_bo_phan", "chi_bo_truc_thuoc", True),
    ("chi_bo_co_so", "chi_bo_truc_thuoc", False),
    ("chi_bo_truc_thuoc", "chi_bo_truc_thuoc", False),
    ("huyen_uy", "chi_bo_truc_thuoc", False),
    ("dang_bo_co_so", "tinh_uy", False),
])
def test_which_kind_may_stand_under_which(parent, child, allowed):
    assert rules.can_be_child(parent, child) is allowed


def test_cells_and_grassroots():
    assert rules.is_cell("chi_bo_co_so") and rules.is_cell("chi_bo_truc_thuoc")
    assert not rules.is_cell("dang_bo_co_so")
    assert rules.is_grassroots("chi_bo_co_so") and rules.is_grassroots("dang_bo_co_so")
    assert not rules.is_grassroots("chi_bo_truc_thuoc")
