"""The agenda editor: htmx fragments, totals, keyboard moves, drag order, and the framework template."""
import sqlalchemy as sa

from forumsite.extensions import db
from forumsite.planning.models import AgendaItem, AgendaTemplateItem

HX = {"HX-Request": "true"}


def items(app, forum_id):
    with app.app_context():
        return db.session.scalars(sa.select(AgendaItem).where(AgendaItem.forum_id == forum_id)
                                  .order_by(AgendaItem.position)).all()


def test_update_a_row_returns_only_totals_and_times(client, auth, app, demo, forum_a):
    auth.login("bithu")
    first = items(app, forum_a)[0]
    response = client.post(f"/forums/{forum_a}/agenda/items/{first.id}", headers=HX,
                           data={"title": first.title, "planned_minutes": "40", "presenter": "Đ/c Hùng"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="agenda-totals"' in html and "175 phút" in html and 'hx-swap-oob="true"' in html
    assert "<input" not in html  # no field is replaced under the cursor
    second = items(app, forum_a)[1]
    assert f'id="time-{second.id}"' in html and "08:10" in html  # 07:30 + 40 minutes
    with app.app_context():
        assert db.session.get(AgendaItem, first.id).presenter == "Đ/c Hùng"


def test_a_bad_row_gets_its_error_and_nothing_changes(client, auth, app, demo, forum_a):
    auth.login("bithu")
    first = items(app, forum_a)[0]
    response = client.post(f"/forums/{forum_a}/agenda/items/{first.id}", headers=HX,
                           data={"title": "", "planned_minutes": "0", "presenter": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="error-{first.id}"' in html and "Vui lòng nhập nội dung." in html
    with app.app_context():
        assert db.session.get(AgendaItem, first.id).title == first.title


def test_add_move_reorder_and_remove(client, auth, app, demo, forum_a):
    auth.login("bithu")
    response = client.post(f"/forums/{forum_a}/agenda/items", headers=HX,
                           data={"title": "Kiểm điểm việc thực hiện nghị quyết tháng trước", "planned_minutes": "15",
                                 "presenter": "Bí thư"})
    assert response.status_code == 200 and 'id="agenda-editor"' in response.get_data(as_text=True)
    rows = items(app, forum_a)
    assert rows[-1].title.startswith("Kiểm điểm") and rows[-1].position == len(rows) - 1

    client.post(f"/forums/{forum_a}/agenda/items/{rows[-1].id}/move", headers=HX, data={"direction": "up"})
    assert items(app, forum_a)[-2].id == rows[-1].id

    order = [r.id for r in rows]
    order = [order[-1]] + order[:-1]
    response = client.post(f"/forums/{forum_a}/agenda/order", headers=HX, data={"item": order})
    assert response.status_code == 200
    assert [r.id for r in items(app, forum_a)] == order

    assert client.post(f"/forums/{forum_a}/agenda/order", headers=HX, data={"item": order[:-1]}).status_code == 400
    assert client.post(f"/forums/{forum_a}/agenda/order", headers=HX, data={"item": ["x"]}).status_code == 400
    assert client.post(f"/forums/{forum_a}/agenda/items/{order[0]}/move", data={"direction": "sideways"}
                       ).status_code == 400

    client.post(f"/forums/{forum_a}/agenda/items/{order[0]}/delete", headers=HX)
    remaining = items(app, forum_a)
    assert order[0] not in [r.id for r in remaining]
    assert [r.position for r in remaining] == list(range(len(remaining)))


def test_add_with_bad_input_keeps_the_text(client, auth, demo, forum_a):
    auth.login("bithu")
    response = client.post(f"/forums/{forum_a}/agenda/items", headers=HX,
                           data={"title": "Mục mới", "planned_minutes": "9999", "presenter": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Mục mới"' in html and "Số phải nằm trong khoảng 1 đến 480." in html


def test_an_item_of_another_forum_is_404(client, auth, app, demo, forum_a):
    from tests.helpers import plan_forum

    auth.login("bithu")
    other = plan_forum(client, demo["cell_a"])
    foreign = items(app, other)[0]
    assert client.post(f"/forums/{forum_a}/agenda/items/{foreign.id}", headers=HX,
                       data={"title": "x", "planned_minutes": "5"}).status_code == 404


def test_admin_edits_the_framework_template(client, auth, app, demo):
    auth.login("admin")
    with app.app_context():
        rows = db.session.scalars(sa.select(AgendaTemplateItem).order_by(AgendaTemplateItem.position)).all()
    data = {}
    for r in rows:
        data[f"title-{r.id}"] = r.title
        data[f"minutes-{r.id}"] = str(r.planned_minutes)
        data[f"presenter-{r.id}"] = r.presenter
    data[f"minutes-{rows[5].id}"] = "45"
    assert client.post("/admin/agenda-template", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(AgendaTemplateItem, rows[5].id).planned_minutes == 45
    data[f"minutes-{rows[5].id}"] = "abc"
    bad = client.post("/admin/agenda-template", data=data)
    assert bad.status_code == 422 and "Số phút phải từ 1 đến 480." in bad.get_data(as_text=True)
    auth.logout()
    auth.login("bithu")
    assert client.get("/admin/agenda-template").status_code == 404
