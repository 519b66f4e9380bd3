"""A small province built by hand, whose figures are counted by hand in test_oversight.py.

P (tỉnh ủy)
├── D1 (huyện ủy)
│   ├── G1 (đảng bộ xã, type "xa")  ── C1 (pilot), C2
│   └── C3 (chi bộ cơ sở, type "co_quan", pilot)
└── D2 (huyện ủy)
    └── G2 (đảng bộ xã, type "xa")  ── C4, C5
"""
from __future__ import annotations

import datetime as dt

from forumsite.accounts.actions import create_user
from forumsite.extensions import db
from forumsite.followup.models import Clause, PartyDocument, Task
from forumsite.meeting.models import Attendance, Proposal, Speaker
from forumsite.members.models import Member
from forumsite.org.models import GrassrootsType, Organisation
from forumsite.planning.models import Forum, Plan

YEAR = 2026


def _org(name, kind, parent=None, type_=None, pilot=False):
    org = Organisation(name=name, kind=kind, parent=parent, grassroots_type=type_, is_pilot=pilot)
    db.session.add(org)
    db.session.flush()
    org.path = (parent.path if parent else "/") + f"{org.id}/"
    org.depth = parent.depth + 1 if parent else 0
    return org


def _members(cell, n):
    out = []
    for i in range(n):
        m = Member(cell=cell, status="chinh_thuc")
        m.set_name(f"Đảng viên {cell.name} {i + 1}")
        db.session.add(m)
        out.append(m)
    db.session.flush()
    return out


def _forum(cell, held_on, status, title="Diễn đàn"):
    f = Forum(cell=cell, title=title, held_on=held_on, starts_at=dt.time(8, 0), status=status)
    db.session.add(f)
    db.session.flush()
    return f


def _roll(forum, members, present, late=0):
    """The first ``present`` members present (of whom ``late`` late), the others absent."""
    for i, m in enumerate(members):
        status = "late" if i < late else "present" if i < present else "absent_excused"
        db.session.add(Attendance(forum_id=forum.id, member_id=m.id, status=status))


def _spoke(forum, members, guest_name=None):
    for m in members:
        db.session.add(Speaker(forum_id=forum.id, member_id=m.id, name=m.full_name, begin_time=dt.datetime(YEAR, 1, 1),
                               end_time=dt.datetime(YEAR, 1, 1, 0, 5)))
    if guest_name:
        db.session.add(Speaker(forum_id=forum.id, name=guest_name, begin_time=dt.datetime(YEAR, 1, 1)))


def _proposals(forum, kinds, key, author=""):
    made = []
    for i, kind in enumerate(kinds):
        p = Proposal(forum_id=forum.id, kind=kind, text=f"{kind} {forum.id}.{i}", idempotency_key=f"{key}-{i}",
                     author_name=author)
        db.session.add(p)
        made.append(p)
    db.session.flush()
    return made


