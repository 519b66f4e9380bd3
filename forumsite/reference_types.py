"""The default list of grassroots organisation types (organization.md §4, finer categories [U]).

Seeded into the database once; each province then edits its own list in the UI.
"""
DEFAULT_GRASSROOTS_TYPES = [
    # code, name, rural
    ("xa", "Xã", True),
    ("phuong", "Phường", False),
    ("thi_tran", "Thị trấn", True),
    ("dac_khu", "Đặc khu", False),
    ("co_quan_hanh_chinh", "Cơ quan hành chính (Đảng, Nhà nước, MTTQ, đoàn thể)", False),
    ("don_vi_su_nghiep_cong_lap", "Đơn vị sự nghiệp công lập", False),
    ("don_vi_su_nghiep_ngoai_cong_lap", "Đơn vị sự nghiệp ngoài công lập", False),
    ("doanh_nghiep_nha_nuoc", "Doanh nghiệp nhà nước", False),
    ("doanh_nghiep_co_phan_von_nha_nuoc", "Doanh nghiệp cổ phần có vốn nhà nước", False),
    ("doanh_nghiep_ngoai_nha_nuoc", "Doanh nghiệp ngoài nhà nước", False),
    ("doanh_nghiep_von_nuoc_ngoai", "Doanh nghiệp có vốn đầu tư nước ngoài", False),
    ("hop_tac_xa", "Hợp tác xã", True),
    ("quan_doi", "Quân đội", False),
    ("cong_an", "Công an", False),
    ("khac", "Khác", False),
]
