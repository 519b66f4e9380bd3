"""The secretary's console and the chair's controls. Each POST: load and check rights → read the
input → one named action → commit (the screens hear of it after the commit) → the changed regions
(htmx, out of band) or a 303 back to the console (plain forms)."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import make_response as flask_response
from flask_login import login_required
from htmx_flask import make_response

from ..catalogue.models import CatalogueItem
from ..clock import utcnow
from ..errors import render_error
from ..extensions import db
from ..live import hold
from ..members.models import Member
from ..planning import access
from ..planning.models import AgendaItem, Guest
from ..rules import voting
from ..vn import whole_number
from ..web import db_int
from . import actions, opening, queries
from .labels import ATTENDANCE_LABELS, KIND_LABELS, OPENING_STEPS, SPEAKER_STATES, TALLY_SUBJECTS
from .messages import ERRORS
from .models import Proposal, Speaker, Tally

bp = Blueprint("meeting", __name__, url_prefix="/forums/<int:forum_id>/console")

REGIONS = ("opening", "agenda", "speakers", "proposals", "submissions", "attendance", "tally", "conclusion",
           "displays")


def _forum(forum_id: int):
    """The forum, for its operators; a change holds it until the commit (see live.hold).

    Every POST of the console passes here: none changes the record of a forum that has ended."""
    forum = access.get_forum_or_404(forum_id, operate=True)
    if request.method == "POST":
        try:
            actions.require_open_record(forum)
        except actions.SessionError as error:
            abort(record_closed(forum, error))
        hold(forum)
    return forum


def record_closed(forum, error: actions.SessionError):
    """409 with the reason for htmx (the console's toast); a plain form goes back to the forum's page
    with the reason on it."""
    message = str(ERRORS[error.code])
    if request.htmx:
        return flask_response(render_error(409, message))
    flash(message, "error")
    return redirect(url_for("planning.forum", forum_id=forum.id), code=303)


def known_codes() -> frozenset[str]:
    return frozenset(db.session.scalars(sa.select(CatalogueItem.code)))


def context(forum) -> dict:
    """Everything the console's regions show, computed once per response."""
    speakers = queries.speakers(forum)
    roll = queries.roll(forum)
    return {
        "forum": forum, "roll": roll, "figures": queries.figures(forum), "speakers": speakers,
        "current": queries.current_speaker(speakers), "stats": queries.speaker_stats(forum, speakers),
        "waiting": [s for s in speakers if s.state == "waiting"],
        "done": [s for s in speakers if s.state == "done"],
        "proposals": queries.proposals(forum, request.args.get("kind") or None, request.args.get("code") or None),
        "tallies": queries.tallies(forum), "open_tally": queries.open_tally(forum),
        "pending_submissions": queries.submissions(forum, state="pending"),
        "now": utcnow(), "kinds": KIND_LABELS, "attendance_labels": ATTENDANCE_LABELS,
        "steps": OPENING_STEPS, "speaker_states": SPEAKER_STATES, "tally_subjects": TALLY_SUBJECTS,
        "needed": voting.needed_to_pass,
        # The room's displays (screen area), computed only by the region that shows them.
        "room_displays": _room_displays,
        "candidate_names": [m.full_name for m, a in roll if a and a.status in voting.PRESENT_STATUSES]
        + [g.name for g in forum.guests if g.present],
        # Whom the console's name lists offer ("m12"/"g3", name, present), the present first (names.js).
        "people": sorted([[f"m{m.id}", m.full_name, bool(a and a.status in voting.PRESENT_STATUSES)]
                          for m, a in roll if not m.suspended]
                         + [[f"g{g.id}", g.name, g.present] for g in forum.guests], key=lambda p: not p[2]),
    }


def _room_displays(forum) -> dict:
    from ..screen.displays import console_view

    return console_view(forum)


def respond(forum, *regions: str):
    """The changed regions, each swapped into place by id (out of band)."""
    if not request.htmx:
        return redirect(url_for("meeting.console", forum_id=forum.id), code=303)
    ctx = context(forum)
    names = REGIONS if "all" in regions else regions
    body = "".join(render_template(f"meeting/_{name}.html", oob=True, **ctx) for name in names)
    return make_response(body, 200)


def refuse(error: actions.SessionError):
    db.session.rollback()
    status = 409 if error.code in ("tally_closed", "already_spoke", "tally_open", "not_in_session",
                                   "speakers_changed", "record_closed", "answered") else 422
    return render_error(status, str(ERRORS.get(error.code, error.code)))


def _int(name: str, default: int | None = None, minimum: int = 0, maximum: int = 100000) -> int | None:
    raw = (request.form.get(name) or "").strip()
    if raw == "" and default is not None:
        return default
    number = whole_number(raw)
    if number is None or not minimum <= number <= maximum:
        raise actions.SessionError("bad_number")
    return number


def _get(model, obj_id: int, forum):
    obj = db.session.get(model, obj_id)
    if obj is None or obj.forum_id != forum.id:
        abort(404)
    return obj


def run(forum, action, *regions: str):
    """Do ``action``, commit, answer with ``regions``; a refusal rolls back and says why."""
    try:
        action()
    except actions.SessionError as error:
        return refuse(error)
    db.session.commit()
    return respond(forum, *regions)


# --- the page ----------------------------------------------------------------------------------------

@bp.get("")
@login_required
def console(forum_id: int):
    """The console: agenda, speakers, the capture line, proposals, attendance, tally."""
    from ..screen.rules import pairing_open
    from ..screen.views import public_url, qr_data_uri

    forum = _forum(forum_id)
    if forum.status not in ("published", "in_session", "concluded"):
        abort(404)
    display_url = public_url(url_for("screen.projector", token=forum.display_token)) if forum.display_token else ""
    # The room set-up card: the projector's link as a QR code and a short code to type at /p.
    room = {"display_qr": qr_data_uri(display_url) if display_url else "",
            "pair_url": public_url(url_for("screen.pair_form")).split("://", 1)[-1],
            "short_follow": public_url(url_for("screen.short_follow", forum_id=forum.id)).split("://", 1)[-1],
            "pairing": forum.pairing_code if pairing_open(forum.pairing_code, forum.pairing_expires_at, utcnow())
            else None}
    return render_template("meeting/console.html", display_url=display_url, room=room,
                           follow_url=public_url(url_for("screen.follow", forum_id=forum.id)), **context(forum))


class ConsoleRenderer:
    """The console's regions for its own stream: what another operator or a member changed.

    Rendered per login session: the regions carry that session's own CSRF token."""

    names = REGIONS

    def __init__(self, viewer: str) -> None:
        self.key = f"console:{viewer}"
        self.viewer = viewer  # skips the echo of this console's own changes

    def select(self, changed: set[str]) -> tuple[str, ...]:
        return self.names if "all" in changed else tuple(n for n in self.names if n in changed)

    def render(self, forum, names) -> dict[str, str]:
        ctx = context(forum)
        return {name: render_template(f"meeting/_{name}.html", oob=False, **ctx) for name in names}


@bp.get("/stream")
@login_required
def stream(forum_id: int):
    """Changes made elsewhere (a second operator, a member's request from a phone). The stream ends
    when its viewer logs out, is deactivated or is no longer an operator of the forum (checked at every
    heartbeat and before every change), or when the console page itself would no longer open."""
    from flask_login import current_user

    from ..live import viewer_id
    from ..screen.views import sse_response, still_allowed

    forum = _forum(forum_id)
    open_statuses = ("published", "in_session", "concluded")  # those the console page opens in
    return sse_response(forum.id, lambda snap: snap.status in open_statuses, ConsoleRenderer(viewer_id()),
                        f"user:{current_user.id}", still_allowed(forum.id, access.can_operate))


@bp.get("/poll")
@login_required
def poll(forum_id: int):
    """The console's fallback while its stream is refused or down: 204 while the forum is at version
    ?v=, else the version now (the console then fetches its regions afresh)."""
    from flask import Response

    forum = _forum(forum_id)
    if request.args.get("v", type=db_int) == forum.live_version:
        return Response(status=204)
    return Response(str(forum.live_version), mimetype="text/plain", headers={"Cache-Control": "no-store"})


@bp.get("/regions/<name>")
@login_required
def region(forum_id: int, name: str):
    """One region, fresh (filters, and screens catching up)."""
    forum = _forum(forum_id)
    if name not in REGIONS:
        abort(404)
    return render_template(f"meeting/_{name}.html", oob=False, **context(forum))


@bp.post("/open")
@login_required
def open_forum(forum_id: int):
    """Open the forum: the chair declares it; the chair or the secretary at the console presses it."""
    forum = _forum(forum_id)
    found = opening.warnings(forum) if forum.status == "published" else []
    # The confirmation names the checks it answers: a different reason (the day turned) asks again.
    confirmed = set((request.form.get("confirm") or "").split())
    if not {w.code for w in found} <= confirmed:
        db.session.rollback()  # releases the hold: nothing changed
        template = "meeting/_open_check.html" if request.htmx else "meeting/open_check.html"
        return render_template(template, forum=forum, reasons=opening.explain(forum, found),
                               codes=" ".join(w.code for w in found)), 409
    try:
        actions.open_forum(forum, confirmed=tuple(w.code for w in found))
    except actions.SessionError as error:
        return refuse(error)
    db.session.commit()
    # The page changes as a whole (status, the capture line appears): reload it.
    if request.htmx:
        return make_response("", 200, refresh=True)
    return redirect(url_for("meeting.console", forum_id=forum.id), code=303)


@bp.post("/steps/<step>")
@login_required
def step(forum_id: int, step: str):
    forum = _forum(forum_id)
    if step not in OPENING_STEPS:
        abort(404)
    return run(forum, lambda: actions.complete_step(forum, step, request.form.get("done", "1") == "1"), "opening")


# --- attendance --------------------------------------------------------------------------------------

@bp.post("/attendance/<int:member_id>")
@login_required
def attendance(forum_id: int, member_id: int):
    forum = _forum(forum_id)
    member = db.session.get(Member, member_id)
    if member is None or member.cell_id != forum.cell_id:
        abort(404)
    status = request.form.get("status", "")
    reason = (request.form.get("reason") or "")[:200]
    return run(forum, lambda: actions.mark_attendance(forum, member, status, reason), *actions.ATTENDANCE_REGIONS)


@bp.post("/attendance/rest-present")
@login_required
def rest_present(forum_id: int):
    forum = _forum(forum_id)
    return run(forum, lambda: actions.mark_rest_present(forum), *actions.ATTENDANCE_REGIONS)


@bp.post("/guests/<int:guest_id>")
@login_required
def guest_presence(forum_id: int, guest_id: int):
    forum = _forum(forum_id)
    guest = _get(Guest, guest_id, forum)
    return run(forum, lambda: actions.set_guest_present(forum, guest, request.form.get("present") == "1"),
               "attendance", "speakers")


# --- agenda ------------------------------------------------------------------------------------------

@bp.post("/agenda/<int:item_id>/start")
@login_required
def start_item(forum_id: int, item_id: int):
    forum = _forum(forum_id)
    item = _get(AgendaItem, item_id, forum)
    return run(forum, lambda: actions.start_item(forum, item), "agenda")


@bp.post("/agenda/<direction>")
@login_required
def step_item(forum_id: int, direction: str):
    forum = _forum(forum_id)
    offset = {"next": 1, "back": -1}.get(direction)
    if offset is None:
        abort(404)
    return run(forum, lambda: actions.step_item(forum, offset), "agenda")


# --- speakers ----------------------------------------------------------------------------------------

def _person(forum, name: str, chosen: str = ""):
    """A typed name: the member of the cell or the guest it names — ``chosen`` ("m12", "g3") when picked from
    the console's list, else the one person the whole name fits with or without diacritics (names.py) —
    else just the name (someone not on the roll; the console flagged it before it was sent)."""
    from .names import resolve

    name = " ".join(name.split())[:120]
    members = db.session.scalars(sa.select(Member).where(Member.cell_id == forum.cell_id)).all()
    people = {f"m{m.id}": m for m in members} | {f"g{g.id}": g for g in forum.guests}
    key = chosen if chosen in people else resolve(name, [(k, _name_of(p)) for k, p in people.items()])
    person = people.get(key)
    member, guest = (person, None) if key and key.startswith("m") else (None, person)
    return member, guest, _name_of(person) if person else name


def _name_of(person) -> str:
    return getattr(person, "full_name", None) or person.name


@bp.post("/speakers")
@login_required
def add_speaker(forum_id: int):
    forum = _forum(forum_id)
    member, guest, name = _person(forum, request.form.get("name", ""), request.form.get("who", ""))
    return run(forum, lambda: actions.add_speaker(forum, member=member, guest=guest, name=name), "speakers")


@bp.post("/speakers/next")
@login_required
def next_speaker(forum_id: int):
    forum = _forum(forum_id)
    expected = request.form.get("expected", type=db_int)
    return run(forum, lambda: actions.start_next(forum, expected), "speakers")


@bp.post("/speakers/current/end")
@login_required
def end_current(forum_id: int):
    """End whoever is speaking (the keyboard's 'e')."""
    forum = _forum(forum_id)
    current = queries.current_speaker(queries.speakers(forum))
    return run(forum, lambda: actions.end_speech(forum, current) if current else _raise("not_speaking"),
               "speakers")


@bp.post("/speakers/current/pause")
@login_required
def pause_current(forum_id: int):
    forum = _forum(forum_id)
    current = queries.current_speaker(queries.speakers(forum))

    def toggle():
        if current is None:
            _raise("not_speaking")
        elif current.state == "paused":
            actions.resume_speech(forum, current)
        else:
            actions.pause_speech(forum, current)

    return run(forum, toggle, "speakers")


def _raise(code: str):
    raise actions.SessionError(code)


SPEAKER_VERBS = {
    "start": lambda f, s: actions.start_speech(f, s),
    "pause": actions.pause_speech,
    "resume": actions.resume_speech,
    "end": actions.end_speech,
    "readd": actions.readd_speaker,
    "withdraw": actions.withdraw_speaker,
    "up": lambda f, s: actions.move_speaker(f, s, -1),
    "down": lambda f, s: actions.move_speaker(f, s, 1),
}


@bp.post("/speakers/<int:speaker_id>/<verb>")
@login_required
def speaker_verb(forum_id: int, speaker_id: int, verb: str):
    forum = _forum(forum_id)
    speaker = _get(Speaker, speaker_id, forum)
    if verb == "note":
        note = (request.form.get("note") or "")[:5000]
        codes = [c for c in re.findall(r"[A-Za-z]{2}\d{1,2}", request.form.get("codes", "").upper())
                 if c in known_codes()]
        return run(forum, lambda: actions.note_speech(forum, speaker, note, codes), "speakers")
    if verb not in SPEAKER_VERBS:
        abort(404)
    return run(forum, lambda: SPEAKER_VERBS[verb](forum, speaker), "speakers")


@bp.post("/limit")
@login_required
def speaking_limit(forum_id: int):
    forum = _forum(forum_id)
    return run(forum, lambda: actions.set_speaking_limit(forum, 60 * _int("minutes", minimum=1, maximum=60)),
               "speakers")


# --- proposals ---------------------------------------------------------------------------------------

# Proposals checked for one merge or one show of hands: more than a forum's secretary ever ticks, and each
# costs a lookup; a body repeating ids is read once per id.
MAX_SELECTED = 200


def _selected() -> list[int]:
    """The checked proposals' ids, each once, in the order checked."""
    ids = list(dict.fromkeys(n for n in map(whole_number, request.form.getlist("selected")) if n is not None))
    if len(ids) > MAX_SELECTED:
        raise actions.SessionError("too_many")
    return ids


@bp.post("/proposals")
@login_required
def capture(forum_id: int):
    """One captured line. The browser sends an idempotency key and keeps the text until acknowledged."""
    forum = _forum(forum_id)
    key = (request.form.get("key") or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9-]{8,64}", key):
        return render_error(400, str(ERRORS["empty"]))
    line = (request.form.get("text") or "")[:4000]
    kind = request.form.get("kind", "khac")
    from .capture import split_author

    named, _rest = split_author(line)  # "@hoang van duc: …": said by someone other than the speaker
    author = _person(forum, named, request.form.get("who", ""))[:2] + (named,) if named else None
    try:
        proposal, _created = actions.capture_proposal(forum, key, line, kind, known_codes(), author=author)
    except actions.SessionError as error:
        return refuse(error)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("meeting.console", forum_id=forum.id), code=303)
    response = respond(forum, "proposals")
    # The acknowledgement the capture line waits for before it forgets the text.
    response.headers["HX-Trigger"] = '{"proposal-saved": {"key": "%s", "id": %d}}' % (key, proposal.id)
    return response


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(forum_id: int, proposal_id: int):
    forum = _forum(forum_id)
    proposal = _get(Proposal, proposal_id, forum)
    if request.method == "GET":
        return render_template("meeting/_proposal_edit.html", forum=forum, p=proposal, kinds=KIND_LABELS)
    line = (request.form.get("text") or "")[:4000]
    return run(forum, lambda: actions.edit_proposal(forum, proposal, line, request.form.get("kind", proposal.kind),
                                                    known_codes()), "proposals")