def build() -> dict:
    from forumsite.catalogue.actions import seed_catalogue

    seed_catalogue()  # the codes (BH…, NV…) the recommendations are filtered by
    # Alongside the demo (browser tests) the demo's own "xa" type is reused.
    xa = db.session.query(GrassrootsType).filter_by(code="xa").one_or_none() or \
        GrassrootsType(code="xa", name="Đảng bộ xã", rural=True, position=1)
    co_quan = GrassrootsType(code="co_quan", name="Cơ quan", position=2)
    db.session.add_all([xa, co_quan])
    p = _org("Tỉnh ủy Thử", "tinh_uy")
    d1 = _org("Huyện ủy Một", "huyen_uy", p)
    d2 = _org("Huyện ủy Hai", "huyen_uy", p)
    g1 = _org("Đảng bộ xã An", "dang_bo_co_so", d1, xa)
    g2 = _org("Đảng bộ xã Bình", "dang_bo_co_so", d2, xa)
    c1 = _org("Chi bộ Một", "chi_bo_truc_thuoc", g1, pilot=True)
    c2 = _org("Chi bộ Hai", "chi_bo_truc_thuoc", g1)
    c3 = _org("Chi bộ Ba", "chi_bo_co_so", d1, co_quan, pilot=True)
    c4 = _org("Chi bộ Bốn", "chi_bo_truc_thuoc", g2)
    c5 = _org("Chi bộ Năm", "chi_bo_truc_thuoc", g2)
    db.session.add(Plan(organisation_id=p.id, number="01-KH/TU", issued_on=dt.date(YEAR, 3, 1), issuer="Tỉnh ủy",
                        theme="Diễn đàn", pilot_from=dt.date(YEAR, 4, 1), evaluation_by=dt.date(YEAR, 6, 30),
                        rollout_from=dt.date(YEAR, 7, 1), min_forums=1, max_forums=2))

    # C1: one forum held (10 on the roll, 8 present of whom 1 late; 3 members spoke, one twice, and a guest),
    # 5 live proposals (2 recommendations, 1 model) plus one deleted and one merged; resolution adopted;
    # 3 tasks (1 done, 1 overdue, 1 open); and one more forum planned for December.
    m1 = _members(c1, 10)
    f1 = _forum(c1, dt.date(YEAR, 4, 15), "resolution_adopted")
    _roll(f1, m1, present=8, late=1)
    _spoke(f1, m1[:3] + [m1[0]], guest_name="Khách mời")
    live = _proposals(f1, ["kien_nghi", "kien_nghi", "mo_hinh", "giai_phap", "nguyen_nhan"], "f1",
                      author=m1[1].full_name)
    live[0].codes = ["BH1", "NV2"]
    gone = _proposals(f1, ["giai_phap", "giai_phap"], "f1x")
    gone[0].deleted_at = dt.datetime(YEAR, 4, 15)
    gone[1].merged_into_id = live[3].id
    db.session.add(PartyDocument(forum_id=f1.id, organisation_id=c1.id, kind="NQ", status="adopted", number=1,
                                 issued_on=dt.date(YEAR, 4, 20)))
    db.session.add(PartyDocument(forum_id=f1.id, organisation_id=c1.id, kind="BC", status="adopted", number=1,
                                 issued_on=dt.date(YEAR, 4, 22)))
    model = Clause(forum_id=f1.id, section="model", text="Mô hình “Chi bộ bốn tốt” của Đồng chí Nguyễn Văn A",
                   owner="Đồng chí Nguyễn Văn A", good_model=True)
    db.session.add(model)
    db.session.flush()
    db.session.add_all([
        Task(organisation_id=c1.id, forum_id=f1.id, clause_id=model.id, text="t1", status="done",
             done_on=dt.date(YEAR, 6, 1)),
        Task(organisation_id=c1.id, forum_id=f1.id, text="t2", deadline=dt.date(YEAR, 5, 1)),
        Task(organisation_id=c1.id, forum_id=f1.id, text="t3", deadline=dt.date(2099, 1, 1)),
    ])
    _forum(c1, dt.date(YEAR, 12, 10), "published")

    # C2: one forum held (4 of 4 present, 2 spoke, 2 proposals) and two drafts: 3 planned, above the maximum.
    m2 = _members(c2, 4)
    f3 = _forum(c2, dt.date(YEAR, 8, 1), "concluded")
    _roll(f3, m2, present=4)
    _spoke(f3, m2[:2])
    _proposals(f3, ["giai_phap", "lien_he"], "f3")
    _forum(c2, dt.date(YEAR, 9, 1), "draft")
    _forum(c2, dt.date(YEAR, 10, 1), "draft")

    # C3 (a pilot) holds nothing. C4 held a forum only the year before.
    _members(c3, 3)
    m4 = _members(c4, 3)
    f6 = _forum(c4, dt.date(YEAR - 1, 5, 5), "closed")
    _roll(f6, m4, present=3)
    _proposals(f6, ["kien_nghi"], "f6")

    # C5: one forum held, 3 of 5 present and all three spoke; 4 proposals (1 model, 1 recommendation);
    # a member who spoke while marked absent does not count as "present who spoke".
    m5 = _members(c5, 5)
    f7 = _forum(c5, dt.date(YEAR, 9, 9), "in_review")
    _roll(f7, m5, present=3)
    _spoke(f7, m5[:3] + [m5[4]])
    recs = _proposals(f7, ["mo_hinh", "kien_nghi", "giai_phap", "giai_phap"], "f7")
    recs[1].codes = ["NV5"]
    db.session.flush()

    create_user("theodoi_d1", "demo12345", display_name="Ban Tuyên giáo Huyện ủy Một", oversight_org_id=d1.id)
    create_user("theodoi_p", "demo12345", display_name="Ban Tuyên giáo Tỉnh ủy Thử", oversight_org_id=p.id)
    create_user("dv_c1", "demo12345", member_id=m1[5].id)
    db.session.commit()
    return {"P": p.id, "D1": d1.id, "D2": d2.id, "G1": g1.id, "G2": g2.id, "C1": c1.id, "C2": c2.id, "C3": c3.id,
            "C4": c4.id, "C5": c5.id, "xa": xa.id, "co_quan": co_quan.id, "f1": f1.id, "f7": f7.id,
            "rec_f1": live[0].id, "rec_f7": recs[1].id, "model": model.id, "author": m1[1].full_name}
