"""Forums told apart in a list: the date and the part of the title that differs."""
import datetime as dt

from forumsite.rules.listing import date_names, distinct_parts

THEME = ("Vai trò của chi bộ Đảng trong việc giáo dục, quản lý cán bộ, đảng viên để ngăn chặn, đẩy lùi sự suy "
         "thoái về tư tưởng chính trị")


def test_the_same_theme_everywhere_says_nothing():
    assert distinct_parts([THEME, THEME, THEME]) == ["", "", ""]


def test_only_the_differing_words_are_shown():
    titles = [THEME + " (lần 1)", THEME + " – lần 2: mô hình hay", THEME]
    assert distinct_parts(titles) == ["… lần 1", "… lần 2: mô hình hay", ""]


def test_a_shared_end_is_left_out_too():
    titles = ["Lần 1: " + THEME, "Lần 2: " + THEME]
    assert distinct_parts(titles) == ["Lần 1 …", "Lần 2 …"]


def test_unrelated_titles_stay_whole():
    assert distinct_parts(["Diễn đàn học tập", "Diễn đàn mô hình hay"]) == \
        ["Diễn đàn học tập", "Diễn đàn mô hình hay"]  # two shared words are not a theme
    assert distinct_parts([THEME]) == [THEME]
    assert distinct_parts([]) == []


def test_dates_name_the_month_unless_two_share_it():
    dates = [dt.date(2026, 3, 5), dt.date(2026, 11, 5), dt.date(2026, 11, 20), dt.date(2027, 11, 5)]
    assert date_names(dates) == ["03/2026", "05/11/2026", "20/11/2026", "11/2027"]
