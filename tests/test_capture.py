"""The capture line: kind by prefix, codes recognised, the rest untouched."""
import pytest

from forumsite.meeting import capture

KNOWN = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)} | {"CT5"})


@pytest.mark.parametrize("line, default, kind, text, codes", [
    ("gp: Mỗi tháng một buổi chuyên đề BH3 NV2", "khac", "giai_phap", "Mỗi tháng một buổi chuyên đề",
     ["BH3", "NV2"]),
    ("MH: Mô hình “Chi bộ 4 tốt”", "khac", "mo_hinh", "Mô hình “Chi bộ 4 tốt”", []),
    ("kn : đề nghị Đảng ủy xã mở lớp bh05", "khac", "kien_nghi", "đề nghị Đảng ủy xã mở lớp", ["BH5"]),
    ("Bản thân còn nể nang trong phê bình (BH5)", "lien_he", "lien_he",
     "Bản thân còn nể nang trong phê bình", ["BH5"]),
    ("Dòng họ chấp hành tốt pháp luật BH19, BH20.", "khac", "khac", "Dòng họ chấp hành tốt pháp luật.",
     ["BH19", "BH20"]),
    ("BH4: nói không đi đôi với làm", "lien_he", "lien_he", "nói không đi đôi với làm", ["BH4"]),
    ("xx: không phải tiền tố", "nguyen_nhan", "nguyen_nhan", "xx: không phải tiền tố", []),
    ("BH28 và NV11 không có trong danh mục; BH 7 thì có", "khac", "khac",
     "BH28 và NV11 không có trong danh mục; thì có", ["BH7"]),
    ("ABH5 hay BH5X không phải mã, BH5 BH5 một lần", "khac", "khac",
     "ABH5 hay BH5X không phải mã, một lần", ["BH5"]),
    ("  nhiều    khoảng   trắng  ", "bogus", "khac", "nhiều khoảng trắng", []),
    ("gp: Thứ nhất,  BH3\n\n  thứ hai NV2  ", "khac", "giai_phap", "Thứ nhất\nthứ hai", ["BH3", "NV2"]),
])
def test_parse(line, default, kind, text, codes):
    assert capture.parse(line, default, KNOWN) == (kind, text, codes)


def test_keys_cover_every_kind():
    assert sorted(capture.KEYS.values()) == sorted(capture.KINDS)
    assert sorted(capture.PREFIXES.values()) == sorted(capture.KINDS)


@pytest.mark.parametrize("line, kind, text", [
    ("GP Mỗi tháng một buổi chuyên đề", "giai_phap", "Mỗi tháng một buổi chuyên đề"),   # no colon
    ("gp Mỗi tháng một buổi", "giai_phap", "Mỗi tháng một buổi"),
    ("kn  Đề nghị mở lớp", "kien_nghi", "Đề nghị mở lớp"),
    ("GP: Mỗi tháng", "giai_phap", "Mỗi tháng"),
    ("Gợi ý của đồng chí", "khac", "Gợi ý của đồng chí"),   # a word that starts with the letters is a word
    ("Gp", "khac", "Gp"),                                   # nothing after: not a prefix
    ("ab Không phải tiền tố", "khac", "ab Không phải tiền tố"),
    ("TT Tổ trưởng", "khac", "TT Tổ trưởng"),
])
def test_prefix_without_colon(line, kind, text):
    assert capture.parse(line, "khac", KNOWN) == (kind, text, [])


@pytest.mark.parametrize("line, name, rest", [
    ("@hoang van duc: gp: Mỗi tháng", "hoang van duc", "gp: Mỗi tháng"),
    ("  @ Lê  Thị Dục :Học tập", "Lê Thị Dục", "Học tập"),
    ("Gửi @ban: tin", "", "Gửi @ban: tin"),          # only at the start
    ("@: không tên", "", "@: không tên"),
    ("@không có hai chấm", "", "@không có hai chấm"),
])
def test_split_author(line, name, rest):
    assert capture.split_author(line) == (name, rest)


def test_the_named_author_leaves_the_text():
    assert capture.parse("@hoang van duc: GP Mỗi tháng BH3", "khac", KNOWN) == ("giai_phap", "Mỗi tháng", ["BH3"])
