"""Each console region is rendered from only what it shows (meeting/regions.py NEEDS): the same HTML as from
every fact of the forum, in each state a region changes with (speakers waiting and done, proposals, a closed
and an open show of hands, attendance marked)."""
import datetime as dt

import pytest
import sqlalchemy as sa
import time_machine
from flask_login import login_user

from forumsite.extensions import db
from tests.helpers import plan_forum_of_cell_a


def _busy_forum(app, demo) -> int:
    from forumsite.meeting import actions as live
    from forumsite.members.models import Member
    from forumsite.planning.models import Forum

    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        live.mark_rest_present(forum)
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id)).all()
        for i, member in enumerate(members[:3]):
            speaker = live.add_speaker(forum, member=member)
            if i < 2:
                live.start_speech(forum, speaker)
                live.capture_proposal(forum, f"region-{i:04d}", f"gp: Giải pháp số {i} BH3", "khac",
                                      frozenset({"BH3"}))
                live.end_speech(forum, speaker)
        tally = live.open_tally(forum, "other", "Thông qua chương trình")
        present = live.queries.figures(forum).present_voters
        live.close_tally(forum, tally, present, 0, 0)
        live.open_tally(forum, "other", "Thông qua nội dung kết luận")
        db.session.commit()
    return forum_id


@pytest.mark.parametrize("name", ["opening", "agenda", "speakers", "proposals", "submissions", "attendance", "tally",
                                  "conclusion", "displays"])
def test_a_region_from_its_own_facts_is_the_region_from_all_facts(app, demo, name):
    from flask import render_template

    from forumsite.accounts.models import User
    from forumsite.clock import utcnow
    from forumsite.meeting import regions
    from forumsite.planning.models import Forum

    forum_id = _busy_forum(app, demo)
    stopped = time_machine.travel(utcnow().replace(tzinfo=dt.UTC), tick=False)  # both renderings at one instant
    with stopped, app.test_request_context(f"/forums/{forum_id}/console", headers={"HX-Request": "true"}):
        login_user(db.session.scalar(sa.select(User).where(User.username == "thuky")))
        forum = db.session.get(Forum, forum_id)
        alone = regions.render(forum, (name,), oob=True)[name]
        everything = render_template(f"meeting/_{name}.html", oob=True, **regions.context(forum))
        assert alone == everything
        assert f'id="console-{name}"' in alone


def test_a_region_reads_only_what_it_shows():
    from forumsite.meeting import regions

    assert set(regions.NEEDS) == set(regions.REGIONS)
    assert "roll" not in regions.NEEDS["proposals"] and "stats" not in regions.NEEDS["proposals"]
    assert "proposals" not in regions.NEEDS["attendance"]
