"""Issue 14 item 2: a reason never makes a member present; every mark can be taken back; the figures on the
console (the roll, the opening's count, the tally's denominators) follow each mark in the same response."""
import re

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.extensions import db
from forumsite.meeting.models import Attendance
from tests.helpers import member_id, plan_forum_of_cell_a

HX = {"HX-Request": "true"}


@pytest.fixture
def live(app, demo, auth):
    forum_id = plan_forum_of_cell_a(app, demo, open_it=True)
    auth.login("thuky")
    return forum_id


def mark_of(app, forum_id, name):
    with app.app_context():
        mark = db.session.scalar(sa.select(Attendance).where(Attendance.forum_id == forum_id,
                                                             Attendance.member_id == member_id(app, name)))
        return (mark.status, mark.reason) if mark else None


def post(client, app, forum_id, name, **data):
    return client.post(f"/forums/{forum_id}/console/attendance/{member_id(app, name)}", headers=HX, data=data)


@pytest.mark.parametrize("status", ["present", "late"])
def test_a_reason_never_makes_a_member_present(client, app, live, status):
    response = post(client, app, live, "Đỗ Thị Ngọc Ánh", status=status, reason="Công tác xa")
    assert response.status_code == 422
    assert "Lý do vắng chỉ ghi cho người vắng mặt" in response.get_data(as_text=True)
    assert mark_of(app, live, "Đỗ Thị Ngọc Ánh") is None
    # Already absent with a reason: the absence stays as it was.
    assert post(client, app, live, "Đỗ Thị Ngọc Ánh", status="absent_excused", reason="Ốm").status_code == 200
    assert post(client, app, live, "Đỗ Thị Ngọc Ánh", status=status, reason="Ốm nặng").status_code == 422
    assert mark_of(app, live, "Đỗ Thị Ngọc Ánh") == ("absent_excused", "Ốm")
    # Present with no reason: the correction the console offers (its present buttons send no reason).
    assert post(client, app, live, "Đỗ Thị Ngọc Ánh", status=status, reason="  ").status_code == 200
    assert mark_of(app, live, "Đỗ Thị Ngọc Ánh") == (status, "")


def test_the_roll_sends_a_reason_only_with_an_absence(client, app, live):
    """Enter in a reason submits its form's first button: in the rendered roll that is "absent with
    reason", and no form carries both a reason and a button that marks present."""
    html = client.get(f"/forums/{live}/console/regions/attendance").get_data(as_text=True)
    forms = re.findall(r'<form class="attendance-row".*?</form>', html, re.S)
    assert forms
    with_reason = [f for f in forms if 'name="reason"' in f]
    assert len(with_reason) == 15  # one per member of the roll
    for form in with_reason:
        buttons = re.findall(r'<button type="submit" name="status" value="([a-z_]+)"', form)
        assert buttons[0] == "absent_excused" and not {"present", "late"} & set(buttons)


def test_every_mark_can_be_taken_back_and_the_figures_follow(client, app, live):
    client.post(f"/forums/{live}/console/attendance/rest-present", headers=HX)
    response = post(client, app, live, "Trần Thị Lan", status="absent_excused", reason="Đi công tác")
    body = response.get_data(as_text=True)
    # The same response swaps the roll, the opening's count and the tally's figures out of band.
    for region in ("console-attendance", "console-opening", "console-tally"):
        assert re.search(rf'id="{region}"[^>]*hx-swap-oob', body), region
    assert "13/14 đảng viên phải dự có mặt" in body
    assert mark_of(app, live, "Trần Thị Lan") == ("absent_excused", "Đi công tác")

    response = post(client, app, live, "Trần Thị Lan", status="unmarked")
    assert response.status_code == 200
    assert mark_of(app, live, "Trần Thị Lan") is None  # "not marked" again
    assert "13/14 đảng viên phải dự có mặt" in response.get_data(as_text=True)  # not counted present either
    roll = client.get(f"/forums/{live}/console/regions/attendance").get_data(as_text=True)
    assert re.search(r'<tr class="unmarked">\s*<th scope="row">Trần Thị Lan</th>', roll)
    assert post(client, app, live, "Trần Thị Lan", status="present").status_code == 200
    assert "14/14 đảng viên phải dự có mặt" in client.get(f"/forums/{live}/console/regions/opening").get_data(
        as_text=True)
    with app.app_context():
        marks = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "attendance.mark")).all()
        taken_back = [e for e in marks if e.details.get("status") == "unmarked"]
        assert len(taken_back) == 1 and taken_back[0].username == "thuky"
        assert taken_back[0].details["before"] == "absent_excused"
    # Taking back a member never marked changes nothing and is no error.
    assert post(client, app, live, "Ngô Văn Bình", status="unmarked").status_code == 200
