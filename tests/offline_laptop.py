"""The meeting-room laptop of tests/test_offline.py, run as its own process (its own SQLite), on the suite's
frozen clock through tests/frozen_run.py:

    python tests/frozen_run.py tests/offline_laptop.py DIR setup PACKAGE
    python tests/frozen_run.py tests/offline_laptop.py DIR hold N       # opens, captures; waits to be killed
    python tests/frozen_run.py tests/offline_laptop.py DIR finish N OUT # captures the rest, votes, ends, exports

Each step prints one JSON line per event it wants the test to see ("captured" after each commit)."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

KEY = "test-province-offline-key"


def laptop_app(folder: Path):
    from forumsite import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'laptop.db'}", "SECRET_KEY": "laptop",
                      "OFFLINE_SIGNING_KEY": KEY, "OFFLINE_SOURCE_NAME": "may-hop-thon", "TESTING": True,
                      "PASSWORD_METHOD": "pbkdf2:sha256:1000"})
    app.instance_path = str(folder / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    return app


def say(**event) -> None:
    print(json.dumps(event, ensure_ascii=False), flush=True)


def main(folder: Path, step: str, *args: str) -> None:
    from forumsite.extensions import db
    from forumsite.meeting import actions as meeting
    from forumsite.planning.models import Forum

    app = laptop_app(folder)
    with app.app_context():
        if step == "setup":
            from flask_migrate import upgrade

            from forumsite.demo import seed_reference_data
            from forumsite.offline import actions

            upgrade()
            seed_reference_data()
            db.session.commit()
            forum = actions.import_package(Path(args[0]).read_bytes())
            db.session.commit()
            say(forum=forum.id)
            return
        forum = db.session.scalar(sa.select(Forum))
        total = int(args[0])
        if step == "hold" and forum.status == "published":
            meeting.open_forum(forum)
            meeting.mark_rest_present(forum)
            db.session.commit()
        _capture(forum, total, stop_after=total // 2 if step == "hold" else total)
        if step == "hold":
            while True:  # the test kills this process here
                time.sleep(1)
        _finish(forum)
        from forumsite.offline import actions

        Path(args[1]).write_bytes(actions.export_audited(forum))
        db.session.commit()
        say(**_summary(forum))


def _capture(forum, total: int, stop_after: int) -> None:
    from forumsite.extensions import db
    from forumsite.meeting import actions as meeting
    from forumsite.members.models import Member

    members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id).order_by(Member.id)).all()
    for i in range(stop_after):
        speaker = None
        if i % 5 == 0:
            speaker = meeting.add_speaker(forum, member=members[(i // 5) % len(members)])
            db.session.flush()
            meeting.start_speech(forum, speaker)
        _proposal, created = meeting.capture_proposal(forum, f"key-{i}", f"gp: Giải pháp số {i} của chi bộ",
                                                      "giai_phap", set())
        db.session.commit()
        say(captured=i, created=created)


def _finish(forum) -> None:
    from forumsite.extensions import db
    from forumsite.meeting import actions as meeting
    from forumsite.meeting import queries

    tally = meeting.open_tally(forum, "proposals", "Thông qua các giải pháp")
    db.session.flush()
    present = queries.figures(forum).present_voters
    meeting.close_tally(forum, tally, present - 1, 1, 0)
    meeting.save_conclusion(forum, "Chi bộ thống nhất các giải pháp.")
    meeting.conclude(forum)
    # After the forum, on the same laptop: a document attached, the minutes written and approved (numbered).
    from flask import current_app

    from forumsite.followup import actions as followup
    from forumsite.planning import actions as planning

    planning.attach_document(forum, Path(current_app.instance_path) / "uploads" / str(forum.id),
                             b"%PDF-1.4\nphong hop\n", "khac", "Danh sách ký tên", "ky-ten.pdf", "application/pdf",
                             ".pdf")
    minutes = followup.create_document(forum, "BB", [("noi_dung", "Nội dung", "Biên bản diễn đàn tại phòng họp.")])
    db.session.flush()
    followup.adopt_document(forum, minutes)
    db.session.commit()


def _summary(forum) -> dict:
    from forumsite.audit.models import AuditEntry
    from forumsite.extensions import db
    from forumsite.meeting import queries
    from forumsite.meeting.models import Proposal
    from forumsite.offline.models import LaptopCopy

    copy = db.session.scalar(sa.select(LaptopCopy))
    audit = db.session.execute(sa.select(AuditEntry.uuid, AuditEntry.action).where(
        AuditEntry.organisation_id == forum.cell_id, AuditEntry.id >= copy.audit_from)).all()
    figures = queries.figures(forum)
    from tests.helpers import documents_of

    return {**documents_of(forum), "status": forum.status, "proposals": sorted(db.session.scalars(
                sa.select(Proposal.text).where(Proposal.forum_id == forum.id))),
            "figures": [figures.members, figures.present, figures.eligible, figures.present_voters],
            "audit": sorted(u for u, _a in audit), "actions": sorted(a for _u, a in audit)}


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], *sys.argv[3:])
