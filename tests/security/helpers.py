"""Shared test builders."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from werkzeug.routing import Rule

from tests.helpers import csrf_token

from .world import ACTORS, PASSWORD, World


def _value(endpoint: str, arg: str, world: World):
    if endpoint.startswith(LIVE) and arg in LIVE_ARGS:
        return world[LIVE_ARGS[arg]]
    if arg == "org_id":
        # An organisation's own pages name the cell; the oversight, the reports inbox and the press page
        # name the commune above it.
        return world["cell_a"] if endpoint.startswith(("org.", "cellsettings.")) else world["commune"]
    if arg == "proposal_id":
        return world["recommendation"] if endpoint.startswith(("oversight.", "reports.")) else world["proposal"]
    if arg == "document_id":
        return world["report"] if endpoint.startswith("reports.") else world["material"]
    if arg == "transfer_id":
        # The sending cell cancels its request out; the receiving cell decides on a request in.
        return world["transfer_out"] if endpoint.endswith("cancel_transfer") else world["transfer_in"]
    if arg == "verb":
        return VERBS[endpoint]
    if arg in LITERALS:
        return LITERALS[arg]
    return world[ARGS[arg]]


def fill(rule: Rule, world: World, actor: str = "") -> str:
    values = {arg: _value(rule.endpoint, arg, world) for arg in rule.arguments}
    ok, url = rule.build(values, append_unknown=False)
    return url


def rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule


def login_with_token(client, username: str, password: str = PASSWORD):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 303, response.status_code
    return client


def _csp(response) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def check_headers(response, where: str) -> list[str]:
    problems = []
    csp = _csp(response)
    script = csp.get("script-src") or csp.get("default-src", "")
    if not script:
        problems.append(f"{where}: no Content-Security-Policy script-src/default-src")
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        if bad in script.split():
            problems.append(f"{where}: script-src allows {bad}")
    if "object-src 'none'" not in csp.get("object-src", ""):
        problems.append(f"{where}: object-src is not 'none'")
    if "frame-ancestors 'none'" not in csp.get("frame-ancestors", "") and \
            response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"{where}: may be framed")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: no X-Content-Type-Options")
    if response.headers.get("Referrer-Policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"{where}: Referrer-Policy {response.headers.get('Referrer-Policy')}")
    return problems


class InlineScript(HTMLParser):
    """Collects inline <script> bodies, on* handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if not attrs.get("src"):
                self.found.append("inline <script>")
            self._in_script = True
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"handler {name}={value!r}")
            if name in ("href", "src", "action", "formaction") and value and \
                    re.sub(r"\s", "", value).lower().startswith("javascript:"):
                self.found.append(f"{name}={value!r}")
            if name.startswith("hx-on") or (name in ("hx-vals", "hx-vars") and "js:" in (value or "")):
                self.found.append(f"{name} (script in attributes)")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("script body")


def scan(html: str) -> list[str]:
    parser = InlineScript()
    parser.feed(html)
    parser.close()
    return parser.found


def rendered_pages(app, world):
    """Every GET route as each logged-in actor who may see it, as a page and as an htmx fragment."""
    clients = {a: login_with_token(app.test_client(), u) for a, u in ACTORS.items() if u}
    clients["anon"] = app.test_client()
    for endpoint, method, rule in rules(app):
        if method != "GET" or endpoint == "static" or endpoint.endswith(("stream", "_pdf", "_docx", "_xlsx")):
            continue  # files: their headers are checked in test_downloads_carry_the_headers
        url = fill(rule, world)
        for actor, client in clients.items():
            # Every actor's page; the htmx fragment for those who see most.
            for headers in ({}, {"HX-Request": "true"}) if actor in ("admin", "chair") else ({},):
                response = client.get(url, headers=headers)
                yield f"{actor} {url} {headers}", response


def _pages(app, world):
    """Every GET page, for each forum of cell A (the finished one, the one in session, the draft)."""
    seen = set()
    for endpoint, method, rule in rules(app):
        if method != "GET" or endpoint == "static" or endpoint.endswith(("stream", "pdf", "docx", "xlsx", "csv",
                                                                          "yaml", "download", "export")):
            continue
        variants = [world.ids]
        if "forum_id" in rule.arguments:
            variants += [{**world.ids, "forum": world["forum_live"]}, {**world.ids, "forum": world["forum_draft"]}]
        for ids in variants:
            url = fill(rule, type(world)(ids))
            if url not in seen:
                seen.add(url)
                yield url


# Which world object fills each URL argument; some depend on the endpoint.
ARGS = {
    "forum_id": "forum", "item_id": "item", "clause_id": "clause", "member_id": "member", "speaker_id": "speaker",
    "tally_id": "tally", "section_id": "section", "guest_id": "guest", "task_id": "task", "type_id": "type",
    "plan_id": "plan", "user_id": "user", "code": "code", "token": "token", "cell_id": "cell_a",
    "display_id": "display",
}


LITERALS = {"kind": "NQ", "version": 1, "direction": "next", "name": "agenda", "step": "ly_do", "what": "agenda",
            "filename": "vendor/htmx.min.js", "page": 1}


VERBS = {"meeting.speaker_verb": "note", "meeting.tally_verb": "correct"}


# The live session's routes name the forum in session (its agenda, speakers, proposals, tally, guests).
LIVE = ("meeting.", "screen.", "participation.")


LIVE_ARGS = {"forum_id": "forum_live", "item_id": "live_item", "speaker_id": "live_speaker",
             "proposal_id": "live_proposal", "tally_id": "live_tally", "guest_id": "live_guest",
             "submission_id": "live_submission"}


