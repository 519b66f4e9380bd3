"""Transfers between cells (security probe F1): a chair's transfer is only a request. The member stays on the
old cell's roll (and in its vote counts) until the receiving cell's chair, an upper committee over both cells
or an administrator accepts; the sender can cancel; every step is audited; the history stays."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from forumsite.audit.models import AuditEntry
from forumsite.clock import today_local
from forumsite.extensions import db
from forumsite.members.models import Member, MemberTransfer, TransferRequest
from forumsite.org.queries import cell_counts
from forumsite.vn import format_date, format_short_date
from tests.helpers import csrf_token, make_app


def _on():
    """The transfer date typed in the form: the last day of the previous month (never in the future)."""
    day = today_local().replace(day=1) - dt.timedelta(days=1)
    return day, format_short_date(day)


def _member(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.full_name == name))


def _cell_of(app, member_id: int) -> int:
    with app.app_context():
        return db.session.get(Member, member_id).cell_id


def _official(app, cell_id: int) -> int:
    with app.app_context():
        return cell_counts(cell_id)["official"]


def _request(client, member_id: int, to_cell: int):
    return client.post(f"/members/{member_id}/transfer",
                       data={"to_cell_id": str(to_cell), "transferred_on": _on()[1], "note": "Chuyển nơi ở"})


def _pending(app, member_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(TransferRequest.id).where(TransferRequest.member_id == member_id,
                                                                     TransferRequest.status == "pending"))


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_chairs_transfer_leaves_the_member_in_the_old_cell_until_accepted(app, client, auth, demo):
    """The probe's planting: bithu sends a member (here one with an account) to cell B."""
    member = _member(app, "Võ Thị Mai")  # account dangvien
    before_a, before_b = _official(app, demo["cell_a"]), _official(app, demo["cell_b"])
    auth.login("bithu")
    response = _request(client, member, demo["cell_b"])
    assert response.status_code == 303
    assert _cell_of(app, member) == demo["cell_a"]
    assert (_official(app, demo["cell_a"]), _official(app, demo["cell_b"])) == (before_a, before_b)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberTransfer)) == 0
    auth.logout()
    auth.login("dangvien")
    assert client.get(f"/cells/{demo['cell_b']}/members").status_code == 404
    assert client.get(f"/cells/{demo['cell_a']}/members").status_code == 200


def test_the_receiving_chair_accepts_from_the_member_page(app, client, auth, demo):
    member = _member(app, "Bùi Thị Thu")
    auth.login("bithu")
    _request(client, member, demo["cell_b"])
    auth.logout()
    auth.login("bithu2")
    page = client.get(f"/cells/{demo['cell_b']}/members").get_data(as_text=True)
    request_id = _pending(app, member)
    assert "Đề nghị chuyển sinh hoạt đến chi bộ" in page and "Bùi Thị Thu" in page
    assert f"/transfers/{request_id}/accept" in page and f"/transfers/{request_id}/decline" in page
    before_b = _official(app, demo["cell_b"])
    response = client.post(f"/transfers/{request_id}/accept")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cells/{demo['cell_b']}/members")
    assert "Đã tiếp nhận Bùi Thị Thu" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _cell_of(app, member) == demo["cell_b"]
    assert _official(app, demo["cell_b"]) == before_b + 1
    with app.app_context():
        req = db.session.get(TransferRequest, request_id)
        transfer = db.session.get(MemberTransfer, req.transfer_id)
        assert req.status == "accepted" and req.decided_by_id is not None
        # The history of cells is kept as before.
        assert (transfer.from_cell_id, transfer.to_cell_id, transfer.note) == (demo["cell_a"], demo["cell_b"],
                                                                               "Chuyển nơi ở")
    assert {"transfer.request", "transfer.accept", "member.transfer", "member.transfer_in"} <= set(_actions(app))
    # The member's page shows the move in its history to the new cell's chair.
    html = client.get(f"/members/{member}").get_data(as_text=True)
    assert "Chi bộ Thôn Phú Hưng" in html and format_date(_on()[0]) in html


def test_the_receiving_chair_declines(app, client, auth, demo):
    member = _member(app, "Bùi Thị Thu")
    auth.login("bithu")
    _request(client, member, demo["cell_b"])
    request_id = _pending(app, member)
    auth.logout()
    auth.login("bithu2")
    response = client.post(f"/transfers/{request_id}/decline")
    assert response.status_code == 303
    assert "Đã từ chối tiếp nhận Bùi Thị Thu" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _cell_of(app, member) == demo["cell_a"]
    with app.app_context():
        assert db.session.get(TransferRequest, request_id).status == "declined"
    assert "transfer.decline" in _actions(app)
    # A decided request cannot be accepted afterwards.
    response = client.post(f"/transfers/{request_id}/accept")
    assert "đã được xử lý" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _cell_of(app, member) == demo["cell_a"]


