"""The demo province: enough of a real tree to click through every role.

Quảng Trị held the forum under Kế hoạch 47-KH/TU (2017); the units and people below are invented.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .accounts.actions import create_user
from .extensions import db
from .members.models import Member
from .org.actions import create_organisation
from .org.models import GrassrootsType, Organisation
from .reference_types import DEFAULT_GRASSROOTS_TYPES
from .rules.planning import FORUM_THEME

DEMO_PASSWORD = "demo12345"
DEMO_ACCOUNTS = [
    ("admin", "Quản trị hệ thống"),
    ("tuyengiao", "Ban Tuyên giáo Tỉnh ủy (theo dõi toàn tỉnh)"),
    ("bithu", "Bí thư Chi bộ Thôn Phú Hưng (có chi ủy)"),
    ("thuky", "Đảng viên Chi bộ Thôn Phú Hưng (thư ký diễn đàn)"),
    ("dangvien", "Đảng viên Chi bộ Thôn Phú Hưng"),
    ("bithu2", "Bí thư Chi bộ Thôn Long Hưng (không có chi ủy)"),
]

# (full name, gender, birth year, role, status, flags)
PHU_HUNG = [
    ("Nguyễn Văn Hùng", "nam", 1968, "bi_thu", "chinh_thuc", ()),
    ("Trần Thị Lan", "nu", 1975, "pho_bi_thu", "chinh_thuc", ()),
    ("Lê Văn Thành", "nam", 1971, "chi_uy_vien", "chinh_thuc", ()),
    ("Phạm Thị Hương", "nu", 1986, "dang_vien", "chinh_thuc", ()),
    ("Hoàng Văn Đức", "nam", 1959, "dang_vien", "chinh_thuc", ()),
    ("Võ Thị Mai", "nu", 1990, "dang_vien", "chinh_thuc", ()),
    ("Đặng Văn Long", "nam", 1982, "to_truong", "chinh_thuc", ()),
    ("Bùi Thị Thu", "nu", 1979, "dang_vien", "chinh_thuc", ()),
    ("Ngô Văn Bình", "nam", 1948, "dang_vien", "chinh_thuc", ("exempt",)),
    ("Đỗ Thị Ngọc Ánh", "nu", 1993, "dang_vien", "chinh_thuc", ()),
    ("Huỳnh Văn Tâm", "nam", 1988, "dang_vien", "chinh_thuc", ()),
    ("Phan Thị Hạnh", "nu", 1984, "dang_vien", "chinh_thuc", ()),
    ("Lý Văn Phúc", "nam", 1999, "dang_vien", "du_bi", ()),
    ("Trương Thị Yến", "nu", 2000, "dang_vien", "du_bi", ()),
    ("Dương Văn Khánh", "nam", 1998, "dang_vien", "du_bi", ()),
]
LONG_HUNG = [
    ("Lê Thị Hoa", "nu", 1972, "bi_thu", "chinh_thuc", ()),
    ("Nguyễn Văn Sơn", "nam", 1965, "dang_vien", "chinh_thuc", ()),
    ("Trần Văn Quang", "nam", 1980, "dang_vien", "chinh_thuc", ()),
    ("Hồ Thị Nhung", "nu", 1987, "dang_vien", "chinh_thuc", ()),
    ("Phạm Văn Tuấn", "nam", 1977, "dang_vien", "chinh_thuc", ()),
    ("Mai Thị Loan", "nu", 1991, "dang_vien", "chinh_thuc", ()),
    ("Cao Văn Nam", "nam", 2001, "dang_vien", "du_bi", ()),
]
AGENCY = [
    ("Nguyễn Thị Thanh Hà", "nu", 1976, "bi_thu", "chinh_thuc", ()),
    ("Lê Quang Vinh", "nam", 1983, "pho_bi_thu", "chinh_thuc", ()),
    ("Trần Minh Châu", "nu", 1989, "dang_vien", "chinh_thuc", ()),
    ("Võ Đình Khoa", "nam", 1985, "dang_vien", "chinh_thuc", ()),
    ("Phạm Ngọc Diệp", "nu", 1994, "dang_vien", "chinh_thuc", ()),
]


def is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def seed_grassroots_types() -> dict[str, GrassrootsType]:
    existing = {t.code: t for t in db.session.scalars(sa.select(GrassrootsType))}
    for position, (code, name, rural) in enumerate(DEFAULT_GRASSROOTS_TYPES):
        if code not in existing:
            existing[code] = GrassrootsType(code=code, name=name, rural=rural, position=position)
            db.session.add(existing[code])
    db.session.flush()
    return existing


def _add_members(cell: Organisation, rows) -> dict[str, Member]:
    made = {}
    for i, (name, gender, year, role, status, flags) in enumerate(rows):
        joined = dt.date(max(year + 25, 1975), 1 + i % 12, 3 + i)
        member = Member(cell_id=cell.id, gender=gender, birth_year=year, role=role, status=status,
                        joined_on=joined if status == "chinh_thuc" else dt.date(2026, 1 + i % 10, 19),
                        official_on=joined.replace(year=joined.year + 1) if status == "chinh_thuc" else None)
        member.set_name(name)
        for flag in flags:
            setattr(member, flag, True)
        db.session.add(member)
        made[name] = member
    db.session.flush()
    return made


THEME = FORUM_THEME  # the official title, as the plans state it


def seed_reference_data() -> dict[str, GrassrootsType]:
    """The configurable lists every database starts with: types, catalogue, framework programme."""
    from .catalogue.actions import seed_catalogue
    from .planning.actions import seed_agenda_template

    types = seed_grassroots_types()
    seed_catalogue()
    seed_agenda_template()
    return types


def _demo_plans(province: Organisation, district: Organisation) -> None:
    from .planning.actions import create_plan

    # The real 2017 plan of Quảng Trị (Kế hoạch 47-KH/TU, organization.md) ...
    create_plan(province, {"number": "47-KH/TU", "issued_on": dt.date(2017, 3, 22),
                           "issuer": "Ban Thường vụ Tỉnh ủy Quảng Trị", "theme": THEME,
                           "pilot_from": dt.date(2017, 4, 1), "evaluation_by": dt.date(2017, 6, 30),
                           "rollout_from": dt.date(2017, 7, 1), "min_forums": 1, "max_forums": 2,
                           "pilot_per_type": True})
    # ... and an invented current one, so that the demo has a plan in force.
    create_plan(district, {"number": "35-KH/HU", "issued_on": dt.date(2026, 1, 15),
                           "issuer": "Ban Thường vụ Huyện ủy Hải Lăng", "theme": THEME,
                           "pilot_from": dt.date(2026, 2, 1), "evaluation_by": dt.date(2026, 4, 30),
                           "rollout_from": dt.date(2026, 5, 1), "min_forums": 1, "max_forums": 2,
                           "pilot_per_type": True})


def load_demo(password: str = DEMO_PASSWORD, finished_forum: bool = True) -> None:
    """Build the demo province into an empty database (the caller commits). ``finished_forum`` adds a
    forum held, reviewed and adopted (tests leave it out to count what they create)."""
    types = seed_reference_data()
    province = create_organisation(None, name="Tỉnh ủy Quảng Trị", kind="tinh_uy", grassroots_type_id=None)
    district = create_organisation(province, name="Huyện ủy Hải Lăng", kind="huyen_uy", grassroots_type_id=None)
    commune = create_organisation(district, name="Đảng bộ xã Hải Phú", kind="dang_bo_co_so",
                                  grassroots_type_id=types["xa"].id)
    phu_hung = create_organisation(commune, name="Chi bộ Thôn Phú Hưng", kind="chi_bo_truc_thuoc",
                                   grassroots_type_id=None, has_committee=True)
    long_hung = create_organisation(commune, name="Chi bộ Thôn Long Hưng", kind="chi_bo_truc_thuoc",
                                    grassroots_type_id=None, has_committee=False)
    agency = create_organisation(district, name="Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao huyện",
                                 kind="chi_bo_co_so", grassroots_type_id=types["don_vi_su_nghiep_cong_lap"].id,
                                 is_pilot=True, has_committee=False)
    _demo_plans(province, district)
    ph = _add_members(phu_hung, PHU_HUNG)
    lh = _add_members(long_hung, LONG_HUNG)
    _add_members(agency, AGENCY)

    create_user("admin", password, display_name="Quản trị hệ thống", is_admin=True)
    create_user("tuyengiao", password, display_name="Ban Tuyên giáo Tỉnh ủy", oversight_org_id=province.id)
    create_user("bithu", password, member_id=ph["Nguyễn Văn Hùng"].id)
    create_user("thuky", password, member_id=ph["Phạm Thị Hương"].id)
    create_user("dangvien", password, member_id=ph["Võ Thị Mai"].id)
    create_user("bithu2", password, member_id=lh["Lê Thị Hoa"].id)
    if finished_forum:
        _finished_forum(phu_hung, ph["Phạm Thị Hương"])
        _decided_at_forum(long_hung, lh["Hồ Thị Nhung"])


def _finished_forum(cell: Organisation, secretary: Member) -> None:
    """A forum held in September, reviewed, with its resolution adopted, minutes approved and tasks —
    so that a newcomer sees the end result at once."""
    from .followup import actions as follow
    from .followup import drafting
    from .meeting import actions as live
    from .meeting.models import Proposal
    from .planning import actions as plan

    codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
    cell.place_name = "Hải Phú"
    follow.set_term(cell, dt.date(2025, 7, 20), "Nhiệm kỳ 2025–2030")
    forum = plan.plan_forum(cell, {"title": THEME, "held_on": dt.date(2026, 9, 15), "starts_at": dt.time(7, 30),
                                   "place": "Nhà văn hóa thôn Phú Hưng", "mode": "standalone",
                                   "secretary_id": secretary.id, "plan_id": None},
                            ["de_dan", "boi_canh", "nhiem_vu", "bieu_hien", "thao_luan", "giai_phap"])
    plan.invite_guest(forum, "Trần Văn Khải", "Phó Bí thư Đảng ủy xã", "Đảng ủy xã Hải Phú", "upper_committee")
    plan.approve_forum(forum, "chi_uy", dt.date(2026, 9, 8), "Họp chi ủy ngày 08/9")
    plan.publish_forum(forum, now=dt.datetime(2026, 9, 9, 1, 0))
    live.open_forum(forum, now=dt.datetime(2026, 9, 15, 0, 30))
    members = {m.full_name: m for m in db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id))}
    live.mark_attendance(forum, members["Bùi Thị Thu"], "absent_excused", "Đi công tác")
    live.mark_rest_present(forum)
    forum.guests[0].present = True
    said = [
        ("Lê Văn Thành", ["nn: Một số đảng viên chưa thường xuyên tự phê bình, còn nể nang BH5",
                          "gp: Mỗi quý một buổi sinh hoạt chuyên đề về tự phê bình và phê bình BH5"]),
        ("Phạm Thị Hương", ["lh: Bản thân đôi lúc còn ngại va chạm khi góp ý đồng chí BH5",
                            "mh: Mô hình “Mỗi đảng viên một việc làm theo gương Bác” NV3"]),
        ("Hoàng Văn Đức", ["kn: Đề nghị Đảng ủy xã mở lớp bồi dưỡng lý luận cho đảng viên trẻ NV2",
                           "gp: Phân công đảng viên kèm cặp đảng viên dự bị BH3"]),
        ("Võ Thị Mai", ["mt: Phấn đấu 100% đảng viên hoàn thành tốt nhiệm vụ năm 2027"]),
    ]
    for n, (name, lines) in enumerate(said):
        speaker = live.add_speaker(forum, member=members[name])
        live.start_speech(forum, speaker)
        for k, line in enumerate(lines):
            live.capture_proposal(forum, f"demo-{n}-{k}", line, "khac", codes)
        live.end_speech(forum, speaker)
    live.save_conclusion(forum, "Chi bộ thống nhất nhận diện các biểu hiện cần khắc phục, tập trung vào tự phê bình "
                                "và phê bình, giao chi ủy xây dựng nghị quyết chuyên đề.")
    live.conclude(forum)
    forum.concluded_at = dt.datetime(2026, 9, 15, 3, 20)  # 10:20 that morning, as the minutes state it
    follow.start_review(forum)
    follow.record_review_meeting(forum, dt.date(2026, 9, 25), "Đồng chí Hùng, đồng chí Lan, đồng chí Thành",
                                 "Diễn đàn đạt yêu cầu; chọn hai giải pháp và một mô hình.")
    follow.confirm_related(forum, ["BH5"])  # the chair confirms what members really related themselves to
    proposals = {p.text[:20]: p for p in db.session.scalars(sa.select(Proposal).where(Proposal.forum_id == forum.id))}
    pick = lambda start: [p for t, p in proposals.items() if t.startswith(start)]  # noqa: E731
    follow.compose_clause(forum, "Phấn đấu 100% đảng viên hoàn thành tốt nhiệm vụ năm 2027", pick("Phấn đấu"),
                          "objective")
    follow.compose_clause(forum, "Mỗi quý tổ chức một buổi sinh hoạt chuyên đề về tự phê bình và phê bình",
                          pick("Mỗi quý"), "task", "Chi ủy", dt.date(2026, 12, 31))
    follow.compose_clause(forum, "Phân công đảng viên chính thức kèm cặp đảng viên dự bị", pick("Phân công"), "task",
                          "Đồng chí Lê Văn Thành", dt.date(2026, 10, 31))
    follow.compose_clause(forum, "Nhân rộng mô hình “Mỗi đảng viên một việc làm theo gương Bác”", pick("Mô hình"),
                          "model", "Toàn thể đảng viên")
    resolution = follow.create_document(forum, "NQ", drafting.resolution_sections(forum))
    minutes = follow.create_document(forum, "BB", drafting.minutes_sections(forum))
    follow.adopt_document(forum, minutes, None, dt.date(2026, 9, 15))
    # Only the hands are typed; the eligible members and those present are the record's (probe F16).
    from .meeting import queries

    voters = queries.figures(forum).present_voters
    tally = follow.record_adoption_vote(forum, "", voters - 1, 0, 1)
    follow.adopt_document(forum, resolution, tally, dt.date(2026, 10, 5))


def _decided_at_forum(cell: Organisation, secretary: Member) -> None:
    """A forum of the cell without a chi ủy, in October: the bí thư chairs, selects three of the proposals
    (two duplicates merged into one item), the cell adopts the list by show of hands at the forum, and the
    bí thư issues the resolution citing that vote — no second vote (provincial plan, tổ chức thực hiện)."""
    from .followup import actions as follow
    from .followup import drafting
    from .followup.record import forum_adoption
    from .meeting import actions as live
    from .meeting import queries
    from .planning import actions as plan
    from .rules.decision import numbered

    codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
    cell.place_name = "Hải Phú"
    forum = plan.plan_forum(cell, {"title": THEME, "held_on": dt.date(2026, 10, 20), "starts_at": dt.time(19, 30),
                                   "place": "Nhà văn hóa thôn Long Hưng", "mode": "monthly",
                                   "secretary_id": secretary.id, "plan_id": None},
                            ["de_dan", "thao_luan", "giai_phap"])
    plan.approve_forum(forum, "bi_thu", dt.date(2026, 10, 13), "")
    plan.publish_forum(forum, now=dt.datetime(2026, 10, 14, 1, 0))
    live.open_forum(forum, now=dt.datetime(2026, 10, 20, 12, 30))
    members = {m.full_name: m for m in db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id))}
    live.mark_rest_present(forum)
    said = [
        ("Nguyễn Văn Sơn", ["gp: Mỗi tháng một đảng viên báo cáo việc tu dưỡng, rèn luyện trước chi bộ BH5",
                            "kn: Đề nghị Đảng ủy xã cấp tài liệu học tập chuyên đề năm 2027 NV1"]),
        ("Hồ Thị Nhung", ["gp: Đảng viên báo cáo việc tu dưỡng, rèn luyện tại sinh hoạt chi bộ hằng tháng BH5",
                          "mh: Mô hình “Đảng viên giúp hộ nghèo” NV3"]),
        ("Trần Văn Quang", ["mt: Không có đảng viên vi phạm tư cách trong năm 2027",
                            "nn: Sinh hoạt chi bộ có lúc còn hình thức BH4"]),
    ]
    captured = []
    for n, (name, lines) in enumerate(said):
        speaker = live.add_speaker(forum, member=members[name])
        live.start_speech(forum, speaker)
        for k, line in enumerate(lines):
            captured.append(live.capture_proposal(forum, f"demo-lh-{n}-{k}", line, "khac", codes)[0])
        live.end_speech(forum, speaker)
    monthly, _kn, monthly_again, model, goal, _cause = captured
    live.merge_proposals(forum, monthly, [monthly_again])
    selection = [monthly, model, goal]
    tally = live.open_tally(forum, "tasks", numbered([p.plain_text for p in selection]), [p.id for p in selection])
    voters = queries.figures(forum).present_voters
    live.close_tally(forum, tally, voters, 0, 0)
    live.save_conclusion(forum, "Chi bộ biểu quyết thông qua ba nội dung do chủ trì lựa chọn; bí thư chi bộ hoàn "
                                "thiện nghị quyết chuyên đề.")
    live.conclude(forum)  # the three items become the resolution's clauses
    follow.start_review(forum)
    from .followup.models import Clause

    task = db.session.scalar(sa.select(Clause).where(Clause.forum_id == forum.id, Clause.section == "task"))
    follow.edit_clause(forum, task, task.text, "Đồng chí Nguyễn Văn Sơn", dt.date(2026, 12, 31), False)
    resolution = follow.create_document(forum, "NQ", drafting.resolution_sections(forum))
    decided, line = forum_adoption(forum)
    follow.adopt_document(forum, resolution, decided, dt.date(2026, 10, 22), line=line)
