"""Checking in a large forum held offline (issue 17): 60 members, 40 speeches, 300 proposals, tallies, adopted
minutes and documents, checked out of a server, held on a laptop (both SQLite in a temporary folder), and the
server's check-in timed — reading and verifying the signed record, comparing, applying, committing.

    .venv/bin/python benchmarks/offline_checkin.py [--runs 5]

Each run starts from a copy of the server's database as it was at check-out. Target: under 2 s. The last line
is one JSON object."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report  # noqa: E402

KEY = "benchmark-province-offline-key"
PDF = b"%PDF-1.4\n" + os.urandom(300_000)  # a 300 KB document (compressed content, as in a real PDF)


def make_app(folder: Path, name: str):
    from forumsite import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / name}", "SECRET_KEY": "bench",
                      "PASSWORD_METHOD": "pbkdf2:sha256:1000", "OFFLINE_SIGNING_KEY": KEY,
                      "OFFLINE_SOURCE_NAME": name})
    app.instance_path = str(folder / f"{name}-instance")
    return app


def server_side(folder: Path) -> tuple[int, bytes]:
    """The demo province, 45 more members in cell A (60 in all), a published forum with three documents,
    checked out."""
    import sqlalchemy as sa

    from forumsite.demo import load_demo
    from forumsite.extensions import db
    from forumsite.members.models import Member
    from forumsite.offline import actions
    from forumsite.org.models import Organisation
    from forumsite.planning import actions as pa

    app = make_app(folder, "server.db")
    with app.test_request_context():
        db.create_all()
        load_demo()
        cell = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
        for i in range(60 - len(db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id)).all())):
            member = Member(cell_id=cell.id, status="chinh_thuc" if i % 5 else "du_bi")
            member.set_name(f"Nguyễn Văn Thử {i:02d}")
            db.session.add(member)
        details = {"title": "Diễn đàn thử tải", "held_on": dt.date.today(), "starts_at": dt.time(7, 30),
                   "place": "Hội trường", "mode": "standalone", "secretary_id": None, "plan_id": None}
        forum = pa.plan_forum(cell, details, ["de_dan", "boi_canh", "nhiem_vu", "bieu_hien", "thao_luan", "giai_phap"])
        pa.approve_forum(forum, "chi_uy", dt.date.today())
        pa.publish_forum(forum)
        db.session.flush()
        for n in range(3):
            pa.attach_document(forum, Path(app.instance_path) / "uploads" / str(forum.id), PDF, "bao_cao_de_dan",
                               f"Tài liệu {n}", f"tai-lieu-{n}.pdf", "application/pdf", ".pdf")
        _checkout, package = actions.check_out(forum, "Nhà văn hóa")
        db.session.commit()
        forum_id = forum.id
        db.session.remove()
        db.engine.dispose()  # closing the last connection checkpoints the WAL: the file is whole to copy
        return forum_id, package


def laptop_side(folder: Path, package: bytes) -> tuple[bytes, int]:
    """The forum held: everyone marked, 40 speeches, 300 proposals, 5 shows of hands, minutes adopted, two
    documents attached on the laptop; its record exported."""
    import sqlalchemy as sa

    from forumsite.demo import seed_reference_data
    from forumsite.extensions import db
    from forumsite.followup import actions as fa
    from forumsite.meeting import actions as ma
    from forumsite.meeting import queries
    from forumsite.members.models import Member
    from forumsite.offline import actions
    from forumsite.planning import actions as pa

    app = make_app(folder, "laptop.db")
    with app.test_request_context():
        db.create_all()
        seed_reference_data()
        forum = actions.import_package(package)
        ma.open_forum(forum)
        ma.mark_rest_present(forum)
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id)).all()
        text = ("Đề nghị chi bộ tăng cường sinh hoạt chuyên đề, gắn việc học tập và làm theo tư tưởng, đạo đức, "
                "phong cách Hồ Chí Minh với việc nhận diện, ngăn chặn các biểu hiện suy thoái ")
        count = 0
        for i in range(40):
            speaker = ma.add_speaker(forum, member=members[i])
            ma.start_speech(forum, speaker)
            for j in range(8 if i < 20 else 7):
                kind = ("giai_phap", "mo_hinh", "kien_nghi", "nguyen_nhan", "lien_he", "muc_tieu", "khac")[(i + j) % 7]
                ma.capture_proposal(forum, f"k-{i}-{j}", text[: 80 + (i * j) % 100] + str(count), kind, set())
                count += 1
            ma.end_speech(forum, speaker)
        for n in range(5):
            tally = ma.open_tally(forum, "other", f"Biểu quyết {n}")
            db.session.flush()
            present = queries.figures(forum).present_voters
            ma.close_tally(forum, tally, present - 2, 1, 1)
        ma.save_conclusion(forum, "Chi bộ thống nhất các giải pháp.")
        ma.conclude(forum)
        folder_docs = Path(app.instance_path) / "uploads" / str(forum.id)
        for n in range(2):
            pa.attach_document(forum, folder_docs, PDF, "khac", f"Tài liệu ở phòng họp {n}", f"phong-hop-{n}.pdf",
                               "application/pdf", ".pdf")
        document = fa.create_document(forum, "BB", [("noi_dung", "Nội dung", "Biên bản diễn đàn. " * 200)])
        db.session.flush()
        fa.adopt_document(forum, document)
        db.session.commit()
        record = actions.export_audited(forum)
        db.session.commit()
        return record, count


def check_in(folder: Path, run: int, record: bytes) -> tuple[float, dict]:
    from forumsite.extensions import db
    from forumsite.offline import actions

    shutil.copy(folder / "server.db", folder / f"run-{run}.db")
    app = make_app(folder, f"run-{run}.db")
    with app.test_request_context():
        started = time.perf_counter()
        opened, forum = actions.open_record(record)
        entry = actions.check_in(forum, opened)
        db.session.commit()
        elapsed = time.perf_counter() - started
        counts = dict(entry.counts)
        db.session.remove()
    return elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    _forum_id, package = server_side(folder)
    record, proposals = laptop_side(folder, package)
    times, counts = [], {}
    for run in range(args.runs):
        elapsed, counts = check_in(folder, run, record)
        times.append(elapsed)
    median = statistics.median(times)
    rows = [("forum", f"60 members, 40 speeches, {proposals} proposals, 5 tallies, minutes, 5 documents"),
            ("record file", f"{len(record) / 1024:.0f} KB"),
            ("rows applied", ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))),
            ("check-in (median)", f"{median * 1000:.0f} ms"), ("check-in (slowest)", f"{max(times) * 1000:.0f} ms")]
    report("offline check-in (SQLite, one process)", rows,
           {"median_ms": round(median * 1000), "max_ms": round(max(times) * 1000), "runs": args.runs,
            "proposals": proposals, "record_kb": round(len(record) / 1024), "target_ms": 2000})
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