def test_the_sender_cancels_and_can_then_send_again(app, client, auth, demo):
    member = _member(app, "Bùi Thị Thu")
    auth.login("bithu")
    _request(client, member, demo["cell_b"])
    request_id = _pending(app, member)
    detail = client.get(f"/members/{member}").get_data(as_text=True)
    assert "Đang chờ tiếp nhận" in detail and f"/transfers/{request_id}/cancel" in detail
    # One request at a time: the form gives way to the pending request.
    form_page = client.get(f"/members/{member}/transfer").get_data(as_text=True)
    assert "Đang chờ tiếp nhận" in form_page and "Gửi đề nghị chuyển" not in form_page
    assert _request(client, member, demo["agency"]).status_code == 409
    response = client.post(f"/transfers/{request_id}/cancel")
    assert response.status_code == 303
    assert "Đã hủy đề nghị chuyển Bùi Thị Thu" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TransferRequest, request_id).status == "cancelled"
    assert "transfer.cancel" in _actions(app)
    assert _request(client, member, demo["agency"]).status_code == 303
    # The receiving chair may not cancel, and the sender may not accept their own request.
    new_id = _pending(app, member)
    assert client.post(f"/transfers/{new_id}/accept").status_code == 403
    auth.logout()
    auth.login("bithu2")
    assert client.post(f"/transfers/{new_id}/cancel").status_code == 404
    assert client.post(f"/transfers/{new_id}/accept").status_code == 404  # cell B is neither side


@pytest.mark.parametrize("who, allowed", [("tuyengiao", True), ("dangvien", False), ("thuky", False)])
def test_who_else_may_accept(app, client, auth, demo, who, allowed):
    member = _member(app, "Bùi Thị Thu")
    auth.login("bithu")
    _request(client, member, demo["cell_b"])
    request_id = _pending(app, member)
    auth.logout()
    auth.login(who)
    response = client.post(f"/transfers/{request_id}/accept")
    assert (response.status_code == 303) is allowed
    assert _cell_of(app, member) == (demo["cell_b"] if allowed else demo["cell_a"])


def test_planted_members_do_not_change_the_vote_count_of_another_cell(app, client, auth, demo):
    """The probe's vote sabotage: seven members created in A and sent to B do not count in B."""
    auth.login("bithu")
    before_b = _official(app, demo["cell_b"])
    for i in range(7):
        client.post(f"/cells/{demo['cell_a']}/members/new",
                    data={"full_name": f"Người Cài Vào {i}", "status": "chinh_thuc", "role": "dang_vien"})
        _request(client, _member(app, f"Người Cài Vào {i}"), demo["cell_b"])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferRequest)
                                 .where(TransferRequest.status == "pending")) == 7
    assert _official(app, demo["cell_b"]) == before_b


def test_the_form_lists_cells_of_the_province_and_says_it_needs_acceptance(app, client, auth, demo):
    from forumsite.org.actions import create_organisation
    from forumsite.org.models import Organisation

    with app.app_context():
        # A cell under another province (another root): never offered.
        elsewhere = create_organisation(None, name="Tỉnh ủy Khác", kind="tinh_uy", grassroots_type_id=None)
        db.session.flush()
        far = create_organisation(elsewhere, name="Chi bộ Ở Tỉnh Khác", kind="chi_bo_co_so", grassroots_type_id=None)
        db.session.commit()
        far_id = far.id
        cells = db.session.scalars(sa.select(Organisation).where(Organisation.path.startswith(
            f"/{db.session.get(Organisation, demo['cell_a']).ancestor_ids[0]}/"))).all()
        province_cells = {c.id for c in cells if c.is_cell} - {demo["cell_a"]}
    member = _member(app, "Bùi Thị Thu")
    auth.login("bithu")
    page = client.get(f"/members/{member}/transfer").get_data(as_text=True)
    offered = {int(v) for v in re.findall(r'<option value="(\d+)"', page)} - {0}
    assert offered == province_cells and far_id not in offered
    assert "cho đến khi bí thư chi bộ nhận" in page and "Gửi đề nghị chuyển" in page
    response = _request(client, member, far_id)
    assert response.status_code == 422 and _pending(app, member) is None


def test_an_administrator_is_the_receiving_side_too(app, client, auth, demo):
    member = _member(app, "Bùi Thị Thu")
    auth.login("admin")
    assert _request(client, member, demo["cell_b"]).status_code == 303
    assert _cell_of(app, member) == demo["cell_b"]
    assert {"transfer.request", "transfer.accept", "member.transfer"} <= set(_actions(app))


def test_the_buttons_need_the_csrf_token(tmp_path, pg_ready):
    from forumsite.demo import load_demo

    app = make_app(tmp_path, pg_ready, WTF_CSRF_ENABLED=True)
    with app.app_context():
        load_demo(finished_forum=False)
        db.session.commit()
        cell_b = db.session.scalar(sa.select(Member.cell_id).where(Member.full_name == "Lê Thị Hoa"))
    member = _member(app, "Bùi Thị Thu")
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": "bithu", "password": "demo12345", "csrf_token": csrf_token(login_page)})
    token = csrf_token(client.get(f"/members/{member}/transfer").get_data(as_text=True))
    client.post(f"/members/{member}/transfer", data={"to_cell_id": str(cell_b), "transferred_on": _on()[1],
                                                     "csrf_token": token})
    request_id = _pending(app, member)
    assert request_id is not None
    client.post("/logout", data={"csrf_token": token})
    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": "bithu2", "password": "demo12345", "csrf_token": csrf_token(login_page)})
    assert client.post(f"/transfers/{request_id}/accept").status_code == 400
    assert _cell_of(app, member) != cell_b
    page = client.get(f"/cells/{cell_b}/members").get_data(as_text=True)
    assert client.post(f"/transfers/{request_id}/accept", data={"csrf_token": csrf_token(page)}).status_code == 303
    assert _cell_of(app, member) == cell_b
