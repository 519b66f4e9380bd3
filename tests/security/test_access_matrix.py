"""The access-control matrix: every URL rule and method of the app, asked by every actor, answers the class
that tests/security/matrix.py writes down. A rule missing from the table fails, so that no route ships
unreviewed; anonymous writes change nothing."""
from __future__ import annotations

import pytest

from tests.security.helpers import fill, rules

from . import matrix
from .world import ACTORS, Snapshot, build_world, clients, dispose, login, module_app


def classify(response) -> str:
    """ok: the handler answered (including a validation refusal); login: sent to log in; deny: 403/404."""
    code = response.status_code
    if code in (302, 303) and "/login" in response.headers.get("Location", ""):
        return "login"
    if code == 401:
        return "login"
    if code in (403, 404):
        return "deny"
    if code < 400 or code in (400, 409, 413, 422) or (code == 503 and "Retry-After" in response.headers):
        return "ok"
    return f"error {code}"


# What only cell A and the levels above it may read: a member's name, words said at its forums.
SECRETS = ("Hoàng Văn Đức", "đôi lúc còn ngại va chạm", "Sinh hoạt chuyên đề mỗi quý", "Diễn đàn đang họp")
OUTSIDERS = ("anon", "chair_b", "other_overseer", "projector_b")


@pytest.fixture(scope="module")
def setup(tmp_path_factory, pg_ready):
    # MAX_STREAMS=0: a stream the actor may open answers 503 at once (fall back to polling), not an endless body.
    app = module_app(tmp_path_factory, pg_ready, "matrix", MAX_STREAMS=0)
    world = build_world(app)
    snapshot = Snapshot(app)
    yield app, world, snapshot, clients(app, world)
    dispose(app)


def test_every_route_is_in_the_matrix(setup):
    app = setup[0]
    missing = [f"{e} {m} {r.rule}" for e, m, r in rules(app) if (e, m) not in matrix.MATRIX]
    assert not missing, "routes without an entry in tests/security/matrix.py (review and add them):\n" + \
        "\n".join(missing)
    stale = [k for k in matrix.MATRIX if k not in {(e, m) for e, m, _ in rules(app)}]
    assert not stale, f"entries for routes that no longer exist: {stale}"


def test_matrix_rows_name_every_actor():
    for key, row in matrix.MATRIX.items():
        assert set(row) == set(ACTORS), key


def test_access_matrix(setup):
    app, world, snapshot, actors = setup
    wrong = []
    for endpoint, method, rule in rules(app):
        expected = matrix.MATRIX.get((endpoint, method))
        if expected is None:
            continue  # reported by test_every_route_is_in_the_matrix
        url = fill(rule, world)
        for actor, client in actors.items():
            before = snapshot.fingerprint() if method != "GET" and ACTORS[actor] is None else None
            response = client.open(url, method=method)
            got = classify(response)
            if actor in OUTSIDERS and method == "GET" and response.status_code == 200 and \
                    not endpoint.startswith("screen.projector"):
                body = response.get_data(as_text=True)
                wrong += [f"{actor} {url} shows {s!r} of cell A" for s in SECRETS if s in body]
            response.close()
            if got != expected[actor]:
                wrong.append(f"{actor:15} {method:5} {url:60} expected {expected[actor]}, got {got} "
                             f"({response.status_code})")
            if before is not None:
                after = snapshot.fingerprint()
                if after != before:
                    wrong.append(f"{actor} {method} {url} changed the database without a login")
            if method != "GET" and got == "ok":
                snapshot.restore()
            if endpoint == "accounts.logout" and ACTORS[actor]:
                # Logging out ended the account's sessions (a new nonce): back to the snapshot, log in again.
                snapshot.restore()
                login(client, ACTORS[actor])
    assert not wrong, "\n".join(wrong)


def test_display_links_are_per_forum(setup):
    """The projector of cell B's forum sees that forum only; a revoked or made-up link answers 404."""
    app, world, snapshot, actors = setup
    projector = actors["projector_b"]
    for path in ("", "/poll"):
        body = projector.get(f"/display/{world['token_b']}{path}").get_data(as_text=True)
        assert "Diễn đàn chi bộ Thôn Long Hưng" in body or path == "/poll"
        assert not any(s in body for s in SECRETS)
        assert projector.get(f"/display/{world['token_b']}x{path}").status_code == 404
    # The display link of cell A's forum opens no page of that forum without a login.
    assert classify(projector.get(f"/forums/{world['forum_live']}/follow")) == "login"
    assert classify(projector.get(f"/forums/{world['forum_live']}/console")) == "login"
    actors["chair"].post(f"/forums/{world['forum_live']}/display/revoke")
    try:
        assert projector.get(f"/display/{world['token']}").status_code == 404
    finally:
        snapshot.restore()
    assert projector.get(f"/display/{world['token']}").status_code == 200


def test_press_page_is_public_only_when_the_unit_opted_in(setup):
    app, world, snapshot, actors = setup
    url = f"/cong-khai/{world['commune']}/mo-hinh-hay"
    body = actors["anon"].get(url).get_data(as_text=True)
    assert "Mỗi đảng viên một việc làm theo gương Bác" in body
    assert not any(s in body for s in SECRETS) and "Phạm Thị Hương" not in body
    assert actors["chair_b"].get(f"/cong-khai/{world['cell_b']}/mo-hinh-hay").status_code == 404
    response = actors["overseer"].post(f"/org/{world['commune']}/oversight/models/public", data={"enabled": ""})
    try:
        assert response.status_code in (200, 302, 303)
        assert actors["anon"].get(url).status_code == 404
    finally:
        snapshot.restore()
