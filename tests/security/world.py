"""A small world for the security tests: the demo province with its finished forum, plus every kind of
object a URL rule names (material, report, good model, display links, a second forum in cell B, an
oversight account of another subtree), so that every rule's arguments can be filled with real ids.

Built once per module (``build_world``); ``Snapshot`` puts the database back after a request that
changed it, on SQLite and PostgreSQL alike (rows copied out and written back table by table)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from forumsite.extensions import db

PASSWORD = "demo12345"

# The actors of the access matrix: name -> username (None: no login).
ACTORS = {
    "anon": None,
    "member": "dangvien",         # member of cell A
    "secretary": "thuky",          # member of cell A, secretary of the forum
    "chair": "bithu",              # chair of cell A
    "chair_b": "bithu2",           # chair of cell B
    "overseer": "tuyengiao",       # oversight of the whole province (above cell A)
    "other_overseer": "giamsat2",  # oversight of another district's subtree
    "admin": "admin",
    "projector_b": None,           # no login, holds the display link of cell B's forum
}


@dataclass
class World:
    ids: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.ids[key]


def build_world(app) -> World:
    """Everything the URL rules name, committed."""
    from forumsite.accounts.actions import create_user
    from forumsite.demo import load_demo
    from forumsite.followup import actions as follow
    from forumsite.followup import drafting
    from forumsite.followup.models import Clause, DocumentSection, PartyDocument, Task
    from forumsite.meeting.models import Proposal, Speaker, Tally
    from forumsite.members.models import Member
    from forumsite.org.actions import create_organisation
    from forumsite.org.models import GrassrootsType, Organisation
    from forumsite.oversight.actions import publish_model
    from forumsite.planning import actions as plan
    from forumsite.planning.models import AgendaItem, Forum, Plan
    from forumsite.screen.actions import new_display, new_display_link

    with app.app_context():
        load_demo(PASSWORD, finished_forum=True)
        db.session.flush()
        orgs = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
        province, district = orgs["Tỉnh ủy Quảng Trị"], orgs["Huyện ủy Hải Lăng"]
        commune, cell_a = orgs["Đảng bộ xã Hải Phú"], orgs["Chi bộ Thôn Phú Hưng"]
        cell_b = orgs["Chi bộ Thôn Long Hưng"]
        # Another district, with a commune and a cell, and an oversight account scoped to it.
        xa = db.session.scalar(sa.select(GrassrootsType).where(GrassrootsType.code == "xa"))
        district2 = create_organisation(province, name="Huyện ủy Triệu Phong", kind="huyen_uy", grassroots_type_id=None)
        commune2 = create_organisation(district2, name="Đảng bộ xã Triệu Độ", kind="dang_bo_co_so",
                                       grassroots_type_id=xa.id)
        create_organisation(commune2, name="Chi bộ Thôn An Lợi", kind="chi_bo_truc_thuoc", grassroots_type_id=None)
        create_user("giamsat2", PASSWORD, display_name="Ban Tuyên giáo Huyện ủy Triệu Phong",
                    oversight_org_id=district2.id)

        forum = db.session.scalar(sa.select(Forum).where(Forum.cell_id == cell_a.id))
        folder = Path(app.instance_path) / "uploads" / str(forum.id)
        material = plan.attach_document(forum, folder, b"%PDF-1.4\n%\xe2\xe3\n", "khac", "Tài liệu tham khảo",
                                        "tai-lieu.pdf", "application/pdf", ".pdf")
        report = follow.create_document(forum, "BC", drafting.report_sections(forum))
        follow.send_report(forum, report, dt.date(2026, 10, 10))
        model_clause = db.session.scalar(sa.select(Clause).where(Clause.forum_id == forum.id,
                                                                 Clause.good_model.is_(True)))
        published = publish_model(commune, model_clause, "Mỗi đảng viên một việc làm theo gương Bác",
                                  "Mỗi đảng viên đăng ký một việc làm cụ thể.")
        commune.public_gallery = True  # the press page is open (the matrix closes it in its own test)

        # A forum of cell A in session, for the console, the screens and the phones.
        from forumsite.meeting import actions as live

        secretary = db.session.scalar(sa.select(Member).where(Member.full_name == "Phạm Thị Hương"))
        forum_live = plan.plan_forum(cell_a, {"title": "Diễn đàn đang họp", "held_on": dt.date(2026, 11, 20),
                                              "starts_at": dt.time(7, 30), "place": "Nhà văn hóa thôn Phú Hưng",
                                              "mode": "standalone", "secretary_id": secretary.id, "plan_id": None},
                                     ["thao_luan", "giai_phap"])
        plan.invite_guest(forum_live, "Trần Văn Khải", "Phó Bí thư Đảng ủy xã", "Đảng ủy xã Hải Phú", "upper_committee")
        plan.approve_forum(forum_live, "chi_uy", dt.date(2026, 11, 10), "")
        plan.publish_forum(forum_live, now=dt.datetime(2026, 11, 11, 1, 0))
        live.open_forum(forum_live, now=dt.datetime(2026, 11, 20, 0, 30))
        speaker_live = live.add_speaker(forum_live, member=secretary)
        live.start_speech(forum_live, speaker_live)
        proposal_live, _ = live.capture_proposal(forum_live, "world-1", "gp: Sinh hoạt chuyên đề mỗi quý BH5",
                                                 "khac", frozenset({"BH5"}))
        # A written proposal from a member's phone, waiting on the console (issue 16.6).
        submission_live = live.submit_written(forum_live, secretary, "Gửi tài liệu trước ba ngày", "giai_phap", [])
        tally_live = live.open_tally(forum_live, "proposal", proposal_live.text, [proposal_live.id])
        token_a = new_display_link(forum_live)
        display_live = new_display(forum_live, "code")  # a display of the room, with its own token
        # A draft being prepared (agenda, guests, approval, publication).
        forum_draft = plan.plan_forum(cell_a, {"title": "Diễn đàn dự thảo", "held_on": dt.date(2026, 12, 10),
                                               "starts_at": dt.time(7, 30), "place": "Hội trường thôn",
                                               "mode": "standalone", "secretary_id": secretary.id, "plan_id": None},
                                      ["thao_luan"])
        plan.invite_guest(forum_draft, "Nguyễn Văn Khách", "Đại biểu", "Mặt trận xã", "other")
        # Its materials: the finished forum's are frozen with its record (F3), these may still be removed.
        plan.attach_document(forum_draft, Path(app.instance_path) / "uploads" / str(forum_draft.id),
                             b"%PDF-1.4\n%\xe2\xe3\n", "khac", "Tài liệu dự thảo", "du-thao.pdf", "application/pdf",
                             ".pdf")

        # Cell B: a published forum with its own display link.
        members_b = db.session.scalars(sa.select(Member).where(Member.cell_id == cell_b.id)).all()
        forum_b = plan.plan_forum(cell_b, {"title": "Diễn đàn chi bộ Thôn Long Hưng", "held_on": dt.date(2026, 11, 5),
                                           "starts_at": dt.time(8, 0), "place": "Nhà văn hóa thôn Long Hưng",
                                           "mode": "standalone", "secretary_id": members_b[1].id, "plan_id": None},
                                  ["thao_luan"])
        plan.approve_forum(forum_b, "bi_thu", dt.date(2026, 10, 20), "")
        plan.publish_forum(forum_b, now=dt.datetime(2026, 10, 21, 1, 0))
        token_b = new_display_link(forum_b)
        # Transfers waiting: one out of cell A (its chair may cancel it), one into cell A (its chair decides).
        from forumsite.members.actions import request_transfer

        by_name = {m.full_name: m for m in db.session.scalars(sa.select(Member))}
        transfer_out = request_transfer(by_name["Bùi Thị Thu"], cell_b, dt.date(2026, 11, 1), "Chuyển nơi ở")
        transfer_in = request_transfer(by_name["Mai Thị Loan"], cell_a, dt.date(2026, 11, 2), "Chuyển về quê")
        db.session.commit()

        nq = db.session.scalar(sa.select(PartyDocument).where(PartyDocument.forum_id == forum.id,
                                                              PartyDocument.kind == "NQ"))
        section = db.session.scalar(sa.select(DocumentSection).where(DocumentSection.document_id == nq.id)
                                    .order_by(DocumentSection.id))
        plain_member = db.session.scalar(sa.select(Member).where(Member.cell_id == cell_a.id,
                                                                 Member.full_name == "Hoàng Văn Đức"))
        user_ids = {u: i for u, i in db.session.execute(sa.text("SELECT username, id FROM \"user\""))}
        ids = {
            "province": province.id, "district": district.id, "commune": commune.id, "cell_a": cell_a.id,
            "cell_b": cell_b.id, "district2": district2.id, "forum": forum.id, "forum_b": forum_b.id,
            "item": db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.forum_id == forum.id)),
            "speaker": db.session.scalar(sa.select(Speaker.id).where(Speaker.forum_id == forum.id)),
            "proposal": db.session.scalar(sa.select(Proposal.id).where(Proposal.forum_id == forum.id)),
            "recommendation": db.session.scalar(sa.select(Proposal.id).where(Proposal.forum_id == forum.id,
                                                                             Proposal.kind == "kien_nghi")),
            "tally": db.session.scalar(sa.select(Tally.id).where(Tally.forum_id == forum.id)),
            "forum_live": forum_live.id, "forum_draft": forum_draft.id, "live_item": forum_live.agenda[0].id,
            "live_speaker": speaker_live.id, "live_submission": submission_live.id,
            "live_proposal": proposal_live.id, "live_tally": tally_live.id, "live_guest": forum_live.guests[0].id,
            "clause": model_clause.id, "material": material.id, "report": report.id, "section": section.id,
            "guest": forum.guests[0].id, "member": plain_member.id,
            "task": db.session.scalar(sa.select(Task.id).where(Task.organisation_id == cell_a.id)),
            "plan": db.session.scalar(sa.select(Plan.id).where(Plan.organisation_id == district.id)),
            "type": xa.id, "code": "BH5", "token": token_a, "token_b": token_b,
            "display": display_live.id,
            "published": published.id, "user": user_ids["dangvien"], "users": user_ids,
            "transfer_out": transfer_out.id, "transfer_in": transfer_in.id,
        }
        assert all(v is not None for v in ids.values()), ids
        return World(ids)


class Snapshot:
    """Every row of every table, to put back after a request that may have changed them."""

    def __init__(self, app):
        self.app = app
        with app.app_context():
            self.rows = {}
            with db.engine.connect() as conn:
                for table in db.metadata.sorted_tables:
                    order = list(table.primary_key.columns)
                    self.rows[table.name] = [dict(r._mapping) for r in conn.execute(sa.select(table).order_by(*order))]
            self.uploads = {p: p.read_bytes() for p in Path(app.instance_path).rglob("*") if p.is_file()
                            and "uploads" in p.parts}

    def fingerprint(self) -> dict[str, int]:
        with self.app.app_context(), db.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                    for t in db.metadata.sorted_tables}

    def restore(self) -> None:
        with self.app.app_context():
            db.session.remove()
            tables = db.metadata.sorted_tables
            with db.engine.begin() as conn:
                for table in reversed(tables):
                    conn.execute(table.delete())
                deferred = []  # foreign keys in a cycle (use_alter): written once every row is back
                for table in tables:
                    rows = self.rows[table.name]
                    if not rows:
                        continue
                    # Cycles and references within the table: written once every row is back.
                    late = [c.parent.name for c in table.foreign_keys if c.use_alter or c.column.table is table]
                    first = [{k: (None if k in late else v) for k, v in r.items()} for r in rows]
                    conn.execute(table.insert(), first)
                    for r in rows:
                        if any(r[c] is not None for c in late):
                            deferred.append((table, r, late))
                for table, r, late in deferred:
                    pk = table.primary_key.columns.values()[0]
                    conn.execute(table.update().where(pk == r[pk.name]).values({c: r[c] for c in late}))
            for path, content in self.uploads.items():
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)


def login(client, username: str, password: str = PASSWORD):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code in (302, 303), f"login of {username} failed: {response.status_code}"
    return client


def clients(app, world: World) -> dict:
    """One test client per actor, logged in (the projector has opened cell B's display)."""
    made = {}
    for actor, username in ACTORS.items():
        c = app.test_client()
        if username:
            login(c, username)
        made[actor] = c
    assert made["projector_b"].get(f"/display/{world['token_b']}").status_code == 200
    return made


def module_app(tmp_path_factory, pg_ready, name: str, **overrides):
    """A module-scoped app (the conftest's ``app`` is per test); the caller disposes it with ``dispose``."""
    from tests.helpers import make_app

    return make_app(tmp_path_factory.mktemp(name), pg_ready, **overrides)


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
