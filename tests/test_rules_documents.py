"""Numbering of a cell's documents: per kind, from 01, restarting each term (HD 36)."""
import datetime as dt

import pytest

from forumsite.rules import documents as r

TERMS = [dt.date(2020, 7, 15), dt.date(2025, 7, 20)]


@pytest.mark.parametrize("on, start", [
    (dt.date(2020, 7, 14), None), (dt.date(2020, 7, 15), dt.date(2020, 7, 15)),
    (dt.date(2025, 7, 19), dt.date(2020, 7, 15)), (dt.date(2025, 7, 20), dt.date(2025, 7, 20)),
    (dt.date(2026, 11, 26), dt.date(2025, 7, 20)),
])
def test_the_term_a_date_falls_in(on, start):
    assert r.term_start(on, TERMS) == start


def test_numbers_from_01_per_kind_and_term():
    assert r.next_number([]) == 1
    assert r.next_number([1, 2, 3]) == 4
    assert r.next_number([2, 7]) == 8  # never reuses a number below the highest


@pytest.mark.parametrize("number, kind, text", [
    (1, "NQ", "Số 01-NQ/CB"), (12, "BB", "Số 12-BB/CB"), (105, "NQ", "Số 105-NQ/CB"),
])
def test_symbols(number, kind, text):
    assert r.symbol(number, kind) == text


def test_unknown_kind_and_adoption_line():
    with pytest.raises(ValueError):
        r.symbol(1, "XX")
    assert r.adoption_line(9, 11).endswith("với 9/11 đảng viên chính thức tán thành (81,8%).")
