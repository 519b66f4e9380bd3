"""A realistic province for measuring the oversight pages at scale (`flask generate-province`).

Full size: 15 upper units, 1,200 grassroots organisations, 6,000 cells, 200,000 members, 12,000 forums
(last year's and this year's), 600,000 proposals, with the attendance, speakers, resolutions, tasks, good
models and reports that follow from them. Rows go in with bulk INSERTs and ids assigned here (one
round trip per table and unit, not per row); on PostgreSQL the id sequences are moved past them at the end.
Random but reproducible (a seed), so that two runs measure the same data."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import sqlalchemy as sa

from ..clock import today_local
from ..extensions import db
from ..followup.models import Clause, PartyDocument, Task
from ..meeting.models import Attendance, Proposal, Speaker
from ..members.models import Member
from ..org.models import GrassrootsType, Organisation
from ..planning.models import Forum, Plan
from ..vn import fold

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Trương", "Đinh", "Lương", "Mai")
MIDDLE_M = ("Văn", "Đức", "Hữu", "Minh", "Quang", "Công", "Xuân", "Thanh", "Ngọc", "Đình")
MIDDLE_F = ("Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Hồng")
GIVEN_M = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Huy", "Khánh", "Long", "Nam", "Phong", "Phúc", "Quân",
           "Sơn", "Tâm", "Thành", "Tuấn", "Việt", "Vinh", "Hoàng", "Lâm", "Trung", "Đức", "Tiến")
GIVEN_F = ("Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung",
           "Phương", "Thảo", "Trang", "Vân", "Yến", "Thu", "Huyền", "Loan", "Oanh")
PLACES = ("An", "Bình", "Cam", "Do", "Đông", "Gio", "Hải", "Hòa", "Hưng", "Khe", "Lâm", "Long", "Minh", "Mỹ",
          "Ninh", "Phong", "Phú", "Phước", "Quang", "Tân", "Thạch", "Thanh", "Thuận", "Triệu", "Trung", "Vĩnh",
          "Xuân", "Yên", "Lộc", "Thượng", "Hạ", "Nam", "Bắc", "Tây", "Sơn", "Lợi", "Thịnh", "Đức")
UNITS = ("Huyện ủy Cam Lộ", "Huyện ủy Gio Linh", "Huyện ủy Vĩnh Linh", "Huyện ủy Triệu Phong",
         "Huyện ủy Hải Lăng", "Huyện ủy Đakrông", "Huyện ủy Hướng Hóa", "Thị ủy Quảng Trị", "Thành ủy Đông Hà",
         "Huyện ủy Cồn Cỏ", "Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Khối doanh nghiệp tỉnh",
         "Đảng ủy Quân sự tỉnh", "Đảng ủy Công an tỉnh", "Đảng ủy Bộ đội Biên phòng tỉnh")
UNIT_KINDS = {"Huyện": "huyen_uy", "Thị ủy": "thi_uy", "Thành": "thanh_uy", "Đảng ủy": "dang_uy_truc_thuoc"}
PROPOSAL_TEXTS = {
    "giai_phap": ("Tăng cường sinh hoạt chuyên đề hằng quý về {t}", "Phân công đảng viên theo dõi, giúp đỡ {t}",
                  "Đưa nội dung {t} vào đánh giá, xếp loại đảng viên cuối năm"),
    "mo_hinh": ("Mô hình “Mỗi đảng viên một việc làm tốt” gắn với {t}", "Mô hình “Tổ tự quản” về {t}",
                "Mô hình “Dân vận khéo” trong {t}"),
    "kien_nghi": ("Đề nghị cấp trên cung cấp tài liệu sinh hoạt về {t}",
                  "Kiến nghị cấp ủy cấp trên hướng dẫn cụ thể cách liên hệ về {t}",
                  "Đề nghị bồi dưỡng kỹ năng cho bí thư chi bộ về {t}"),
    "nguyen_nhan": ("Một số đảng viên còn ngại va chạm khi góp ý về {t}", "Công tác kiểm tra, giám sát về {t} "
                    "chưa thường xuyên"),
    "lien_he": ("Bản thân còn chưa thường xuyên tự phê bình về {t}", "Chi bộ còn hạn chế trong {t}"),
    "muc_tieu": ("Phấn đấu 100% đảng viên cam kết rèn luyện về {t}",),
    "khac": ("Ý kiến bổ sung về {t}",),
}
KINDS = ["giai_phap"] * 30 + ["mo_hinh"] * 6 + ["kien_nghi"] * 8 + ["nguyen_nhan"] * 20 + ["lien_he"] * 26 + \
        ["muc_tieu"] * 6 + ["khac"] * 4
TOPICS = ("tư tưởng chính trị", "đạo đức, lối sống", "tinh thần trách nhiệm", "nêu gương của cán bộ",
          "quan hệ với nhân dân", "thực hành tiết kiệm", "văn hóa công sở", "thông tin trên mạng xã hội")

FULL = {"units": 15, "grassroots": 1200, "cells": 6000, "members": 200_000, "forums": 12_000,
        "proposals": 600_000}


class Ids:
    """Next free id per table, so that bulk inserts need no RETURNING."""

    def __init__(self, models):
        self.next = {m: (db.session.scalar(sa.select(sa.func.max(m.id))) or 0) + 1 for m in models}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _name(rng: random.Random) -> tuple[str, str]:
    female = rng.random() < 0.45
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}", "nu" if female else "nam"


def _place(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(PLACES)}"


def generate(scale: float = 1.0, seed: int = 2017, name: str = "Tỉnh ủy Quảng Trị (dữ liệu mẫu lớn)",
             progress: Callable[[int], None] | None = None) -> dict:
    """Add a generated province under a new root; returns its id and the counts written."""
    rng = random.Random(seed)
    sizes = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    types = {t.code: t for t in db.session.scalars(sa.select(GrassrootsType))}
    if not types:
        from ..demo import seed_reference_data

        types = seed_reference_data()
        db.session.commit()
    ids = Ids([Organisation, Member, Forum, Attendance, Speaker, Proposal, PartyDocument, Clause, Task])
    today = today_local()
    this_year, last_year = today.year, today.year - 1
    now = dt.datetime(today.year, today.month, today.day)
    counts = dict.fromkeys(("organisations", "cells", "members", "forums", "attendance", "speakers", "proposals",
                            "resolutions", "models", "tasks"), 0)

    root_id = ids.take(Organisation)
    insert(Organisation, [dict(id=root_id, parent_id=None, name=name, kind="tinh_uy", path=f"/{root_id}/",
                               depth=0, is_pilot=False, has_committee=False, place_name="Đông Hà",
                               public_gallery=False, created_at=now)])
    counts["organisations"] += 1
    db.session.add(Plan(organisation_id=root_id, number="47-KH/TU", issued_on=dt.date(last_year, 3, 1),
                        issuer="Ban Thường vụ Tỉnh ủy", theme="Vai trò của chi bộ Đảng trong việc giáo dục, quản lý "
                        "cán bộ, đảng viên", pilot_from=dt.date(last_year, 4, 1),
                        evaluation_by=dt.date(last_year, 6, 30), rollout_from=dt.date(last_year, 7, 1)))
    rural = [t for t in types.values() if t.code in ("xa", "thi_tran")]
    urban = [t for t in types.values() if t.code not in ("xa", "thi_tran")]
    grassroots_per_unit = sizes["grassroots"] // sizes["units"]
    cells_per_unit = sizes["cells"] // sizes["units"]
    members_per_cell = max(3, sizes["members"] // sizes["cells"])
    forums_per_cell = sizes["forums"] / sizes["cells"]
    # About one forum in ten is not held yet (planned later this year), and only held forums have proposals.
    proposals_per_forum = max(1, round(sizes["proposals"] / (sizes["forums"] * 0.9)))

    for u in range(sizes["units"]):
        unit_name = UNITS[u % len(UNITS)] + ("" if u < len(UNITS) else f" {u // len(UNITS) + 1}")
        kind = next(v for k, v in UNIT_KINDS.items() if unit_name.startswith(k))
        unit_id = ids.take(Organisation)
        unit_path = f"/{root_id}/{unit_id}/"
        orgs = [dict(id=unit_id, parent_id=root_id, name=unit_name, kind=kind, path=unit_path, depth=1,
                     is_pilot=False, has_committee=False, place_name=unit_name.split(" ", 2)[-1],
                     public_gallery=False, created_at=now)]
        cells: list[dict] = []
        # Grassroots organisations: about 30 % agencies that are one cell (chi bộ cơ sở), the others đảng bộ
        # whose cells share out the rest evenly.
        n_single = min(grassroots_per_unit - 1, round(grassroots_per_unit * 0.3)) if cells_per_unit > \
            grassroots_per_unit else grassroots_per_unit
        n_party = grassroots_per_unit - n_single
        spread = [0] * n_party
        for i in range(max(0, cells_per_unit - n_single)):
            spread[i % n_party if n_party else 0] += 1
        for g in range(grassroots_per_unit):
            gid = ids.take(Organisation)
            if g < n_single or not n_party:
                gtype = rng.choice(urban)
                row = dict(id=gid, parent_id=unit_id, name=f"Chi bộ {gtype.name.split(' (')[0]} {_place(rng)}",
                           kind="chi_bo_co_so", grassroots_type_id=gtype.id, path=f"{unit_path}{gid}/", depth=2,
                           is_pilot=False, has_committee=rng.random() < 0.4, place_name="", public_gallery=False,
                           created_at=now)
                orgs.append(row)
                cells.append(row)
                continue
            gtype = rng.choice(rural) if rng.random() < 0.75 else rng.choice(urban)
            place = _place(rng)
            label = {"xa": "xã", "thi_tran": "thị trấn"}.get(gtype.code, "")
            orgs.append(dict(id=gid, parent_id=unit_id, name=f"Đảng bộ {label or gtype.name.split(' (')[0]} {place}",
                             kind="dang_bo_co_so", grassroots_type_id=gtype.id, path=f"{unit_path}{gid}/", depth=2,
                             is_pilot=False, has_committee=True, place_name=place, public_gallery=False,
                             created_at=now))
            for c in range(max(1, spread[g - n_single])):
                cid = ids.take(Organisation)
                row = dict(id=cid, parent_id=gid, name=f"Chi bộ Thôn {_place(rng)}" if label else
                           f"Chi bộ {c + 1} – {place}", kind="chi_bo_truc_thuoc", grassroots_type_id=None,
                           path=f"{unit_path}{gid}/{cid}/", depth=3, is_pilot=False,
                           has_committee=rng.random() < 0.35, place_name=place, public_gallery=False,
                           created_at=now)
                orgs.append(row)
                cells.append(row)
        # Pilots: one cell per grassroots type present, except that a few units forgot one.
        by_type: dict[int, list[dict]] = {}
        parent_type = {o["id"]: o.get("grassroots_type_id") for o in orgs}
        for cell in cells:
            by_type.setdefault(cell.get("grassroots_type_id") or parent_type.get(cell["parent_id"]), []).append(cell)
        for group in by_type.values():
            if rng.random() < 0.9:
                rng.choice(group)["is_pilot"] = True
        for o in orgs:
            o.setdefault("grassroots_type_id", None)
        insert(Organisation, orgs)
        counts["organisations"] += len(orgs)
        counts["cells"] += len(cells)
        _unit_activity(rng, ids, cells, members_per_cell, forums_per_cell, proposals_per_forum, this_year,
                       last_year, today, now, counts)
        db.session.commit()
        if progress:
            progress(1)
    _move_sequences()
    db.session.commit()
    return {"province_id": root_id, **counts}


def _unit_activity(rng, ids, cells, members_per_cell, forums_per_cell, proposals_per_forum, this_year, last_year,
                   today, now, counts) -> None:
    members, forums, attendance, speakers, proposals, documents, clauses, tasks = ([] for _ in range(8))
    for cell in cells:
        n_members = max(3, int(rng.gauss(members_per_cell, members_per_cell / 4)))
        cell_members = []
        for i in range(n_members):
            full_name, gender = _name(rng)
            mid = ids.take(Member)
            role = "bi_thu" if i == 0 else "pho_bi_thu" if i == 1 else "dang_vien"
            members.append(dict(id=mid, cell_id=cell["id"], full_name=full_name, name_folded=fold(full_name),
                                gender=gender, birth_year=rng.randint(1950, 2002), status="chinh_thuc"
                                if rng.random() < 0.93 else "du_bi", role=role, exempt=rng.random() < 0.04,
                                temp_in=False, temp_out=False, suspended=False, created_at=now, updated_at=now))
            cell_members.append((mid, full_name))
        counts["members"] += n_members
        # Forums: about forums_per_cell per cell over two years; this year's later ones may still be planned.
        n_forums = max(0, round(rng.gauss(forums_per_cell, 0.6)))
        for k in range(n_forums):
            year = last_year if k % 2 == 0 else this_year
            if cell["is_pilot"] and k == 0:
                held_on = dt.date(last_year, rng.randint(4, 6), rng.randint(1, 28))
            else:
                held_on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            held = held_on < today and rng.random() < 0.95
            status = rng.choice(("concluded", "in_review", "resolution_adopted", "resolution_adopted", "closed")) \
                if held else rng.choice(("draft", "published"))
            fid = ids.take(Forum)
            forums.append(dict(id=fid, cell_id=cell["id"], title="Diễn đàn “Vai trò của chi bộ Đảng…”",
                               held_on=held_on, starts_at=dt.time(7, 30), place="Hội trường", mode="standalone",
                               parts=[], status=status, opening_steps=[], speaking_limit=300, conclusion="",
                               overlay_mode="", overlay_message="", screen_theme="light", live_version=0,
                               approval_note="", created_at=now, updated_at=now))
            counts["forums"] += 1
            if not held:
                continue
            present = []
            for mid, full_name in cell_members:
                r = rng.random()
                status_ = "present" if r < 0.86 else "late" if r < 0.9 else "absent_excused" if r < 0.97 \
                    else "absent_unexcused"
                attendance.append(dict(id=ids.take(Attendance), forum_id=fid, member_id=mid, status=status_,
                                       reason="", marked_at=now))
                if status_ in ("present", "late"):
                    present.append((mid, full_name))
            counts["attendance"] += n_members
            begin = dt.datetime.combine(held_on, dt.time(1, 0))
            talkers = rng.sample(present, min(len(present), rng.randint(5, 10)))
            for w, (mid, full_name) in enumerate(talkers):
                speakers.append(dict(id=ids.take(Speaker), forum_id=fid, member_id=mid, name=full_name, weight=w,
                                     requested=False, limit_seconds=300, begin_time=begin, paused_seconds=0,
                                     end_time=begin + dt.timedelta(minutes=4), note="", codes=[], created_at=now))
            counts["speakers"] += len(talkers)
            n_props = max(1, int(rng.gauss(proposals_per_forum, proposals_per_forum / 5)))
            for p in range(n_props):
                kind = rng.choice(KINDS)
                author = rng.choice(talkers) if talkers else (None, "")
                code = rng.choice(("BH", "NV")) + str(rng.randint(1, 27 if p % 2 else 10))
                pid = ids.take(Proposal)
                proposals.append(dict(id=pid, forum_id=fid, author_member_id=author[0], author_name=author[1],
                                      kind=kind, text=rng.choice(PROPOSAL_TEXTS[kind]).format(t=rng.choice(TOPICS)),
                                      codes=[code], idempotency_key=f"g{pid}", adopted=False, created_at=now))
            counts["proposals"] += n_props
            if status in ("resolution_adopted", "closed"):
                documents.append(dict(id=ids.take(PartyDocument), forum_id=fid, organisation_id=cell["id"],
                                      kind="NQ", status="adopted", number=k + 1, issued_on=held_on, received_by="",
                                      created_at=now))
                documents.append(dict(id=ids.take(PartyDocument), forum_id=fid, organisation_id=cell["id"],
                                      kind="BC", status="adopted", number=k + 1, issued_on=held_on, received_by="",
                                      created_at=now))
                counts["resolutions"] += 1
                for t in range(3):
                    model = t == 0 and rng.random() < 0.35
                    cid = ids.take(Clause)
                    kind = "mo_hinh" if model else "giai_phap"
                    clauses.append(dict(id=cid, forum_id=fid, section="model" if model else "task",
                                        text=rng.choice(PROPOSAL_TEXTS[kind]).format(t=rng.choice(TOPICS)),
                                        position=t, owner="Chi ủy", good_model=model, created_at=now))
                    counts["models"] += int(model)
                    deadline = held_on + dt.timedelta(days=rng.randint(30, 240))
                    done = deadline < today and rng.random() < 0.7
                    tasks.append(dict(id=ids.take(Task), organisation_id=cell["id"], forum_id=fid, clause_id=cid,
                                      text=clauses[-1]["text"], owner="Chi ủy", deadline=deadline,
                                      status="done" if done else "open", done_on=deadline if done else None,
                                      created_at=now))
                    counts["tasks"] += 1
    for model, rows in ((Member, members), (Forum, forums), (Attendance, attendance), (Speaker, speakers),
                        (Proposal, proposals), (PartyDocument, documents), (Clause, clauses), (Task, tasks)):
        insert(model, rows)


def insert(model, rows: list[dict], batch: int = 5000) -> None:
    for start in range(0, len(rows), batch):
        db.session.execute(sa.insert(model), rows[start:start + batch])


def _move_sequences() -> None:
    """PostgreSQL hands out ids from sequences, which the explicit ids above did not advance."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (Organisation, Member, Forum, Attendance, Speaker, Proposal, PartyDocument, Clause, Task, Plan):
        table = model.__table__.name
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"))
