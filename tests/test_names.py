"""Names typed at the console: found without diacritics, a choice when several fit, nothing guessed."""
import pytest

from forumsite.meeting import names

PEOPLE = [(1, "Hoàng Văn Đức"), (2, "Nguyễn Minh Đức"), (3, "Lê Thị Dục"), (4, "Phạm Thị Hương"),
          (5, "Hoàng Văn Đức Anh")]


@pytest.mark.parametrize("typed, expected", [
    ("hoang van duc", [1]),             # the same letters: the marks may be left out
    ("Hoàng Văn Đức", [1]),             # typed exactly
    ("  HOANG   van  DUC ", [1]),        # case and spaces do not matter
    ("duc", [5, 3, 2, 1]),               # part of a name: every fitting name, roster order (given name first)
    ("Đức", [5, 2, 1]),                  # marks typed: only the names with them
    ("hoang van", [5, 1]),
    ("hoang duc", [5, 1]),              # words in order, any left out
    ("duc hoang", []),                   # not in that order
    ("dục", [3]),                        # the marks typed tell Dục from Đức
    ("le thi duc", [3]),
    ("huong", [4]),
    ("ngu", [2]),                        # the start of a word
    ("guyen", []),                       # not the middle of one
    ("tran van x", []),
    ("", []),
])
def test_matches(typed, expected):
    assert names.matches(typed, PEOPLE) == expected


def test_letters_alike_with_different_marks_offer_a_choice():
    people = [(1, "Nguyễn Văn Đức"), (2, "Nguyễn Văn Dục")]
    assert names.matches("nguyen van duc", people) == [2, 1]   # roster order: d before đ
    assert names.resolve("nguyen van duc", people) is None   # two fit: never guessed
    assert names.resolve("Nguyễn Văn Dục", people) == 2      # exactly typed: that one


@pytest.mark.parametrize("typed, expected", [
    ("hoang van duc", 1), ("Hoàng Văn Đức", 1), ("pham thi huong", 4),
    ("duc", None),            # a part of a name is a choice, not an answer
    ("hoang duc", None),
    ("Trần Văn Khách", None),  # no one: the caller says so
])
def test_resolve(typed, expected):
    assert names.resolve(typed, PEOPLE) == expected


def test_two_people_with_the_same_name_are_not_guessed():
    assert names.resolve("Lê Văn An", [(1, "Lê Văn An"), (2, "Lê Văn An")]) is None
