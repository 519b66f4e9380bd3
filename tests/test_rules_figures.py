"""The figures and the pre-adoption check as pure rules (rules/figures.py, rules/documents.py)."""
from forumsite.rules import documents as r
from forumsite.rules import figures as fig
from forumsite.rules import voting


def test_a_count_that_leaves_members_out_is_questioned_then_settled():
    assert fig.settle_count(9, 1, 0, 11, confirmed=False) == (0, ["gap"])
    assert fig.settle_count(9, 1, 0, 11, confirmed=True) == (1, [])  # the one left out did not vote
    assert fig.settle_count(9, 2, 1, 11, confirmed=True) == (1, ["more_than_present"])
    assert fig.settle_count(9, 1, 1, 11, confirmed=False) == (1, [])


def test_the_check_lists_what_stops_adoption():
    sections = [("can_cu", "Căn cứ", "- Căn cứ Nghị quyết số 04-NQ/TW ngày 30/10/2016"),
                ("danh_gia", "I. ĐÁNH GIÁ", "Dự diễn đàn có 14/15 đảng viên (tỷ lệ 92,9%)."),
                ("nhiem_vu", "II. NHIỆM VỤ", "1. Mục tiêu – …"), ("to_chuc", "III. TỔ CHỨC", ""),
                ("noi_nhan", "Nơi nhận", "- [cấp trên]"), ("so", "Số", "Số    -NQ/CB"),
                ("thong_qua", "Biểu quyết", "… với …/… đảng viên chính thức tán thành.")]
    found = r.adoption_problems(sections, "", "", {(14, 15)})
    assert found == [("no_place", ""), ("no_signer", ""), ("figure", "I. ĐÁNH GIÁ: 14/15 (92,9%)"),
                     ("placeholder", "II. NHIỆM VỤ"), ("empty_section", "III. TỔ CHỨC"),
                     ("placeholder", "Nơi nhận"), ("placeholder", "Số")]  # the vote's line waits for the vote
    assert ("placeholder", "Biểu quyết") in r.adoption_problems(sections, "Hải Phú", "A", {(14, 15)}, adopted=True)
    clean = [("danh_gia", "I", "Dự diễn đàn có 14/15 đảng viên phải dự (tỷ lệ 93,3%); 3/14 đảng viên có mặt")]
    assert r.adoption_problems(clean, "Hải Phú", "Nguyễn Văn Hùng", {(14, 15), (3, 14)}) == []
    assert r.figure_problems("ngày 15/9/2026, 24/7", set()) == []  # dates and loose fractions are not figures


def test_the_attendance_sentence_and_the_adoption_line():
    voters = [voting.Voter(i, official=True, present=i < 14) for i in range(15)]
    a = voting.attendance(voters, {})
    assert fig.attendance_phrase(a) == "14/15 đảng viên phải dự (tỷ lệ 93,3%)"
    assert fig.adoption_line(11, 12).endswith("với 11/12 đảng viên chính thức tán thành (91,7%).")
    assert str(a.rate_percent) == "93.3"
    assert r.shown_symbol(None, "BB") == "Số     -BB/CB" and r.shown_symbol(3, "NQ") == "Số 03-NQ/CB"