@bp.post("/proposals/<int:proposal_id>/delete")
@login_required
def delete_proposal(forum_id: int, proposal_id: int):
    forum = _forum(forum_id)
    proposal = _get(Proposal, proposal_id, forum)
    return run(forum, lambda: actions.delete_proposal(forum, proposal), "proposals")


@bp.post("/proposals/merge")
@login_required
def merge(forum_id: int):
    """Merge the checked duplicates into the first checked proposal."""
    forum = _forum(forum_id)
    try:
        ids = _selected()
    except actions.SessionError as error:
        return refuse(error)
    if len(ids) < 2:
        return refuse(actions.SessionError("bad_merge"))
    chosen = [_get(Proposal, i, forum) for i in sorted(ids)]
    return run(forum, lambda: actions.merge_proposals(forum, chosen[0], chosen[1:]), "proposals")


# --- tally -------------------------------------------------------------------------------------------

SUBJECT_MAX = 2000


def _joined_subject(chosen, numbered: bool = False) -> str:
    """The checked proposals' words as the subject (never their codes: the minutes state it), built no longer
    than it is kept. The chair's selection voted at the forum (no chi ủy) is a numbered list, one line per item,
    as the projector shows it."""
    from ..rules.decision import numbered as as_list

    parts, length = [], 0
    for p in chosen:
        if length >= SUBJECT_MAX:
            break
        parts.append(p.plain_text[:SUBJECT_MAX - length])
        length += len(parts[-1]) + 5
    return (as_list(parts) if numbered else "; ".join(parts))[:SUBJECT_MAX]


