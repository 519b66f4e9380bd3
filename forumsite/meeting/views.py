"""The secretary's console and the chair's controls. Each POST: load and check rights → read the
input → one named action → commit (the screens hear of it after the commit) → the changed regions
(htmx, out of band) or a 303 back to the console (plain forms)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from htmx_flask import make_response

from ..catalogue.models import CatalogueItem
from ..clock import utcnow
from ..errors import respond_refusal
from ..extensions import db
from ..forms import validated
from ..live import hold
from ..members.models import Member
from ..planning import access
from ..planning.models import OVERLAY_MESSAGE_MAX, AgendaItem, Guest
from ..refusals import Refusal
from ..rules.planning import FOLLOWABLE
from ..rules.screens import pairing_open
from ..screen.responses import public_url, qr_data_uri, sse_response, still_allowed
from ..web import db_int
from . import actions, opening, queries, regions
from . import forms as f
from .labels import KIND_LABELS, OPENING_STEPS, TALLY_SUBJECTS
from .models import LIMITS, NAME_MAX, SUBJECT_MAX, Proposal, Speaker, Tally

bp = Blueprint("meeting", __name__, url_prefix="/forums/<int:forum_id>/console")

REGIONS = regions.REGIONS


def _forum(forum_id: int):
    """The forum, for its operators; a change holds it until the commit (see live.hold).

    Every POST of the console passes here: none changes the record of a forum that has ended."""
    forum = access.get_forum_or_404(forum_id, operate=True)
    if request.method == "POST":
        try:
            actions.require_open_record(forum)
        except Refusal as error:
            # A plain form goes back to the forum's page, which says the record is closed.
            error.back = url_for("planning.forum", forum_id=forum.id)
            raise
        hold(forum)
    return forum


@bp.errorhandler(Refusal)
def refused(error: Refusal):
    """The app's one answer to a refusal (rollback; the toast for htmx with 409 or 422), a plain form
    going back to the console unless the refusal names another page."""
    if error.back is None:
        error.back = url_for("meeting.console", forum_id=request.view_args["forum_id"])
    return respond_refusal(error)


def known_codes() -> frozenset[str]:
    return frozenset(db.session.scalars(sa.select(CatalogueItem.code)))


def respond(forum, *changed: str):
    """The changed regions, each swapped into place by id (out of band), from only what they show."""
    if not request.htmx:
        return redirect(url_for("meeting.console", forum_id=forum.id), code=303)
    names = REGIONS if "all" in changed else changed
    return make_response("".join(regions.render(forum, names, oob=True).values()), 200)


def _get(model, obj_id: int, forum):
    obj = db.session.get(model, obj_id)
    if obj is None or obj.forum_id != forum.id:
        abort(404)
    return obj


def run(forum, action, *regions: str):
    """Do ``action``, commit, answer with ``regions``; a refusal (Refusal) rolls back and says why."""
    action()
    db.session.commit()
    return respond(forum, *regions)


# --- the page ----------------------------------------------------------------------------------------

@bp.get("")
@login_required
def console(forum_id: int):
    """The console: agenda, speakers, the capture line, proposals, attendance, tally."""
    forum = _forum(forum_id)
    if forum.status not in FOLLOWABLE:
        abort(404)
    display_url = public_url(url_for("screen.projector", token=forum.display_token)) if forum.display_token else ""
    # The room set-up card: the projector's link as a QR code and a short code to type at /p.
    room = {"display_qr": qr_data_uri(display_url) if display_url else "",
            "pair_url": public_url(url_for("screen.pair_form")).split("://", 1)[-1],
            "short_follow": public_url(url_for("screen.short_follow", forum_id=forum.id)).split("://", 1)[-1],
            "pairing": forum.pairing_code if pairing_open(forum.pairing_code, forum.pairing_expires_at, utcnow())
            else None}
    return render_template("meeting/console.html", display_url=display_url, room=room, overlay_max=OVERLAY_MESSAGE_MAX,
                           follow_url=public_url(url_for("screen.follow", forum_id=forum.id)), **regions.context(forum))


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
        return regions.render(forum, names, oob=False)


@bp.get("/stream")
@login_required
def stream(forum_id: int):
    """Changes made elsewhere (a second operator, a member's request from a phone). The stream ends
    when its viewer logs out, is deactivated or is no longer an operator of the forum (checked at every
    heartbeat and before every change), or when the console page itself would no longer open."""
    from flask_login import current_user

    from ..live import viewer_id

    forum = _forum(forum_id)
    open_statuses = FOLLOWABLE  # those the console page opens in
    return sse_response(forum.id, lambda snap: snap.status in open_statuses, ConsoleRenderer(viewer_id()),
                        f"user:{current_user.id}", still_allowed(forum.id, access.can_operate))


@bp.get("/poll")
def poll(forum_id: int):
    """The console's fallback while its stream is refused or down: 204 while the forum is at version
    ?v=, else the version now (the console then fetches its regions afresh). Unchanged, the answer comes
    from memory (screen.views.from_memory), without the database."""

    from ..screen.views import from_memory, poll_caller

    caller = poll_caller("console", forum_id)
    answer = from_memory(caller)
    if answer is not None:
        return answer
    return _poll(forum_id, caller)


@login_required
def _poll(forum_id: int, caller):
    from flask import Response

    from ..screen.views import trust

    forum = _forum(forum_id)
    trust(caller, forum)
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
    return regions.render(forum, (name,), oob=False)[name]


@bp.post("/open")
@login_required
def open_forum(forum_id: int):
    """Open the forum: the chair declares it; the chair or the secretary at the console presses it."""
    forum = _forum(forum_id)
    found = opening.warnings(forum) if forum.status == "published" else []
    # The confirmation names the checks it answers: a different reason (the day turned) asks again.
    confirmed = validated(f.OpenForm()).confirmed()
    if not {w.code for w in found} <= confirmed:
        db.session.rollback()  # releases the hold: nothing changed
        template = "meeting/_open_check.html" if request.htmx else "meeting/open_check.html"
        return render_template(template, forum=forum, reasons=opening.explain(forum, found),
                               codes=" ".join(w.code for w in found)), 409
    actions.open_forum(forum, confirmed=tuple(w.code for w in found))
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
    form = validated(f.StepForm())
    return run(forum, lambda: actions.complete_step(forum, step, form.done.data), "opening")


# --- attendance --------------------------------------------------------------------------------------

@bp.post("/attendance/<int:member_id>")
@login_required
def attendance(forum_id: int, member_id: int):
    forum = _forum(forum_id)
    member = db.session.get(Member, member_id)
    if member is None or member.cell_id != forum.cell_id:
        abort(404)
    form = validated(f.AttendanceForm())
    return run(forum, lambda: actions.mark_attendance(forum, member, form.status.data, form.reason.data),
               *actions.ATTENDANCE_REGIONS)


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
    form = validated(f.GuestPresenceForm())
    return run(forum, lambda: actions.set_guest_present(forum, guest, form.present.data), "attendance", "speakers")


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

    # A name read out of a captured line ("@…:") is kept no longer than a name is (a typed one is validated).
    name = " ".join(name.split())[:NAME_MAX]
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
    form = validated(f.SpeakerForm())
    member, guest, name = _person(forum, form.name.data, form.who.data)
    return run(forum, lambda: actions.add_speaker(forum, member=member, guest=guest, name=name), "speakers")


@bp.post("/speakers/next")
@login_required
def next_speaker(forum_id: int):
    forum = _forum(forum_id)
    expected = validated(f.NextSpeakerForm()).expected.data
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
    raise Refusal(code)


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
        form = validated(f.NoteForm())
        known = known_codes()
        codes = [c for c in form.typed_codes() if c in known]
        return run(forum, lambda: actions.note_speech(forum, speaker, form.note.data, codes), "speakers")
    if verb not in SPEAKER_VERBS:
        abort(404)
    return run(forum, lambda: SPEAKER_VERBS[verb](forum, speaker), "speakers")


@bp.post("/limit")
@login_required
def speaking_limit(forum_id: int):
    forum = _forum(forum_id)
    minutes = validated(f.LimitForm()).minutes.data
    return run(forum, lambda: actions.set_speaking_limit(forum, 60 * minutes), "speakers")


# --- proposals ---------------------------------------------------------------------------------------

@bp.post("/proposals")
@login_required
def capture(forum_id: int):
    """One captured line. The browser sends an idempotency key and keeps the text until acknowledged."""
    forum = _forum(forum_id)
    form = validated(f.CaptureForm())
    key = form.key.data
    from .capture import split_author

    named, _rest = split_author(form.text.data)  # "@hoang van duc: …": said by someone other than the speaker
    author = _person(forum, named, form.who.data)[:2] + (named,) if named else None
    proposal, _created = actions.capture_proposal(forum, key, form.text.data, form.kind.data, known_codes(),
                                                  author=author)
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
        return render_template("meeting/_proposal_edit.html", forum=forum, p=proposal, kinds=KIND_LABELS,
                               limits=LIMITS)
    form = validated(f.ProposalForm(kind=proposal.kind))
    return run(forum, lambda: actions.edit_proposal(forum, proposal, form.text.data, form.kind.data, known_codes()),
               "proposals")


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
    ids = validated(f.SelectionForm()).selected.data
    if len(ids) < 2:
        raise Refusal("bad_merge")
    chosen = [_get(Proposal, i, forum) for i in sorted(ids)]
    return run(forum, lambda: actions.merge_proposals(forum, chosen[0], chosen[1:]), "proposals")


# --- tally -------------------------------------------------------------------------------------------

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
    form = validated(f.TallyForm())
    subject_kind = form.subject_kind.data
    if subject_kind not in TALLY_SUBJECTS:
        abort(400)
    chosen = [_get(Proposal, i, forum) for i in form.selected.data]
    if subject_kind == "tasks":
        chosen.sort(key=lambda p: p.id)  # the chair's list is numbered in the order the proposals were made
    subject = form.subject.data
    if not subject and chosen:
        subject = _joined_subject(chosen, numbered=subject_kind == "tasks")
    if not subject:
        raise Refusal("no_subject")
    return run(forum, lambda: actions.open_tally(forum, subject_kind, subject, [p.id for p in chosen],
                                                 form.method.data), "tally")


@bp.post("/tally/<int:tally_id>/close")
@login_required
def close_tally(forum_id: int, tally_id: int):
    forum = _forum(forum_id)
    tally = _get(Tally, tally_id, forum)

    form = f.CountForm()
    if tally.method == "count_minority":
        del form.votes_for  # the majority is not counted: it is what is left
    validated(form)
    votes_for = form.votes_for.data if "votes_for" in form else None
    # The conclusion lists what the cell adopted at the forum (cells without a chi ủy).
    return run(forum, lambda: actions.close_tally(forum, tally, votes_for, form.against.data, form.not_voting.data,
                                                  confirm_gap=form.confirm_gap.data),
               "tally", "proposals", "conclusion")


@bp.post("/tally/<int:tally_id>/<verb>")
@login_required
def tally_verb(forum_id: int, tally_id: int, verb: str):
    forum = _forum(forum_id)
    tally = _get(Tally, tally_id, forum)
    if verb == "cancel":
        return run(forum, lambda: actions.cancel_tally(forum, tally), "tally")
    if verb == "correct":
        reason = validated(f.CorrectionForm()).reason.data
        return run(forum, lambda: actions.correct_tally(forum, tally, reason), "tally")
    if verb == "reserve":
        form = validated(f.ReservationForm())
        member = db.session.get(Member, form.member_id.data) if form.member_id.data else None
        if member is None or member.cell_id != forum.cell_id:
            raise Refusal("not_member")
        return run(forum, lambda: actions.reserve_opinion(forum, tally, member, form.text.data), "tally")
    abort(404)


# --- conclusion --------------------------------------------------------------------------------------

@bp.post("/conclusion")
@login_required
def conclusion(forum_id: int):
    forum = _forum(forum_id)
    text = validated(f.ConclusionForm()).text.data
    return run(forum, lambda: actions.save_conclusion(forum, text), "conclusion")


@bp.post("/conclude")
@login_required
def conclude(forum_id: int):
    """Close the session after the chair's conclusion (pressed by the chair or the secretary)."""
    forum = _forum(forum_id)
    actions.conclude(forum)
    db.session.commit()
    from ..followup.labels import who

    flash(str(who(forum.cell)["concluded"]), "success")
    target = url_for("planning.forum", forum_id=forum.id)
    if request.htmx:
        return make_response("", 200, redirect=target)
    return redirect(target, code=303)
