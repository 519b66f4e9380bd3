"""Every form htmx posts also works without script (the `act` macro's promise, templates/meeting/_macros.html):
posted without HX-Request, the answer is a 303 to a page, or a full page, never a bare fragment — for a change
that is done and for one that is refused alike.

One row per form (ROWS): a name, who posts, the path (``{name}`` filled from the world below, or a function of
the world for an id known only when the row runs), the fields. The rows run in order on one world, so that each
finds the state the one before left (someone speaking, then paused, then done…). To add an area: build what its
forms need in ``world`` and append its rows."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from forumsite.extensions import db
from tests.helpers import make_app, plan_forum_of_cell_a


@dataclasses.dataclass(frozen=True)
class Row:
    name: str
    path: str | Callable[[dict], str]
    data: dict = dataclasses.field(default_factory=dict)
    user: str | None = "thuky"

    def url(self, world: dict) -> str:
        return self.path(world) if callable(self.path) else self.path.format(**world)


def _open_tally(world: dict) -> str:
    from forumsite.meeting.models import Tally

    with world["app"].app_context():
        tally = db.session.scalar(sa.select(Tally).where(Tally.forum_id == world["live"], Tally.closed_at.is_(None)))
        return f"/forums/{world['live']}/console/tally/{tally.id}/cancel"


C = "/forums/{live}/console"
ROWS = [
    # --- meeting: the console (the secretary's) ---
    Row("open a published forum", "/forums/{published}/console/open"),
    Row("opening step", C + "/steps/ly_do", {"done": "1"}),
    Row("attendance", C + "/attendance/{member}", {"status": "present"}),
    Row("attendance with a reason", C + "/attendance/{absent}", {"status": "absent_excused", "reason": "Ốm"}),
    Row("attendance refused", C + "/attendance/{absent}", {"status": "present", "reason": "Ốm"}),
    Row("the rest present", C + "/attendance/rest-present"),
    Row("guest present", C + "/guests/{guest}", {"present": "1"}),
    Row("agenda item", C + "/agenda/{item}/start"),
    Row("agenda next", C + "/agenda/next"),
    Row("agenda back", C + "/agenda/back"),
    Row("add a speaker", C + "/speakers", {"name": "Nguyễn Văn Khách"}),
    Row("next speaker", C + "/speakers/next", {"expected": "{waiting}"}),
    Row("pause", C + "/speakers/current/pause"),
    Row("resume", C + "/speakers/current/pause"),
    Row("note", C + "/speakers/{waiting}/note", {"note": "Ghi chú", "codes": "BH3"}),
    Row("end", C + "/speakers/current/end"),
    Row("end refused (nobody speaking)", C + "/speakers/current/end"),
    Row("speaker moved down", C + "/speakers/{second}/down"),
    Row("speaker withdrawn", C + "/speakers/{second}/withdraw"),
    Row("speaking limit", C + "/limit", {"minutes": "5"}),
    Row("speaking limit refused", C + "/limit", {"minutes": "99"}),
    Row("capture", C + "/proposals", {"key": "plain-form-0001", "text": "gp: Họp đúng giờ", "kind": "khac"}),
    Row("capture refused (empty)", C + "/proposals", {"key": "plain-form-0002", "text": " ", "kind": "khac"}),
    Row("edit a proposal", C + "/proposals/{p1}/edit", {"text": "gp: Sinh hoạt đúng giờ", "kind": "giai_phap"}),
    Row("merge", C + "/proposals/merge", {"selected": ["{p1}", "{p2}"]}),
    Row("merge refused (one)", C + "/proposals/merge", {"selected": ["{p1}"]}),
    Row("delete a proposal", C + "/proposals/{p3}/delete"),
    Row("close the show of hands", C + "/tally/{tally}/close", {"votes_for": "1", "confirm_gap": "y"}),
    Row("close refused (closed)", C + "/tally/{tally}/close", {"votes_for": "1"}),
    Row("reserve an opinion", C + "/tally/{tally}/reserve", {"member_id": "{member}", "text": "Bảo lưu"}),
    Row("open a show of hands", C + "/tally", {"subject_kind": "other", "subject": "Thông qua", "method": "count_all"}),
    Row("open refused (one open)", C + "/tally", {"subject_kind": "other", "subject": "Lần hai"}),
    Row("cancel it", _open_tally),
    Row("hold it again", C + "/tally/{tally}/correct", {"reason": "Đếm nhầm"}),
    Row("conclusion", C + "/conclusion", {"text": "Kết luận của chủ trì"}),
    # --- meeting: a member's phone, and the written proposals it sends ---
    Row("ask to speak", "/forums/{live}/speak/", user="dangvien"),
    Row("withdraw", "/forums/{live}/speak/withdraw", user="dangvien"),
    Row("send a written proposal", "/forums/{live}/speak/written", {"text": "Đề nghị họp đúng giờ", "kind": "khac",
                                                                   "codes": ["BH3"]}, user="dangvien"),
    Row("written proposal refused (empty)", "/forums/{live}/speak/written", {"text": " "}, user="dangvien"),
    Row("accept a written proposal", C + "/submissions/{s1}/accept"),
    Row("merge a written proposal", C + "/submissions/{s2}/merge", {"into": "{p1}"}),
    Row("decline refused (no reason)", C + "/submissions/{s3}/decline", {"reason": ""}),
    Row("decline a written proposal", C + "/submissions/{s3}/decline", {"reason": "Trùng ý đã ghi"}),
    # --- screen: the room's displays ---
    Row("rename a display", "/forums/{live}/displays/{display}/rename", {"name": "Màn hình hội trường"}),
    Row("show a message", "/forums/{live}/displays/{display}/show", {"shows": "message", "message": "Giải lao"}),
    Row("show refused (no message)", "/forums/{live}/displays/{display}/show", {"shows": "message"}),
    Row("turn a page refused (no document)", "/forums/{live}/displays/{display}/page", {"page": "2"}),
    Row("identify the displays", "/forums/{live}/displays/identify"),
    Row("disconnect a display", "/forums/{live}/displays/{display}/disconnect"),
    # --- screen: the chair's controls and the projector PC ---
    Row("overlay", "/forums/{live}/display/overlay", {"mode": "message", "message": "Nghỉ giải lao"}),
    Row("overlay refused (too long)", "/forums/{live}/display/overlay", {"mode": "message", "message": "x" * 600}),
    Row("new display link", "/forums/{live}/display/link"),
    Row("pairing code", "/forums/{live}/display/pair"),
    Row("pair a projector refused", "/p", {"code": "SAIMA1"}, user=None),
    Row("revoke the link", "/forums/{live}/display/revoke"),
    # --- last: the session ends ---
    Row("conclude", C + "/conclude"),
    Row("refused once concluded", C + "/speakers", {"name": "Muộn"}),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory, pg_ready):
    from forumsite.demo import load_demo
    from forumsite.meeting import actions as live
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.planning import actions as planning
    from forumsite.planning.labels import GUEST_LABELS
    from forumsite.planning.models import Forum
    from forumsite.screen import actions as screen

    app = make_app(tmp_path_factory.mktemp("plain"), pg_ready)
    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        cell_a = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Chi bộ Thôn Phú Hưng"))
    ids = {"app": app, "published": plan_forum_of_cell_a(app, {"cell_a": cell_a}),
           "live": plan_forum_of_cell_a(app, {"cell_a": cell_a}, open_it=True)}
    with app.app_context():
        forum = db.session.get(Forum, ids["live"])
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id,
                                                             Member.status == "chinh_thuc")
                                     .order_by(Member.id)).all()
        me = db.session.scalar(sa.select(Member).where(Member.full_name == "Võ Thị Mai"))
        live.mark_attendance(forum, me, "present", "")
        speakers = [live.add_speaker(forum, member=m) for m in members[:3] if m.id != me.id]
        live.start_speech(forum, speakers[0])
        proposals = [live.capture_proposal(forum, f"plain-seed-{i:03d}", f"gp: Ý kiến {i}", "khac", frozenset())[0]
                     for i in range(3)]
        live.end_speech(forum, speakers[0])
        live.mark_attendance(forum, members[0], "present", "")
        tally = live.open_tally(forum, "other", "Thông qua chương trình")
        written = [live.submit_written(forum, me, f"Ý kiến gửi từ điện thoại {i}", "khac", []) for i in range(3)]
        display = screen.new_display(forum, "link")
        guest = planning.invite_guest(forum, "Ông Khách", "Bí thư", "Đảng ủy xã", next(iter(GUEST_LABELS)))
        db.session.commit()
        ids.update(member=members[0].id, absent=members[-1].id, guest=guest.id, item=forum.agenda[-1].id,
                   waiting=speakers[1].id, second=speakers[2].id, p1=proposals[0].id, p2=proposals[1].id,
                   p3=proposals[2].id, tally=tally.id, s1=written[0].id, s2=written[1].id, s3=written[2].id,
                   display=display.id)
    yield ids
    # Module-scoped: the pool it reopened after the first test is closed here, not by the garbage collector
    # (on PostgreSQL an unclosed connection is a ResourceWarning in whichever test comes next).
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def clients(world):
    app = world["app"]
    made = {None: app.test_client()}
    for user in {r.user for r in ROWS} - {None}:
        made[user] = app.test_client()
        assert made[user].post("/login", data={"username": user, "password": "demo12345"}).status_code == 303
    return made


def _filled(value, world):
    if isinstance(value, list):
        return [_filled(v, world) for v in value]
    return value.format(**world) if isinstance(value, str) and "{" in value else value


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_a_form_posted_without_script_answers_a_page(world, clients, row):
    client = clients[row.user]
    data = {k: _filled(v, world) for k, v in row.data.items()}
    response = client.post(row.url(world), data=data)
    text = response.get_data(as_text=True)
    if response.status_code == 303:
        assert "/regions/" not in response.location, response.location
        page = client.get(response.location)
        assert page.status_code == 200 and "<html" in page.get_data(as_text=True), (response.location,
                                                                                    page.status_code)
    else:
        assert "<html" in text, (response.status_code, text[:300])  # a whole page, with its menu and messages
    assert 'hx-swap-oob="true"' not in text
