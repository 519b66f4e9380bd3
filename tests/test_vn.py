"""Vietnamese text and dates: search folding, alphabet order, the date line of Party documents."""
import datetime as dt

import pytest

from forumsite import vn


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Văn Đạt", "nguyen van dat"),
    ("ĐỖ THỊ ÁNH", "do thi anh"),
    ("  Lê   Ưng  ", "le ung"),
    ("Phạm Ngọc Diệp", "pham ngoc diep"),
    ("Hoàng", "hoang"),
])
def test_fold_strips_every_diacritic(text, folded):
    assert vn.fold(text) == folded


def test_fold_is_the_same_for_composed_and_decomposed_input():
    import unicodedata

    name = "Nguyễn Thị Ơn"
    assert vn.fold(unicodedata.normalize("NFD", name)) == vn.fold(unicodedata.normalize("NFC", name))


def test_names_sort_by_given_name_in_vietnamese_alphabet_order():
    names = ["Võ Thị Ơn", "Nguyễn Văn An", "Lê Văn Ân", "Trần Thị Ánh", "Phạm Đức Đạt", "Hoàng Văn Dũng",
             "Bùi Văn Ông", "Đỗ Thị Oanh", "Ngô Thị Ưng", "Lý Văn Uy", "Trần Văn An"]
    ordered = sorted(names, key=vn.name_key)
    assert ordered == ["Nguyễn Văn An", "Trần Văn An", "Trần Thị Ánh", "Lê Văn Ân", "Hoàng Văn Dũng",
                       "Phạm Đức Đạt", "Đỗ Thị Oanh", "Bùi Văn Ông", "Võ Thị Ơn", "Lý Văn Uy", "Ngô Thị Ưng"]


def test_d_with_stroke_sorts_after_every_d_word():
    assert sorted(["Đào", "Dung", "Du"], key=vn.text_key) == ["Du", "Dung", "Đào"]


def test_tones_only_break_ties_between_the_same_letters():
    # Letters decide first (ma < man); among equal letters: ngang, huyền, hỏi, ngã, sắc, nặng.
    words = ["mạ", "man", "má", "ma", "mã", "mà", "mả"]
    assert sorted(words, key=vn.word_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "man"]


@pytest.mark.parametrize("date, text", [
    (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
    (dt.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
    (dt.date(2017, 1, 9), "ngày 09 tháng 01 năm 2017"),
    (dt.date(2017, 12, 31), "ngày 31 tháng 12 năm 2017"),
    (dt.date(2017, 3, 22), "ngày 22 tháng 3 năm 2017"),
])
def test_format_date_pads_days_below_ten_and_january_february(date, text):
    assert vn.format_date(date) == text


@pytest.mark.parametrize("text, date", [
    ("5/3/2026", dt.date(2026, 3, 5)),
    ("05-03-2026", dt.date(2026, 3, 5)),
    ("2026-03-05", dt.date(2026, 3, 5)),
    ("22.3.2017", dt.date(2017, 3, 22)),
    ("", None),
])
def test_parse_date_reads_what_people_type(text, date):
    assert vn.parse_date(text) == date


@pytest.mark.parametrize("text", ["31/2/2026", "5/3/26", "hôm qua", "2026/13/01", "1/2"])
def test_parse_date_rejects_what_it_cannot_read(text):
    with pytest.raises(ValueError):
        vn.parse_date(text)
