"""Rendering the session screen and the console: the full projector page, each live fragment of the screen,
and each region the console answers a change with (htmx, out of band), for a forum with 60 members, 40
speeches and 150 proposals (SQLite in a temporary folder).

    .venv/bin/python benchmarks/render.py [--runs 200]

Targets: full screen median ≤ 20 ms; each fragment ≤ 5 ms. The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report  # noqa: E402


def build(app):
    import sqlalchemy as sa

    from forumsite.demo import load_demo
    from forumsite.extensions import db
    from forumsite.meeting import actions as ma
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.planning import actions as pa

    with app.test_request_context():
        db.create_all()
        load_demo()
        cell = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
        for i in range(45):  # 15 demo members + 45 = 60
            m = Member(cell_id=cell.id, status="chinh_thuc" if i % 5 else "du_bi")
            m.set_name(f"Nguyễn Văn Thử {i:02d}")
            db.session.add(m)
        details = {"title": "Diễn đàn thử tải", "held_on": dt.date.today(), "starts_at": dt.time(7, 30),
                   "place": "Hội trường", "mode": "standalone", "secretary_id": None, "plan_id": None}
        forum = pa.plan_forum(cell, details, ["de_dan", "boi_canh", "nhiem_vu", "bieu_hien", "thao_luan", "giai_phap"])
        pa.approve_forum(forum, "chi_uy", dt.date.today())
        pa.publish_forum(forum)
        ma.open_forum(forum)
        ma.mark_rest_present(forum)
        codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id)).all()
        long_text = ("Đề nghị chi bộ tăng cường sinh hoạt chuyên đề, gắn việc học tập và làm theo tư tưởng, đạo "
                     "đức, phong cách Hồ Chí Minh với việc nhận diện, ngăn chặn các biểu hiện suy thoái BH3 NV2 ")
        for i in range(40):
            speaker = ma.add_speaker(forum, member=members[i])
            ma.start_speech(forum, speaker)
            for j in range(4 if i < 30 else 3):
                kind = ("giai_phap", "mo_hinh", "kien_nghi", "nguyen_nhan", "lien_he", "muc_tieu", "khac")[(i + j) % 7]
                ma.capture_proposal(forum, f"k-{i}-{j}", long_text[: 80 + (i * j) % 200], kind, codes)
            ma.end_speech(forum, speaker)
        ma.open_tally(forum, "other", "Thông qua chương trình")
        forum.display_token = "render-benchmark-token-000000"
        from forumsite.accounts.models import User

        admin = User(username="bench-admin", is_admin=True)
        admin.set_password("bench-password-0")
        db.session.add(admin)
        db.session.commit()
        count = len(ma.queries.proposals(forum))
        return forum.id, count


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    from forumsite import create_app
    from forumsite.extensions import db
    from forumsite.planning.models import Forum
    from forumsite.screen import render

    tmp = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/render.db", "SECRET_KEY": "bench",
                      "PASSWORD_METHOD": "pbkdf2:sha256:1000"})
    forum_id, proposals = build(app)
    client = app.test_client()
    client.get("/display/render-benchmark-token-000000")  # warm up templates
    full = median_ms(lambda: client.get("/display/render-benchmark-token-000000").data, args.runs)
    fragments = {}
    with app.test_request_context():
        for name in render.REGIONS:
            def one(name=name):
                forum = db.session.get(Forum, forum_id)
                render.regions(forum, "projector", (name,))
                db.session.remove()
            fragments[name] = median_ms(one, args.runs)
    console, statements = console_fragments(app, forum_id, args.runs)
    largest = max(fragments, key=fragments.get)
    rows = [("forum", f"60 members, 40 speeches, {proposals} proposals"),
            ("full projector page (median)", f"{full:.2f} ms")]
    rows += [(f"fragment {name} (median)", f"{ms:.2f} ms") for name, ms in fragments.items()]
    rows += [(f"console region {name} (median)", f"{ms:.2f} ms, {statements[name]} SQL statements")
             for name, ms in console.items()]
    report("session screen and console rendering (SQLite, one process)", rows,
           {"full_ms": round(full, 2), "fragment_ms": round(fragments[largest], 2), "largest_fragment": largest,
            "console_ms": {name: round(ms, 2) for name, ms in console.items()}, "console_statements": statements,
            "runs": args.runs})


def console_fragments(app, forum_id: int, runs: int) -> tuple[dict[str, float], dict[str, int]]:
    """What the console answers a change with: one region, out of band (the answer to a captured proposal
    is "proposals"), as meeting.views.respond builds it for an htmx request; and the SQL statements it sends."""
    import sqlalchemy as sa
    from flask_login import login_user
    from sqlalchemy import event

    from forumsite.accounts.models import User
    from forumsite.extensions import db
    from forumsite.meeting import views
    from forumsite.planning.models import Forum

    times, statements = {}, {}
    with app.test_request_context(headers={"HX-Request": "true"}, method="POST"):
        login_user(db.session.scalar(sa.select(User).where(User.username == "bench-admin")))
        for name in views.REGIONS:
            def one(name=name):
                views.respond(db.session.get(Forum, forum_id), name)
                db.session.expire_all()
            seen = []

            def hook(*_args, seen=seen):
                seen.append(1)

            event.listen(db.engine, "before_cursor_execute", hook)
            one()
            event.remove(db.engine, "before_cursor_execute", hook)
            statements[name] = len(seen)
            times[name] = median_ms(one, runs)
    return times, statements


if __name__ == "__main__":
    main()