@bp.post("/tally")
@login_required
def open_tally(forum_id: int):
    forum = _forum(forum_id)
    subject_kind = request.form.get("subject_kind", "other")
    if subject_kind not in TALLY_SUBJECTS:
        abort(400)
    try:
        chosen = [_get(Proposal, i, forum) for i in _selected()]
    except actions.SessionError as error:
        return refuse(error)
    if subject_kind == "tasks":
        chosen.sort(key=lambda p: p.id)  # the chair's list is numbered in the order the proposals were made
    subject = (request.form.get("subject") or "").strip()[:SUBJECT_MAX]
    if not subject and chosen:
        subject = _joined_subject(chosen, numbered=subject_kind == "tasks")
    if not subject:
        return refuse(actions.SessionError("no_subject"))
    method = request.form.get("method", "count_all")
    return run(forum, lambda: actions.open_tally(forum, subject_kind, subject, [p.id for p in chosen], method),
               "tally")


@bp.post("/tally/<int:tally_id>/close")
@login_required
def close_tally(forum_id: int, tally_id: int):
    forum = _forum(forum_id)
    tally = _get(Tally, tally_id, forum)

    def close():
        votes_for = None if tally.method == "count_minority" else _int("votes_for")
        actions.close_tally(forum, tally, votes_for, _int("against", 0), _int("not_voting", 0),
                            confirm_gap=request.form.get("confirm_gap") == "y")

    # The conclusion lists what the cell adopted at the forum (cells without a chi ủy).
    return run(forum, close, "tally", "proposals", "conclusion")


@bp.post("/tally/<int:tally_id>/<verb>")
@login_required
def tally_verb(forum_id: int, tally_id: int, verb: str):
    forum = _forum(forum_id)
    tally = _get(Tally, tally_id, forum)
    if verb == "cancel":
        return run(forum, lambda: actions.cancel_tally(forum, tally), "tally")
    if verb == "correct":
        return run(forum, lambda: actions.correct_tally(forum, tally, (request.form.get("reason") or "")[:300]),
                   "tally")
    if verb == "reserve":
        member_id = request.form.get("member_id", type=db_int)
        member = db.session.get(Member, member_id) if member_id else None
        if member is None or member.cell_id != forum.cell_id:
            return refuse(actions.SessionError("not_member"))
        return run(forum, lambda: actions.reserve_opinion(forum, tally, member,
                                                          (request.form.get("text") or "")[:4000]), "tally")
    abort(404)


# --- conclusion --------------------------------------------------------------------------------------

@bp.post("/conclusion")
@login_required
def conclusion(forum_id: int):
    forum = _forum(forum_id)
    return run(forum, lambda: actions.save_conclusion(forum, (request.form.get("text") or "")[:20000]),
               "conclusion")


@bp.post("/conclude")
@login_required
def conclude(forum_id: int):
    """Close the session after the chair's conclusion (pressed by the chair or the secretary)."""
    forum = _forum(forum_id)
    try:
        actions.conclude(forum)
    except actions.SessionError as error:
        return refuse(error)
    db.session.commit()
    from ..followup.labels import who

    flash(str(who(forum.cell)["concluded"]), "success")
    target = url_for("planning.forum", forum_id=forum.id)
    if request.htmx:
        return make_response("", 200, redirect=target)
    return redirect(target, code=303)
